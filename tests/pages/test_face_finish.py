"""The face of the platform, finished (issue 15): sign-in and join pages open to crawlers, share
previews with the page's own cover, faces in the notification list, the header and the venture's
leads, fellows' photos in several widths, and empty choices that read."""

import io
import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from campaigns.models import CampaignStatus
from core.images import PHOTO_WIDTHS, rendition_name
from notifications.services import notify
from tests.factories.campaigns import CampaignFactory, FellowFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import NeedFactory, VentureFactory

BASE = settings.SITE_URL.rstrip("/")


def meta(html, prop):
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def webp(size=(1600, 900)) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="WEBP")
    return ContentFile(buffer.getvalue())


def test_robots_txt_opens_sign_in_and_join_and_keeps_the_rest_of_accounts_out(client, db):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Allow: /accounts/login/$" in lines
    assert "Allow: /accounts/signup/$" in lines
    assert "Disallow: /accounts/" in lines
    # Parsers that take the first matching rule see the two pages' Allow before the Disallow.
    assert lines.index("Allow: /accounts/login/$") < lines.index("Disallow: /accounts/")


@pytest.mark.parametrize("name", ["account_login", "account_signup"])
def test_sign_in_and_join_have_a_description_of_their_own(client, db, name):
    html = client.get(reverse(name)).content.decode()
    description = meta(html, "description")
    assert description and description == meta(html, "og:description")
    assert "Latin America" in description
    assert meta(html, "og:url") == BASE + reverse(name)


def test_campaign_is_shared_with_its_hero_image(client, db):
    campaign = CampaignFactory(status=CampaignStatus.LIVE, hero_image_alt="Hills under a sun")
    campaign.hero_image.save("hero.webp", webp())
    html = client.get(campaign.get_absolute_url()).content.decode()
    image = meta(html, "og:image")
    assert image == BASE + campaign.hero_image.url
    assert meta(html, "twitter:image") == image
    assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1440", "810")
    assert meta(html, "og:image:alt") == "Hills under a sun"
    assert 'fetchpriority="high"' in html  # the hero is the page's largest paint


def test_venture_cover_is_shared_on_its_needs(client, db):
    venture = VentureFactory()
    venture.cover.save("cover.webp", webp())
    need = NeedFactory(venture=venture)
    html = client.get(need.get_absolute_url()).content.decode()
    assert meta(html, "og:image") == BASE + venture.cover.url


def test_fellow_photo_is_kept_in_widths_and_served_with_srcset(client, db):
    fellow = FellowFactory(is_published=True)
    fellow.photo.save("portrait.webp", webp((480, 480)))
    fellow.refresh_from_db()
    assert fellow.photo.name.endswith(".webp")
    assert (fellow.photo_width, fellow.photo_height) == (480, 480)
    storage = fellow.photo.storage
    for width in PHOTO_WIDTHS[:-1]:
        assert storage.exists(rendition_name(fellow.photo.name, width))
    html = client.get(fellow.get_absolute_url()).content.decode()
    assert re.search(r'<img class="avatar" src="[^"]+" srcset="[^"]*-96w\.webp 96w', html)
    assert 'sizes="200px"' in html
    assert meta(html, "og:image") == BASE + fellow.photo.url


def test_notification_list_shows_who_it_is_from(client, db):
    member = UserFactory()
    sender = UserFactory(profile__display_name="Ana Sender")
    notify(recipient=member, kind="organizations.join_requested", actor=sender)
    notify(recipient=member, kind="members.welcome")
    client.force_login(member)
    html = client.get(reverse("notifications:inbox")).content.decode()
    faces = re.findall(r'<span class="notification-face">(.*?)</span>', html, re.S)
    assert len(faces) == 2
    assert any("avatar" in face for face in faces)  # the member who asked
    assert any('class="icon' in face for face in faces)  # the platform's own notice


def test_header_menu_shows_the_member_by_face(client, db):
    member = UserFactory(profile__display_name="Lucía Pérez")
    client.force_login(member)
    html = client.get(reverse("organizations:board")).content.decode()
    menu = html.split('<details class="account-menu">', 1)[1].split("</summary>", 1)[0]
    assert 'class="avatar' in menu


def test_venture_leads_are_listed_by_face(client, db):
    lead = UserFactory(profile__display_name="Rosa Lead")
    venture = VentureFactory()
    venture.leads.add(lead)
    html = client.get(venture.get_absolute_url()).content.decode()
    section = html.split('id="leads-heading"', 1)[1].split("</section>", 1)[0]
    assert "Rosa Lead" in section and 'class="avatar' in section


def test_empty_choices_read_as_words(client, db):
    directory = client.get(reverse("members:directory")).content.decode()
    assert "---------" not in directory
    assert re.search(r'<option value=""( selected)?>Any country</option>', directory)
    needs = client.get(reverse("organizations:board")).content.decode()
    assert "---------" not in needs
    assert re.search(r'<option value=""( selected)?>Any category</option>', needs)
    member = UserFactory()
    client.force_login(member)
    edit = client.get(reverse("members:edit")).content.decode()
    assert "---------" not in edit
    assert re.search(r'<option value=""( selected)?>Choose a country…</option>', edit)
