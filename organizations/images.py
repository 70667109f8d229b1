"""Uploaded images made safe: real images only, size-capped, re-encoded with Pillow, metadata gone.

members/images.py (the shared helper) is not on this branch yet; this has the same behaviour so
the lead can swap the import for `members.images.clean_image` when both land.
"""

import io
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 4096 * 4096
MAX_SIDE = 1024
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}


def clean_image(uploaded, *, max_side=MAX_SIDE):
    """Return a new in-memory upload holding only the re-encoded pixels of `uploaded`.

    Raises ValidationError for files too large, files that are not images, and formats we do not
    keep. Re-encoding drops EXIF (GPS positions, camera serials) and anything appended to the file.
    """
    if uploaded.size > settings.MAX_IMAGE_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is too large: the limit is %(size)s MB.")
            % {"size": settings.MAX_IMAGE_UPLOAD_BYTES // (1024 * 1024)}
        )
    try:
        uploaded.seek(0)
        probe = Image.open(uploaded)
        probe.verify()
        uploaded.seek(0)
        image = Image.open(uploaded)
        source_format = image.format
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(_("The image has too many pixels."))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(_("Upload a valid image (JPEG, PNG or WebP).")) from error
    if source_format not in FORMATS:
        raise ValidationError(_("Upload a valid image (JPEG, PNG or WebP)."))
    image = ImageOps.exif_transpose(image)
    image.thumbnail((max_side, max_side))
    if source_format == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    # A fresh image with only the pixels: no EXIF, XMP, ICC comments or trailing data survive.
    clean = Image.new(image.mode, image.size)
    clean.putdata(list(image.getdata())) if image.mode == "P" else clean.paste(image)
    if image.mode == "P" and image.getpalette():
        clean.putpalette(image.getpalette())
    buffer = io.BytesIO()
    extension, content_type = FORMATS[source_format]
    clean.save(buffer, format=source_format, **({"quality": 85} if extension == "jpg" else {}))
    stem = os.path.splitext(os.path.basename(uploaded.name or "image"))[0][:50] or "image"
    return SimpleUploadedFile(f"{stem}.{extension}", buffer.getvalue(), content_type=content_type)
