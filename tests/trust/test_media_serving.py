"""Uploads on local disk are served (DEBUG or not) with safe headers: images inline, anything
else as a download, nothing outside MEDIA_ROOT."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "avatars").mkdir()
    (tmp_path / "avatars" / "ana.png").write_bytes(PNG)
    (tmp_path / "avatars" / "page.html").write_text("<script>alert(1)</script>")
    (tmp_path / "avatars" / "drawing.svg").write_text("<svg onload='alert(1)'/>")
    return tmp_path


def test_media_is_routed_without_debug(settings):
    assert not settings.DEBUG
    assert reverse("media", args=["avatars/ana.png"]) == "/media/avatars/ana.png"


def test_an_image_is_served_inline_with_safe_headers(client, media_root):
    response = client.get("/media/avatars/ana.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["page.html", "drawing.svg"])
def test_anything_else_is_a_download(client, media_root, name):
    response = client.get(f"/media/avatars/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    ["/media/../diaspora/settings.py", "/media/%2e%2e/x", "/media/avatars/", "/media/nope.png"],
)
def test_nothing_outside_media_root_nor_missing_files(client, media_root, path):
    assert client.get(path).status_code == 404


def test_only_reading(client, media_root):
    assert client.post("/media/avatars/ana.png").status_code == 405
