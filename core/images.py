"""Validate uploaded images and re-encode them without metadata (EXIF, GPS, comments).

Reusable by every app: `clean_image(file)` returns a fresh in-memory upload; `clean_upload(value)`
runs it from a ModelForm's `clean_<field>()` on new uploads only; `CleanImageField` is a form field
that runs it.
"""

import io
import os
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.widgets import CurrentImageInput

# Images with more pixels than this are treated as decompression bombs, whatever their byte size.
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85},
}


def _open_checked(uploaded_file, *, max_bytes=None):
    """(the decoded, upright image, its file format) of an upload, or ValidationError (size, type,
    pixels, damage). exif_transpose returns a copy without `format`, hence the pair."""
    max_bytes = settings.MAX_IMAGE_UPLOAD_BYTES if max_bytes is None else max_bytes
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The image is too large (at most %(mb)s MB)."),
            code="too_large",
            params={"mb": round(max_bytes / 1024 / 1024, 1)},
        )
    uploaded_file.seek(0)
    data = uploaded_file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(_("The image is too large."), code="too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                source_format = probe.format
                if source_format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        _("Upload a JPEG, PNG, GIF or WebP image."), code="format"
                    )
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(_("The image has too many pixels."), code="bomb")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                return ImageOps.exif_transpose(image), source_format
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The image has too many pixels."), code="bomb") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("This file is not a valid image."), code="invalid") from None


def clean_image(uploaded_file, *, max_bytes=None, max_side=1024, keep_format=False):
    """Return a re-encoded, metadata-free copy of `uploaded_file`, or raise ValidationError.

    The copy is at most `max_side` pixels a side. By default it is a JPEG, or a PNG where the image
    has transparency; with `keep_format` a JPEG, PNG or WebP stays what it is (a GIF becomes a PNG).
    """
    image, source_format = _open_checked(uploaded_file, max_bytes=max_bytes)
    image.thumbnail((max_side, max_side))
    if keep_format:
        output_format = "PNG" if source_format == "GIF" else source_format
        if output_format == "JPEG":
            mode = "L" if image.mode == "L" else "RGB"
        else:
            mode = image.mode if image.mode in ("RGB", "RGBA", "L") else "RGBA"
    else:
        has_alpha = image.mode in ("RGBA", "LA", "P") and (
            image.mode != "P" or "transparency" in image.info
        )
        output_format, mode = ("PNG", "RGBA") if has_alpha else ("JPEG", "RGB")
    # A fresh image carries pixels only: no EXIF, no text chunks, nothing appended to the file.
    clean = Image.new(mode, image.size)
    clean.paste(image.convert(mode))
    output = io.BytesIO()
    clean.save(output, format=output_format, **SAVE_OPTIONS[output_format])
    stem = os.path.splitext(os.path.basename(getattr(uploaded_file, "name", "") or "image"))[0]
    return SimpleUploadedFile(
        f"{stem[:60] or 'image'}.{EXTENSIONS[output_format]}",
        output.getvalue(),
        content_type=f"image/{output_format.lower()}",
    )


def clean_upload(value, **options):
    """`clean_image(value, **options)` for a new upload; the stored file, None or False pass.

    For a ModelForm's `clean_<field>()` over a model ImageField: False means "clear" was ticked.
    """
    if value and hasattr(value, "content_type"):  # a new upload, not the stored file
        return clean_image(value, **options)
    return value


