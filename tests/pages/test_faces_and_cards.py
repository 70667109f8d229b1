"""Faces, icons, flags and covers (issue 15): the template tags, the cover pipeline, the cards on
the list pages and the pictures the demo seed attaches."""

import io
import random
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from PIL import Image

from campaigns.models import Campaign, Fellow, Story
from core.faces import colour_for, contrast_ratio, hex_to_rgb, initials
from core.images import clean_cover, rendition_name
from events.models import Event
from members.models import Profile, Visibility
from organizations.models import Organization, Role, Venture
from pages.management.commands.seed_demo import seed_all
from tests.factories.campaigns import StoryFactory
from tests.factories.events import EventFactory
from tests.factories.members import ProfileFactory
from tests.factories.organizations import (
    MembershipFactory,
    NeedFactory,
    OrganizationFactory,
    VentureFactory,
)

GPS_IFD = 0x8825


def render(source, **context):
    request = RequestFactory().get("/")
    request.user = (
        context.pop("viewer", None)
        or __import__("django.contrib.auth.models", fromlist=["AnonymousUser"]).AnonymousUser()
    )
    return Template("{% load faces icons %}" + source).render(
        Context({"request": request, **context})
    )


def picture_bytes(size=(1600, 900), fmt="JPEG", exif=True):
    image = Image.new("RGB", size, "teal")
    buffer = io.BytesIO()
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"
        data[GPS_IFD] = {1: "N", 2: (4.0, 36.0, 0.0), 3: "W", 4: (74.0, 4.0, 0.0)}
        image.save(buffer, format=fmt, exif=data)
    else:
        image.save(buffer, format=fmt)
    return buffer.getvalue()


# --- Initials and colours -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Lucía Montaño", "LM"),
        ("Lucía del Carmen Montaño", "LM"),
        ("joaquín", "J"),
        ("  Ñandú  (Paraguay) ", "ÑP"),
        ("123 !!", ""),
        ("", ""),
    ],
)
def test_initials_are_the_first_letters_of_the_first_and_last_word(name, expected):
    assert initials(name) == expected


def test_colours_are_stable_per_handle_and_keep_white_text_readable():
    handles = [f"member-{n}" for n in range(500)] + ["lucia", "rocio", "a", ""]
    colours = {handle: colour_for(handle) for handle in handles}
    assert colour_for("lucia") == colours["lucia"]  # same handle, same colour
    assert len(set(colours.values())) > 100  # handles spread over many colours
    for colour in colours.values():
        assert re.fullmatch(r"#[0-9a-f]{6}", colour)
        assert contrast_ratio(hex_to_rgb(colour), (1, 1, 1)) >= 4.5, colour


# --- {% avatar %} and {% org_logo %} ---------------------------------------------------------------
@pytest.mark.django_db
def test_avatar_without_photo_is_initials_named_for_screen_readers():
    profile = ProfileFactory(display_name="Lucía Montaño", visibility=Visibility.PUBLIC)
    html = render("{% avatar profile 48 %}", profile=profile)
    assert "<svg" in html and ">LM</text>" in html
    assert 'role="img" aria-label="Lucía Montaño"' in html
    assert f'fill="{colour_for(profile.user.handle)}"' in html
    assert 'width="48" height="48"' in html
    decorative = render("{% avatar profile 48 decorative=True %}", profile=profile)
    assert 'aria-hidden="true"' in decorative and "aria-label" not in decorative


@pytest.mark.django_db
def test_avatar_with_photo_is_an_img_with_alt_text():
    profile = ProfileFactory(display_name="Rocío Quispe", visibility=Visibility.PUBLIC)
    profile.avatar.save("me.png", ContentFile(picture_bytes((64, 64), "PNG")), save=True)
    html = render("{% avatar profile 40 %}", profile=profile)
    assert f'src="{profile.avatar.url}"' in html
    assert 'alt="Photo of Rocío Quispe"' in html
    assert 'width="40" height="40"' in html and 'loading="lazy"' in html
    assert 'alt=""' in render("{% avatar profile 40 decorative=True %}", profile=profile)


