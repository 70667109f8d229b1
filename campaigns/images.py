"""Uploaded images: check they are real images under the size limit, re-encode, drop metadata.

members.images does not exist on this branch yet; when it lands, this module can defer to it.
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png"}
MAX_DIMENSION = 2400


def clean_image(upload):
    """Return a new in-memory file holding the re-encoded image, or raise ValidationError."""
    if upload is None or not hasattr(upload, "read"):
        return upload
    if upload.size > settings.MAX_IMAGE_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is too large (at most %(megabytes)s MB)."),
            params={"megabytes": settings.MAX_IMAGE_UPLOAD_BYTES // (1024 * 1024)},
        )
    try:
        upload.seek(0)
        image = Image.open(upload)
        image.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("Upload a valid image (JPEG, PNG or WebP).")) from error
    source_format = image.format
    if source_format not in ALLOWED_FORMATS:
        raise ValidationError(_("Upload a valid image (JPEG, PNG or WebP)."))
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_DIMENSION, MAX_DIMENSION))
    extension = ALLOWED_FORMATS[source_format]
    output_format = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}[extension]
    if output_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # A fresh image built from pixel data only: EXIF, GPS and comments are not carried over.
    if image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert("RGBA" if output_format != "JPEG" else "RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    buffer = io.BytesIO()
    clean.save(buffer, format=output_format, quality=85)
    size = buffer.tell()
    buffer.seek(0)
    stem = (getattr(upload, "name", "image") or "image").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return InMemoryUploadedFile(
        buffer, "image", f"{stem[:60]}.{extension}", f"image/{extension}", size, None
    )
