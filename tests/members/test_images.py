import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import clean_image

GPS_IFD = 0x8825


def jpeg_with_gps(size=(64, 48)):
    image = Image.new("RGB", size, "orange")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (4.0, 36.0, 0.0), 3: "W", 4: (74.0, 4.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_clean_image_strips_gps_exif():
    raw = jpeg_with_gps()
    with Image.open(io.BytesIO(raw)) as before:
        assert GPS_IFD in before.getexif()
    cleaned = clean_image(SimpleUploadedFile("holiday.jpg", raw, content_type="image/jpeg"))
    with Image.open(io.BytesIO(cleaned.read())) as after:
        assert after.format == "JPEG"
        assert len(after.getexif()) == 0
        assert after.size == (64, 48)
    assert cleaned.name == "holiday.jpg"


def test_clean_image_downscales_large_images():
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 1500), "blue").save(buffer, format="PNG")
    cleaned = clean_image(SimpleUploadedFile("big.png", buffer.getvalue()), max_side=1024)
    with Image.open(io.BytesIO(cleaned.read())) as after:
        assert max(after.size) == 1024


def test_clean_image_rejects_non_images():
    with pytest.raises(ValidationError) as error:
        clean_image(SimpleUploadedFile("cv.jpg", b"%PDF-1.4 not an image"))
    assert error.value.code == "invalid"


def test_clean_image_rejects_oversized_files():
    with pytest.raises(ValidationError) as error:
        clean_image(SimpleUploadedFile("big.jpg", jpeg_with_gps()), max_bytes=100)
    assert error.value.code == "too_large"


def test_clean_image_rejects_decompression_bombs():
    buffer = io.BytesIO()
    Image.new("1", (10000, 10000)).save(buffer, format="PNG")
    with pytest.raises(ValidationError) as error:
        clean_image(SimpleUploadedFile("bomb.png", buffer.getvalue()))
    assert error.value.code == "bomb"
