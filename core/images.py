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
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Images with more pixels than this are treated as decompression bombs, whatever their byte size.
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85},
}


def clean_image(uploaded_file, *, max_bytes=None, max_side=1024, keep_format=False):
    """Return a re-encoded, metadata-free copy of `uploaded_file`, or raise ValidationError.

    The copy is at most `max_side` pixels a side. By default it is a JPEG, or a PNG where the image
    has transparency; with `keep_format` a JPEG, PNG or WebP stays what it is (a GIF becomes a PNG).
    """
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
                image = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The image has too many pixels."), code="bomb") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("This file is not a valid image."), code="invalid") from None

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
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial and hasattr(value, "read") and value is data:
            return clean_image(value, max_side=self.max_side)
        return value