@pytest.mark.django_db
def test_avatar_of_a_user_hidden_from_the_viewer_shows_no_name_nor_photo():
    hidden = ProfileFactory(display_name="Secreto Escondido", visibility=Visibility.HIDDEN)
    hidden.avatar.save("me.png", ContentFile(picture_bytes((64, 64), "PNG")), save=True)
    html = render("{% avatar person 40 %}", person=hidden.user)
    assert "Secreto" not in html and "SE" not in html and "<img" not in html
    assert 'aria-label="a member"' in html
    # Their own page: they see themselves.
    own = render("{% avatar person 40 %}", person=hidden.user, viewer=hidden.user)
    assert 'alt="Photo of Secreto Escondido"' in own


@pytest.mark.django_db
def test_org_logo_is_the_logo_or_a_monogram():
    organization = OrganizationFactory(name="Fundación Aulas Abiertas")
    html = render("{% org_logo organization 56 %}", organization=organization)
    assert ">FA</text>" in html and 'aria-label="Fundación Aulas Abiertas"' in html
    organization.logo.save("logo.png", ContentFile(picture_bytes((64, 64), "PNG")), save=True)
    html = render("{% org_logo organization 56 %}", organization=organization)
    assert 'alt="Logo of Fundación Aulas Abiertas"' in html and "<svg" not in html


# --- {% icon %} and {% flag %} ---------------------------------------------------------------------
def test_icon_is_inline_svg_hidden_unless_labelled():
    html = render('{% icon "map-pin" %}')
    assert html.startswith("<svg") and 'aria-hidden="true"' in html and "<path" in html
    labelled = render('{% icon "map-pin" label="Place" %}')
    assert 'role="img" aria-label="Place"' in labelled
    assert render('{% icon "../../etc/passwd" %}') == ""
    assert render('{% icon "no-such-icon" %}') == ""


def test_flag_is_an_image_named_in_the_readers_language():
    with translation.override("es"):
        html = render('{% flag "DE" %}')
    assert 'alt="Alemania"' in html
    assert "flag-icons-7.5.0/flags/4x3/de.svg" in html
    assert 'width="20" height="15"' in html
    with translation.override("pt-br"):
        assert 'alt="Alemanha"' in render('{% flag "DE" %}')
    assert 'alt=""' in render('{% flag "CO" decorative=True %}')
    assert render('{% flag "" %}') == "" and render('{% flag "ZZ" %}') == ""


def test_no_template_prints_emoji_flags():
    templates = Path(__file__).resolve().parents[2] / "templates"
    offenders = [p.name for p in templates.rglob("*.html") if "unicode_flag" in p.read_text()]
    assert offenders == []


# --- The cover pipeline --------------------------------------------------------------------------
def test_cover_is_reencoded_as_webp_without_metadata_and_bounded():
    cleaned = clean_cover(SimpleUploadedFile("trip.jpg", picture_bytes((3000, 1500))))
    with Image.open(io.BytesIO(cleaned.read())) as after:
        assert after.format == "WEBP"
        assert after.size == (1440, 720)
        assert len(after.getexif()) == 0
        assert "exif" not in after.info
    assert cleaned.name == "trip.webp"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"not an image at all", "invalid"),
        (picture_bytes((100, 100)), "too_small"),
    ],
)
def test_bad_covers_are_refused(data, code):
    with pytest.raises(ValidationError) as error:
        clean_cover(SimpleUploadedFile("x.jpg", data))
    assert error.value.code == code