class CleanImageField(forms.FileField):
    """A file field whose cleaned value is the re-encoded image (an in-memory upload)."""

    def __init__(self, *args, max_side=1024, **kwargs):
        self.max_side = max_side
        kwargs.setdefault("widget", CurrentImageInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial and hasattr(value, "read") and value is data:
            return clean_image(value, max_side=self.max_side)
        return value


# --- Cover images (campaigns, events, ventures, stories) and fellows' photos ----------------------
# A cover is stored once as WebP at most COVER_WIDTHS[-1] pixels wide, and beside it one smaller copy
# per narrower width ("name-480w.webp"), so pages serve it with srcset. A field may have widths of
# its own (PHOTO_WIDTHS: a fellow's photo is shown as a face of 40 to 200 px). The width and height are kept
# on the row (`<field>_width`, `<field>_height`) for the img's width/height attributes: no page opens
# a file to learn them.

COVER_WIDTHS = (480, 960, 1440)
PHOTO_WIDTHS = (96, 200, 480)
COVER_MIN_WIDTH = 320
COVER_MIN_HEIGHT = 160
COVER_MAX_HEIGHT = 1440
COVER_QUALITY = 82


def _webp(image, *, width=None) -> bytes:
    """Pixels only (no EXIF, ICC or comments) as WebP, scaled down to `width` if given."""
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    clean = Image.new(mode, image.size)
    clean.paste(image.convert(mode))
    if width and clean.width > width:
        clean = clean.resize((width, round(clean.height * width / clean.width)), Image.LANCZOS)
    output = io.BytesIO()
    clean.save(output, format="WEBP", quality=COVER_QUALITY, method=2)
    return output.getvalue()


def clean_cover(uploaded_file, *, max_bytes=None):
    """A new cover checked (type, bytes, pixels, at least 320 × 160) and re-encoded as a
    metadata-free WebP of at most 1440 × 1440; ValidationError otherwise."""
    image, _format = _open_checked(uploaded_file, max_bytes=max_bytes)
    if image.width < COVER_MIN_WIDTH or image.height < COVER_MIN_HEIGHT:
        raise ValidationError(
            _("The picture is too small: at least %(width)s × %(height)s pixels."),
            code="too_small",
            params={"width": COVER_MIN_WIDTH, "height": COVER_MIN_HEIGHT},
        )
    image.thumbnail((COVER_WIDTHS[-1], COVER_MAX_HEIGHT), Image.LANCZOS)
    stem = os.path.splitext(os.path.basename(getattr(uploaded_file, "name", "") or "cover"))[0]
    return SimpleUploadedFile(
        f"{stem[:60] or 'cover'}.webp", _webp(image), content_type="image/webp"
    )


def cover_field_name(obj) -> str:
    """Which field holds `obj`'s cover: its model's COVER_FIELD, "cover" by default."""
    return getattr(obj, "COVER_FIELD", "cover")


def rendition_name(name: str, width: int) -> str:
    """Where the `width`-pixel copy of the stored cover `name` lives."""
    stem, _dot, _ext = name.rpartition(".")
    return f"{stem or name}-{width}w.webp"


def rendition_widths(width, widths=COVER_WIDTHS) -> list[int]:
    """The narrower copies a cover `width` pixels wide has (its own width is the stored file)."""
    return [w for w in widths if width and w < width]


def cover_file_names(name: str, width, widths=COVER_WIDTHS) -> list[str]:
    """Every stored file of a cover: the file and its narrower copies."""
    if not name:
        return []
    return [name, *(rendition_name(name, w) for w in rendition_widths(width, widths))]


def srcset_candidates(picture, width, widths=COVER_WIDTHS) -> list[tuple[str, int]]:
    """(url, width) of every stored copy of a cover `width` pixels wide, narrowest first."""
    storage = picture.storage
    candidates = [
        (storage.url(rendition_name(picture.name, w)), w) for w in rendition_widths(width, widths)
    ]
    candidates.append((picture.url, width))
    return candidates


def cover_renditions(content, widths=COVER_WIDTHS):
    """(WebP bytes, width, height, {narrower width: WebP bytes}) of a cover's file."""
    content.seek(0)
    image, _format = _open_checked(
        content, max_bytes=max(settings.MAX_IMAGE_UPLOAD_BYTES, 50 << 20)
    )
    image.thumbnail((widths[-1], COVER_MAX_HEIGHT), Image.LANCZOS)
    narrower = {w: _webp(image, width=w) for w in rendition_widths(image.width, widths)}
    return _webp(image), image.width, image.height, narrower


class CoverFieldFile(models.fields.files.ImageFieldFile):
    def save(self, name, content, save=True, *, renditions=None):
        """Store the cover as WebP and its narrower copies; note its size on the row.
        `renditions` (cover_renditions' answer) spares encoding the same picture again."""
        main, width, height, narrower = renditions or cover_renditions(content, self.field.widths)
        stem = os.path.splitext(os.path.basename(name or "cover"))[0][:60] or "cover"
        super().save(f"{stem}.webp", ContentFile(main), save=False)
        for narrow_width, data in narrower.items():
            self.storage.save(rendition_name(self.name, narrow_width), ContentFile(data))
        setattr(self.instance, f"{self.field.name}_width", width)
        setattr(self.instance, f"{self.field.name}_height", height)
        if save:
            self.instance.save()

    save.alters_data = True

    def delete(self, save=True):
        if self:
            width = getattr(self.instance, f"{self.field.name}_width", None)
            for extra in cover_file_names(self.name, width, self.field.widths)[1:]:
                self.storage.delete(extra)
            setattr(self.instance, f"{self.field.name}_width", None)
            setattr(self.instance, f"{self.field.name}_height", None)
        super().delete(save=save)

    delete.alters_data = True


class CoverFormField(forms.ImageField):
    """The form side of a cover: a new upload is checked and re-encoded (clean_cover)."""

    default_validators = []

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            CurrentImageInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        )
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        # forms.ImageField would decode the file once more; clean_cover checks and decodes it.
        value = forms.FileField.to_python(self, data)
        if value is None:
            return None
        return clean_cover(value)


def assign_cover(instance, field_name, value):
    """Give `instance` a new cover (an upload), none ("" or False), or keep it (None, or the
    stored file). The earlier files leave storage once the row is saved and that commits (they
    would still be served otherwise)."""
    if value is None:
        return
    current = getattr(instance, field_name)
    if value is False:
        value = ""
    if isinstance(value, models.fields.files.FieldFile) and value.name == current.name:
        return
    if current and current.name:
        previous = instance.__dict__.setdefault("_previous_covers", {})
        widths = instance._meta.get_field(field_name).widths
        previous.setdefault(
            field_name,
            cover_file_names(current.name, getattr(instance, f"{field_name}_width"), widths),
        )
    setattr(instance, field_name, value)
    if not value:
        setattr(instance, f"{field_name}_width", None)
        setattr(instance, f"{field_name}_height", None)


class CoverImageField(models.ImageField):
    """An optional cover: stored with its narrower copies (CoverFieldFile); the model has
    `<name>_width` and `<name>_height` fields beside it (nullable integers). Forms (the admin's
    too) check and re-encode a new upload (CoverFormField); a replaced or removed cover's files
    are deleted once the change commits (assign_cover). `widths`: of the stored copies, the
    widest being the stored file's largest size."""

    attr_class = CoverFieldFile

    def __init__(self, *args, widths=COVER_WIDTHS, **kwargs):
        self.widths = tuple(widths)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.widths != COVER_WIDTHS:
            kwargs["widths"] = self.widths
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CoverFormField, **kwargs})

    def save_form_data(self, instance, data):
        assign_cover(instance, self.name, data)

    def pre_save(self, model_instance, add):
        file = super().pre_save(model_instance, add)
        earlier = model_instance.__dict__.get("_previous_covers", {}).pop(self.name, None)
        if earlier and earlier[0] != file.name:
            storage = file.storage

            def delete_earlier():
                for name in earlier:
                    storage.delete(name)

            transaction.on_commit(delete_earlier)
        return file
