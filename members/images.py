"""Validate uploaded images and re-encode them without metadata (EXIF, GPS, comments).

Reusable by every app: `clean_image(file)` returns a fresh ContentFile; `CleanImageField` is a form
field that runs it.
"""

import io
import os
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Images with more pixels than this are treated as decompression bombs, whatever their byte size.
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def clean_image(uploaded_file, *, max_bytes=None, max_side=1024):
    """Return a re-encoded, metadata-free copy of `uploaded_file`, or raise ValidationError."""
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
                if probe.format not in ALLOWED_FORMATS:
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
    has_alpha = image.mode in ("RGBA", "LA", "P") and (
        image.mode != "P" or "transparency" in image.info
    )
    output = io.BytesIO()
    stem = os.path.splitext(os.path.basename(getattr(uploaded_file, "name", "") or "image"))[0]
    if has_alpha:
        # A fresh image carries pixels only: no EXIF, no text chunks.
        clean = Image.new("RGBA", image.size)
        clean.paste(image.convert("RGBA"))
        clean.save(output, format="PNG", optimize=True)
        name = f"{stem or 'image'}.png"
    else:
        clean = Image.new("RGB", image.size)
        clean.paste(image.convert("RGB"))
        clean.save(output, format="JPEG", quality=85, optimize=True)
        name = f"{stem or 'image'}.jpg"
    return ContentFile(output.getvalue(), name=name)


class CleanImageField(forms.FileField):
    """A file field whose cleaned value is the re-encoded image (a ContentFile)."""

    def __init__(self, *args, max_side=1024, **kwargs):
        self.max_side = max_side
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial and hasattr(value, "read") and value is data:
            return clean_image(value, max_side=self.max_side)
        return value
