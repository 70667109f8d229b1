"""Uploads: only real images under the size limit, re-encoded, GPS stripped, safe content types."""

import functools
import io
import mimetypes
import struct
import zlib

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from campaigns.admin import CampaignAdminForm, FellowAdminForm
from campaigns.forms import FellowBioForm, StoryForm
from events.forms import EventForm
from organizations.forms import OrganizationForm, VentureForm
from tests.factories.organizations import MembershipFactory


def _form_cleaner(form_class, field):
    """The form's clean_<field>() on an upload: how each app reaches core.images."""

    def clean(upload):
        form = form_class()
        form.cleaned_data = {field: upload}
        return getattr(form, f"clean_{field}")()

    return clean


# Every form that takes an image upload, with the longest side it keeps.
UPLOADS = [
    (OrganizationForm, "logo", 1024),
]
CLEANERS = pytest.mark.parametrize(
    "clean_image",
    [_form_cleaner(form_class, field) for form_class, field, _side in UPLOADS],
    ids=[f"{form_class.__name__}.{field}" for form_class, field, _side in UPLOADS],
)

# Every cover picture (core.images.CoverImageField): its form field checks and re-encodes it as WebP.
COVERS = [
    (StoryForm, "image"),
    (CampaignAdminForm, "hero_image"),
    (EventForm, "cover"),
    (VentureForm, "cover"),
    (FellowBioForm, "photo"),
    (FellowAdminForm, "photo"),
]
COVER_CLEANERS = pytest.mark.parametrize(
    "clean_cover",
    [form_class.base_fields[field].clean for form_class, field in COVERS],
    ids=[f"{form_class.__name__}.{field}" for form_class, field in COVERS],
)

POLYGLOT = b"\xff\xd8\xff\xe0<html><body><script>alert(document.cookie)</script></body></html>"


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "blue")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (4.0, 36.0, 0.0), 3: "W", 4: (74.0, 4.0, 0.0)}  # Bogotá
    exif[0x8825] = gps
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def _png_claiming_huge_dimensions() -> bytes:
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 100))
        + chunk(b"IEND", b"")
    )


@functools.cache
def _wide_image(source_format: str) -> bytes:
    """A 3000x1500 image, encoded once per format: encoding takes longer than cleaning it."""
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 1500), "green").save(buffer, source_format)
    return buffer.getvalue()


@CLEANERS
def test_html_polyglot_renamed_jpg_is_refused(clean_image):
    upload = SimpleUploadedFile("photo.jpg", POLYGLOT, content_type="image/jpeg")
    with pytest.raises(ValidationError):
        clean_image(upload)


@CLEANERS
def test_file_over_the_size_limit_is_refused(clean_image):
    with override_settings(MAX_IMAGE_UPLOAD_BYTES=1024):
        upload = SimpleUploadedFile("big.jpg", _jpeg_with_gps() + b"\x00" * 2048)
        with pytest.raises(ValidationError):
            clean_image(upload)


@CLEANERS
def test_decompression_bomb_is_refused(clean_image):
    upload = SimpleUploadedFile("bomb.png", _png_claiming_huge_dimensions())
    with pytest.raises(ValidationError):
        clean_image(upload)


@CLEANERS
def test_jpeg_is_reencoded_without_gps_or_exif(clean_image):
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the fixture has GPS
    cleaned = clean_image(SimpleUploadedFile("trip.jpg", original))
    data = cleaned.read()
    assert data != original
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert not image.getexif().get_ifd(0x8825)
    assert 0x010F not in image.getexif()
    # The stored name's extension matches the real format, so it is served as an image.
    assert mimetypes.guess_type(cleaned.name)[0] == "image/jpeg"
    assert cleaned.content_type == "image/jpeg"


@CLEANERS
def test_html_named_as_image_never_gets_an_html_name(clean_image):
    upload = SimpleUploadedFile("page.html", POLYGLOT)
    with pytest.raises(ValidationError):
        clean_image(upload)
    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, "PNG")
    cleaned = clean_image(SimpleUploadedFile("page.html", png.getvalue()))
    assert mimetypes.guess_type(cleaned.name)[0] == "image/png"


