"""The site's shell: icons and manifest, the header's menu, table regions, the map's key as HTML,
compressed text responses (issue #15)."""

import gzip
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.templatetags.static import static

from tests.factories.members import ProfileFactory, UserFactory

STATIC = Path(settings.BASE_DIR) / "static"


@pytest.mark.django_db
def test_favicon_ico_answers_with_the_png_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("img/favicon-32.png")
    assert (STATIC / "img" / "favicon-32.png").is_file()


@pytest.mark.django_db
def test_pages_link_icons_and_a_manifest_with_the_brand_colour(client):
    html = client.get("/").content.decode()
    for name in ("img/favicon.svg", "img/favicon-32.png", "img/apple-touch-icon.png"):
        assert f'href="{static(name)}"' in html
        assert (STATIC / name).is_file()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = json.loads(manifest.content)
    assert data["name"] == settings.SITE_NAME
    assert data["theme_color"] == "#0b5d57"
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}
    assert f'<meta name="theme-color" content="{data["theme_color"]}"' in html


def test_brand_colours_use_picos_own_selectors():
    """A bare :root loses to Pico's `:root:not([data-theme=dark])`: the brand never showed."""
    css = (STATIC / "css" / "site.css").read_text()
    light = css.index(":root:not([data-theme=dark]),\n[data-theme=light] {")
    assert "--pico-primary: var(--site-brand);" in css[light : light + 2000]
    assert (
        "@media only screen and (prefers-color-scheme: dark) {\n  :root:not([data-theme]) {" in css
    )
    assert not re.search(r"^:root \{ --pico-primary", css, re.MULTILINE)


@pytest.mark.django_db
def test_header_has_one_labelled_menu_disclosure(client):
    html = client.get("/").content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert '<nav class="container" aria-label="Main">' in header
    assert header.count('<details class="site-menu">') == 1
    assert "<summary>Menu</summary>" in header
    assert 'href="/members/"' in header
    assert "<script" not in html.split("</head>")[1]  # nothing inline under the CSP
    assert "style=" not in header


@pytest.mark.django_db
def test_impact_tables_scroll_in_labelled_regions_and_the_map_key_is_html(client):
    for origin, residence in (("VE", "CO"), ("MX", "US")):
        for user in UserFactory.create_batch(5, profile=None, password=None):
            ProfileFactory(user=user, country_of_origin=origin, country_of_residence=residence)
    html = client.get("/impact/").content.decode()
    tables = html.count("<table>")
    assert tables and html.count('<div class="table-scroll" role="region" aria-label="') == tables
    assert 'aria-label="Members by country of residence" tabindex="0">' in html
    world = html[html.index('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1010 666"') :]
    drawing = world[: world.index("</svg>")]
    assert 'class="legend"' not in drawing
    key = world[world.index("</svg>") :]
    assert key.startswith(
        '</svg><figcaption class="map-legend"><strong>Members living there</strong><ul>'
    )
    assert "<li>" in key and "fewer than 5</li>" in key


@pytest.mark.django_db
def test_pages_are_gzipped_for_clients_that_accept_it(client):
    response = client.get("/members/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"<!doctype html>" in gzip.decompress(response.content)
    assert "Content-Encoding" not in client.get("/members/")  # no Accept-Encoding: plain


@pytest.mark.django_db
def test_images_are_not_gzipped_again(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "picture.png").write_bytes((STATIC / "img" / "icon-512.png").read_bytes())
    response = client.get("/media/picture.png", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_gzip_sits_below_whitenoise_and_above_the_body_writers():
    order = settings.MIDDLEWARE
    gzip_at = order.index("core.middleware.TextGZipMiddleware")
    assert order.index("whitenoise.middleware.WhiteNoiseMiddleware") < gzip_at
    assert gzip_at < order.index("csp.middleware.CSPMiddleware")
    assert gzip_at < order.index("django.contrib.sessions.middleware.SessionMiddleware")
