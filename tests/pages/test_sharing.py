"""Being shared and found: page titles, the meta description and Open Graph tags, robots.txt and
sitemap.xml (public content only)."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from campaigns.models import CampaignStatus
from core.choices import Visibility
from core.templatetags.share import share_meta
from events.models import EventStatus
from organizations.models import NeedStatus, Role
from tests.factories.campaigns import CampaignFactory, StoryFactory
from tests.factories.events import EventFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import (
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    NeedFactory,
    OrganizationFactory,
)

NAME = settings.SITE_NAME


def title_of(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def meta(html, prop):
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return match.group(1) if match else None


@pytest.fixture
def content(db):
    organization = OrganizationFactory(name="Red Andina")
    need = NeedFactory(
        title="Mentora de finanzas",
        description="Buscamos **una mentora** para el plan financiero.",
        venture__organization=organization,
    )
    event = EventFactory(title="Encuentro en Madrid", organization=organization)
    story = StoryFactory(title="Volví a Quito", published_at=timezone.now())
    campaign = CampaignFactory(status=CampaignStatus.LIVE, title="Changemakers Unidos")
    member = UserFactory(profile__display_name="Lucía Pérez", profile__headline="Diseñadora")
    return {
        "organization": organization,
        "need": need,
        "event": event,
        "story": story,
        "campaign": campaign,
        "member": member,
    }


def key_urls(content):
    return [
        reverse("home"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("organizations:board"),
        reverse("organizations:directory"),
        reverse("events:list"),
        reverse("campaigns:list"),
        reverse("impact"),
        reverse("members:directory"),
        content["need"].get_absolute_url(),
        content["event"].get_absolute_url(),
        content["story"].get_absolute_url(),
        content["campaign"].get_absolute_url(),
        content["organization"].get_absolute_url(),
        content["member"].profile.get_absolute_url(),
    ]


def test_every_key_page_has_a_title_naming_the_site_once(client, content):
    for url in key_urls(content):
        response = client.get(url)
        assert response.status_code == 200, url
        title = title_of(response.content.decode())
        assert title.count(NAME) == 1, (url, title)
        assert title.startswith(NAME) or title.endswith(f" · {NAME}"), (url, title)


def test_titles_read_page_first(client, content):
    assert title_of(client.get(reverse("account_login")).content.decode()) == f"Sign In · {NAME}"
    home = title_of(client.get(reverse("home")).content.decode())
    assert home.startswith(f"{NAME} · ") and len(home) > len(NAME) + 3  # with the tagline
    need = title_of(client.get(content["need"].get_absolute_url()).content.decode())
    assert need == f"Mentora de finanzas · {NAME}"


def test_signed_in_titles_too(client, content):
    client.force_login(content["member"])
    for url in (reverse("home"), reverse("organizations:my_offers"), reverse("conversations:list")):
        title = title_of(client.get(url).content.decode())
        assert title.count(NAME) == 1, (url, title)


def test_public_pages_carry_their_own_share_tags(client, content):
    html = client.get(content["need"].get_absolute_url()).content.decode()
    assert meta(html, "og:title") == "Mentora de finanzas"
    assert meta(html, "og:description") == "Buscamos una mentora para el plan financiero."
    assert meta(html, "description") == "Buscamos una mentora para el plan financiero."
    assert (
        meta(html, "og:url") == settings.SITE_URL.rstrip("/") + content["need"].get_absolute_url()
    )
    assert meta(html, "og:image").startswith(settings.SITE_URL.rstrip("/") + "/")
    assert meta(html, "og:image").endswith("img/share-default.png")
    assert meta(html, "twitter:card") == "summary_large_image"
    for key in ("event", "story", "campaign", "organization"):
        page = client.get(content[key].get_absolute_url()).content.decode()
        assert meta(page, "og:title") not in (None, NAME), key
    profile = client.get(content["member"].profile.get_absolute_url()).content.decode()
    assert meta(profile, "og:title") == "Lucía Pérez"
    assert meta(profile, "og:type") == "profile"


def test_other_pages_share_the_site_defaults(client, db):
    html = client.get(reverse("organizations:board")).content.decode()
    assert meta(html, "og:title") == NAME
    assert meta(html, "description")


def test_hidden_and_private_content_is_never_in_share_tags(client, content):
    """Its team (or the owner) still sees the page; its preview never names it."""
    need, event = content["need"], content["event"]
    need.status = NeedStatus.DRAFT
    need.save()
    event.is_hidden = True
    event.save()
    admin = UserFactory()
    MembershipFactory(user=admin, organization=content["organization"], role=Role.ADMIN)
    client.force_login(admin)
    for obj, text in ((need, "Mentora de finanzas"), (event, "Encuentro en Madrid")):
        html = client.get(obj.get_absolute_url()).content.decode()
        assert meta(html, "og:title") == NAME
        assert text not in (meta(html, "og:description") or "")
    members_only = UserFactory(
        profile__display_name="Sofía Escondida", profile__visibility=Visibility.MEMBERS
    )
    client.force_login(members_only)
    html = client.get(members_only.profile.get_absolute_url()).content.decode()
    assert "Sofía Escondida" in html
    assert meta(html, "og:title") == NAME


def test_robots_txt_keeps_crawlers_out_of_private_areas(client, db):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    for path in ("/admin/", "/accounts/", "/messages/", "/notifications/", "/members/me/"):
        assert f"Disallow: {path}" in text
    assert f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml" in text


def test_sitemap_lists_public_content_only(client, content):
    hidden_org = OrganizationFactory(name="Oculta", is_hidden=True)
    draft_need = NeedFactory(status=NeedStatus.DRAFT)
    hidden_need = NeedFactory(is_hidden=True)
    draft_event = EventFactory(status=EventStatus.DRAFT)
    hidden_event = EventFactory(is_hidden=True)
    draft_campaign = CampaignFactory(status=CampaignStatus.DRAFT, slug="borrador")
    unpublished_story = StoryFactory(published_at=None)
    hidden_story = StoryFactory(is_hidden=True, published_at=timezone.now() - timedelta(days=1))
    members_only = UserFactory(profile__visibility=Visibility.MEMBERS)
    private = UserFactory(profile__visibility=Visibility.HIDDEN)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    base = settings.SITE_URL.rstrip("/")
    for key in ("need", "event", "story", "campaign", "organization"):
        assert f"<loc>{base}{content[key].get_absolute_url()}</loc>" in xml, key
    assert f"<loc>{base}{content['member'].profile.get_absolute_url()}</loc>" in xml
    for hidden in (
        hidden_org,
        draft_need,
        hidden_need,
        draft_event,
        hidden_event,
        draft_campaign,
        unpublished_story,
        hidden_story,
    ):
        assert f"{base}{hidden.get_absolute_url()}</loc>" not in xml, hidden
    for person in (members_only, private):
        assert f"{base}{person.profile.get_absolute_url()}</loc>" not in xml


def test_dashboard_shows_invitations_and_join_requests(client, db):
    admin = UserFactory()
    organization = OrganizationFactory(name="Puentes")
    MembershipFactory(user=admin, organization=organization, role=Role.ADMIN)
    JoinRequestFactory(organization=organization)
    InvitationFactory(email=admin.email, organization=OrganizationFactory(name="Raíces"))
    client.force_login(admin)
    html = client.get(reverse("home")).content.decode()
    assert "Raíces invited you to join its team" in html
    assert "Someone asked to join Puentes." in html
    assert reverse("organizations:team", args=[organization.slug]) in html


def test_new_member_dashboard_helps_them_start(client, db):
    newcomer = UserFactory(profile__ways_to_help=[])
    client.force_login(newcomer)
    main = client.get(reverse("home")).content.decode().split('<main id="main"', 1)[1]
    assert "Getting started" in main
    assert reverse("organizations:board") in main
    assert "/members/me/edit/" in main
    assert "Your offers of help" not in main  # blocks with nothing in them are left out


class UnreadablePicture:
    """A stored picture whose file must not be opened while a page renders (reading its size
    from the file costs a storage read and a decode on every view)."""

    name = "covers/picture.webp"
    url = "/media/covers/picture.webp"

    @property
    def width(self):
        raise AssertionError("the picture's file was read to find its size")

    height = width


def test_share_tags_take_a_pictures_size_from_its_row_never_its_file(rf):
    context = {"request": rf.get("/somewhere/")}
    cover = SimpleNamespace(cover=UnreadablePicture(), cover_width=960, cover_height=540)
    tags = share_meta(context, title="A cover", image=cover)
    assert (tags["image_width"], tags["image_height"]) == (960, 540)
    assert tags["image_url"].endswith("/media/covers/picture.webp")
    # An avatar keeps no size on its row: the tags go without one.
    person = SimpleNamespace(avatar=UnreadablePicture())
    tags = share_meta(context, title="A member", image=person)
    assert (tags["image_width"], tags["image_height"]) == (None, None)