def test_huge_cover_is_refused(settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        clean_cover(SimpleUploadedFile("big.jpg", picture_bytes((1600, 900))))
    assert error.value.code == "too_large"


@pytest.mark.django_db
def test_stored_cover_has_its_narrower_copies_and_the_tag_serves_them():
    event = EventFactory()
    event.cover.save("party.jpg", ContentFile(picture_bytes((2000, 1000))), save=True)
    event.refresh_from_db()
    assert (event.cover_width, event.cover_height) == (1440, 720)
    assert event.cover.name.endswith(".webp")
    for width in (480, 960):
        name = rendition_name(event.cover.name, width)
        assert default_storage.exists(name)
        with default_storage.open(name) as file, Image.open(file) as copy:
            assert copy.width == width
    event.cover_alt = "A crowd in a plaza"
    html = render('{% cover event sizes="50vw" %}', event=event)
    assert 'sizes="50vw"' in html and 'width="1440" height="720"' in html
    assert "480w" in html and "960w" in html and "1440w" in html
    assert 'loading="lazy"' in html and 'alt="A crowd in a plaza"' in html
    # Removing it deletes every copy.
    names = [event.cover.name, rendition_name(event.cover.name, 480)]
    event.cover.delete(save=True)
    assert not any(default_storage.exists(name) for name in names)
    assert render("{% cover event %}", event=event) == ""


@pytest.mark.django_db(transaction=True)
def test_venture_form_takes_a_cover_and_removes_it(client, settings):
    venture = VentureFactory()
    editor = MembershipFactory(organization=venture.organization, role=Role.EDITOR).user
    client.force_login(editor)
    url = reverse("organizations:venture_edit", args=[venture.slug])
    fields = {"name": venture.name, "summary": venture.summary, "stage": "pilot", "language": "es"}
    bad = client.post(url, {**fields, "cover": SimpleUploadedFile("x.jpg", b"nope")})
    assert bad.status_code == 200
    assert "not a valid image" in bad.content.decode()
    upload = SimpleUploadedFile("field.jpg", picture_bytes((1200, 800)), content_type="image/jpeg")
    response = client.post(url, {**fields, "cover": upload, "cover_alt": "Fields at dawn"})
    assert response.status_code == 302
    venture.refresh_from_db()
    assert venture.cover.name.endswith(".webp") and venture.cover_width == 1200
    first = venture.cover.name
    page = client.get(venture.get_absolute_url()).content.decode()
    assert 'alt="Fields at dawn"' in page and "srcset=" in page
    response = client.post(url, {**fields, "cover-clear": "on"})
    assert response.status_code == 302
    venture.refresh_from_db()
    assert not venture.cover and venture.cover_width is None
    assert not default_storage.exists(first)  # deleted once the change committed


# --- Cards on the list pages -----------------------------------------------------------------------
@pytest.mark.django_db
def test_list_pages_show_cards(client):
    profile = ProfileFactory(
        display_name="Lucía Montaño",
        visibility=Visibility.PUBLIC,
        country_of_origin="CO",
        country_of_residence="ES",
    )
    organization = OrganizationFactory(name="Aulas Abiertas", verified=True)
    NeedFactory(venture=VentureFactory(organization=organization), title="Mentor de finanzas")
    EventFactory(title="Encuentro en Madrid")
    directory = client.get(reverse("members:directory")).content.decode()
    assert "member-card" in directory and profile.display_name in directory
    assert "flags/4x3/co.svg" in directory and "flags/4x3/es.svg" in directory
    organizations = client.get(reverse("organizations:directory")).content.decode()
    assert "organization-card" in organizations and ">AA</text>" in organizations
    needs = client.get(reverse("organizations:board")).content.decode()
    assert "need-card" in needs and "Mentor de finanzas" in needs and "0 offers" in needs
    events = client.get(reverse("events:list")).content.decode()
    assert "event-card" in events and "date-block" in events


@pytest.mark.django_db
def test_story_cards_show_the_author_face():
    author = ProfileFactory(display_name="Ramón Peña", visibility=Visibility.PUBLIC)
    story = StoryFactory(author=author.user)
    story = Story.objects.select_related("author__profile", "campaign").get(pk=story.pk)
    html = render('{% include "campaigns/_story_card.html" %}', story=story)
    assert ">RP</text>" in html and "Ramón Peña" in html


# --- The demo seed ---------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_seed_attaches_pictures():
    sizes = {
        "members": 60,
        "organizations": 6,
        "ventures": 8,
        "needs": 10,
        "events": 8,
        "registrations": 10,
        "notifications": 10,
    }
    seed_all(sizes, random.Random(3), lambda text: None)
    campaign = Campaign.objects.get(status="live")
    assert campaign.hero_image and campaign.hero_image_width
    assert default_storage.exists(rendition_name(campaign.hero_image.name, 480))
    assert Event.objects.exclude(cover="").exists()
    assert Venture.objects.exclude(cover="").count() >= 2
    assert Story.objects.exclude(image="").exists()
    assert Organization.objects.exclude(logo="").count() >= 2
    assert Profile.objects.exclude(avatar="").filter(user__email="member@example.org").exists()
    assert Fellow.objects.exclude(photo="").exists()
    # Each row has its own file: deleting one never removes another's.
    names = list(Profile.objects.exclude(avatar="").values_list("avatar", flat=True))
    assert len(names) == len(set(names))