@pytest.mark.parametrize(
    ("clean_image", "max_side"),
    [(_form_cleaner(form_class, field), side) for form_class, field, side in UPLOADS],
    ids=[f"{form_class.__name__}.{field}" for form_class, field, _side in UPLOADS],
)
def test_each_upload_keeps_its_size_and_format(clean_image, max_side):
    for source_format, expected in [("PNG", "PNG"), ("WEBP", "WEBP"), ("GIF", "PNG")]:
        cleaned = clean_image(
            SimpleUploadedFile(f"wide.{source_format.lower()}", _wide_image(source_format))
        )
        image = Image.open(io.BytesIO(cleaned.read()))
        assert (image.format, max(image.size)) == (expected, max_side)
        assert mimetypes.guess_type(cleaned.name)[0] == f"image/{expected.lower()}"


def test_stored_file_and_cleared_field_pass_through_untouched():
    clean_logo = _form_cleaner(OrganizationForm, "logo")
    assert clean_logo(None) is None
    assert clean_logo(False) is False  # "clear" ticked


@COVER_CLEANERS
def test_covers_refuse_what_is_no_image_too_large_or_a_bomb(clean_cover):
    for upload in [
        SimpleUploadedFile("photo.jpg", POLYGLOT, content_type="image/jpeg"),
        SimpleUploadedFile("page.html", POLYGLOT),
        SimpleUploadedFile("bomb.png", _png_claiming_huge_dimensions()),
    ]:
        with pytest.raises(ValidationError):
            clean_cover(upload)
    with override_settings(MAX_IMAGE_UPLOAD_BYTES=1024), pytest.raises(ValidationError):
        clean_cover(SimpleUploadedFile("big.png", _wide_image("PNG")))


@COVER_CLEANERS
def test_covers_are_reencoded_as_webp_without_gps_or_exif(clean_cover):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (4.0, 36.0, 0.0), 3: "W", 4: (74.0, 4.0, 0.0)}
    Image.new("RGB", (3000, 1500), "blue").save(buffer, "JPEG", exif=exif)
    cleaned = clean_cover(SimpleUploadedFile("page.html", buffer.getvalue()))
    image = Image.open(io.BytesIO(cleaned.read()))
    assert image.format == "WEBP" and image.size == (1440, 720)
    assert not image.getexif().get_ifd(0x8825) and 0x010F not in image.getexif()
    assert mimetypes.guess_type(cleaned.name)[0] == "image/webp"
    assert cleaned.content_type == "image/webp"


# The site's own forms with a picture (the admin keeps its own widget for these fields).
PICTURE_FIELDS = [
    (OrganizationForm, "logo"),
    (StoryForm, "image"),
    (EventForm, "cover"),
    (VentureForm, "cover"),
    (FellowBioForm, "photo"),
]


@pytest.mark.parametrize(
    ("form_class", "field"),
    PICTURE_FIELDS,
    ids=[f"{form_class.__name__}.{field}" for form_class, field in PICTURE_FIELDS],
)
def test_an_edit_form_shows_the_current_picture_not_its_storage_path(form_class, field):
    """Django's widget printed "Currently: logos/2026/12/x.webp"; a person recognises the picture."""
    model_field = form_class._meta.model._meta.get_field(field)
    name = f"{field}s/2026/12/picture.webp"
    stored = model_field.attr_class(None, model_field, name)
    html = form_class.base_fields[field].widget.render(field, stored)
    assert f'<img src="{settings.MEDIA_URL}{name}" alt="The current picture"' in html
    assert f'name="{field}-clear"' in html and "Remove picture" in html
    assert 'type="file"' in html
    assert "Currently" not in html and f">{name}<" not in html


@pytest.mark.django_db
def test_the_organization_edit_page_shows_its_logo(client):
    membership = MembershipFactory(role="admin", organization__logo="logos/2026/12/semilla.png")
    client.force_login(membership.user)
    page = client.get(reverse("organizations:edit", args=[membership.organization.slug])).text
    assert (
        f'<img src="{settings.MEDIA_URL}logos/2026/12/semilla.png" alt="The current picture"'
        in page
    )
    assert 'name="logo-clear"' in page and "Currently:" not in page
