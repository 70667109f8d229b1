import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from core.choices import Visibility
from members.models import Profile, Skill
from organizations import services
from organizations.models import NeedStatus, Organization, OrganizationKind, Role
from tests.factories.events import EventFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import (
    MembershipFactory,
    NeedFactory,
    OfferFactory,
    OrganizationFactory,
    VentureFactory,
)

pytestmark = pytest.mark.django_db
PAGE_BUDGET = 12


def _orgs(count):
    for index in range(count):
        organization = OrganizationFactory(
            kind=OrganizationKind.values[index % len(OrganizationKind.values)]
        )
        organization.causes.add("educación", f"causa {index % 3}")
        MembershipFactory(organization=organization, role=Role.ADMIN)


# --- Directory --------------------------------------------------------------------------------
def test_directory_search_is_accent_insensitive_prefix(client):
    OrganizationFactory(name="Fundación Salomón Pérez", description="Becas")
    OrganizationFactory(name="Cooperativa Añil", description="Tintes")
    body = client.get(reverse("organizations:directory"), {"q": "fundacion salo"}).content.decode()
    assert "Fundación Salomón Pérez" in body
    assert "Cooperativa Añil" not in body


def test_directory_filters_and_htmx_partial(client):
    verified = OrganizationFactory(
        name="Red Andina", kind="academic", countries=["PE"], verified=True
    )
    verified.causes.add("salud")
    OrganizationFactory(name="Otra Cosa", kind="academic", countries=["CO"])
    url = reverse("organizations:directory")
    params = {"kind": "academic", "country": "PE", "cause": "salud", "verified": "true"}
    full = client.get(url, params)
    assert "Red Andina" in full.content.decode() and "Otra Cosa" not in full.content.decode()
    assert "<html" in full.content.decode()
    partial = client.get(url, params, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert "<html" not in partial.content.decode()
    assert "Red Andina" in partial.content.decode()
    assert 'hx-push-url="true"' in full.content.decode()


def test_directory_paginates_without_counting(client, django_assert_max_num_queries):
    _orgs(25)
    url = reverse("organizations:directory")
    with django_assert_max_num_queries(PAGE_BUDGET) as captured:
        first = client.get(url)
    assert not any("COUNT(" in query["sql"].upper() for query in captured.captured_queries)
    assert 'rel="next"' in first.content.decode()
    second = client.get(url, {"page": 2})
    assert 'rel="prev"' in second.content.decode()
    assert 'rel="next"' not in second.content.decode()
    assert second.content.decode().count("card-title") == 5


def test_directory_query_count_stays_flat(client, member, django_assert_max_num_queries):
    _orgs(30)
    client.force_login(member)
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get(
            reverse("organizations:directory"), {"q": "fund", "kind": "nonprofit"}
        )
    assert response.status_code == 200


# --- Needs board ------------------------------------------------------------------------------
def test_board_lists_only_open_visible_needs_and_filters(client):
    venture = VentureFactory()
    wanted = NeedFactory(
        venture=venture,
        title="Diseñadora gráfica",
        category="technical",
        skills=["diseño"],
        languages=["pt"],
        is_remote=False,
        country="BR",
        city="São Paulo",
    )
    NeedFactory(venture=venture, title="Borrador oculto", status=NeedStatus.DRAFT)
    NeedFactory(venture=venture, title="Escondida", is_hidden=True)
    NeedFactory(venture=venture, title="Remota en inglés", languages=["en"], category="funding")
    url = reverse("organizations:board")
    body = client.get(url).content.decode()
    assert "Diseñadora gráfica" in body and "Remota en inglés" in body
    assert "Borrador oculto" not in body and "Escondida" not in body
    params = {
        "q": "disenadora",
        "category": "technical",
        "skill": Skill.objects.get(name="diseño").slug,
        "country": "BR",
        "language": "pt",
        "remote": "false",
    }
    filtered = client.get(url, params).content.decode()
    assert wanted.title in filtered and "Remota en inglés" not in filtered
    partial = client.get(url, {"remote": "true"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert "Remota en inglés" in partial.content.decode()
    assert "Diseñadora gráfica" not in partial.content.decode()


def test_board_query_count_stays_flat(client, member, django_assert_max_num_queries):
    for index in range(30):
        NeedFactory(skills=[f"habilidad {index % 4}", "python"])
    client.force_login(member)
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get(reverse("organizations:board"), {"language": "es"})
    assert response.content.decode().count("card-title") == 20


# --- Organization, venture and need pages -----------------------------------------------------
@pytest.fixture
def busy_organization():
    organization = OrganizationFactory()
    organization.causes.add("migración")
    for index in range(30):
        role = Role.ADMIN if index == 0 else Role.MEMBER
        MembershipFactory(organization=organization, role=role)
    for _index in range(30):
        venture = VentureFactory(organization=organization)
        NeedFactory(venture=venture, skills=["contabilidad"])
    return organization


def test_organization_page_query_count(
    client, member, busy_organization, django_assert_max_num_queries
):
    client.force_login(member)
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get(busy_organization.get_absolute_url())
    assert response.status_code == 200


def test_organization_page_shows_only_visible_team_members(client, organization):
    shown = MembershipFactory(organization=organization, role=Role.ADMIN).user
    hidden = MembershipFactory(organization=organization).user
    members_only = MembershipFactory(organization=organization).user
    Profile.objects.filter(user=hidden).update(visibility=Visibility.HIDDEN)
    Profile.objects.filter(user=members_only).update(visibility=Visibility.MEMBERS)
    body = client.get(organization.get_absolute_url()).content.decode()
    assert (
        f'<a href="{shown.profile.get_absolute_url()}">{escape(shown.profile.display_name)}</a>'
        in body
    )
    assert hidden.profile.display_name not in body
    assert members_only.profile.display_name not in body
    client.force_login(UserFactory())
    body = client.get(organization.get_absolute_url()).content.decode()
    assert members_only.profile.display_name in body
    assert hidden.profile.display_name not in body


def test_venture_page_query_count(client, member, django_assert_max_num_queries):
    venture = VentureFactory()
    venture.causes.add("agua")
    for _index in range(30):
        lead = MembershipFactory(organization=venture.organization).user
        venture.leads.add(lead)
        NeedFactory(venture=venture, skills=["riego", "python"])
    client.force_login(member)
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get(venture.get_absolute_url())
    assert response.status_code == 200


def test_need_page_query_count_for_team(client, django_assert_max_num_queries):
    need = NeedFactory(skills=["a", "b", "c"])
    editor = MembershipFactory(organization=need.venture.organization, role=Role.EDITOR).user
    for status in (NeedStatus.IN_PROGRESS, NeedStatus.OPEN, NeedStatus.IN_PROGRESS):
        services.change_need_status(need=need, to_status=status, changed_by=editor)
    for _index in range(20):
        OfferFactory(need=need)
    client.force_login(editor)
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get(need.get_absolute_url())
    assert response.status_code == 200
    with django_assert_max_num_queries(PAGE_BUDGET):
        client.get(reverse("organizations:offers", args=[need.venture.organization.slug]))


def test_need_page_query_count_for_visitor(client, member, django_assert_max_num_queries):
    need = NeedFactory(skills=["a", "b", "c"])
    client.force_login(member)
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get(need.get_absolute_url())
    assert "I can help" in response.content.decode()


def test_my_offers_query_count(client, member, django_assert_max_num_queries):
    for _index in range(25):
        OfferFactory(member=member)
    client.force_login(member)
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get(reverse("organizations:my_offers"))
    assert response.content.decode().count('class="offer"') == 20


# --- Forms ------------------------------------------------------------------------------------
def _png_with_exif():
    buffer = io.BytesIO()
    image = Image.new("RGB", (40, 30), "teal")
    exif = Image.Exif()
    exif[0x010F] = "CámaraSecreta"
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def test_logo_is_reencoded_without_metadata_and_fake_images_are_refused(
    client, member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(member)
    client.post(
        reverse("organizations:create"),
        {
            "name": "Logo Válido",
            "kind": "company",
            "logo": SimpleUploadedFile("logo.jpg", _png_with_exif(), content_type="image/jpeg"),
        },
    )
    organization = Organization.objects.get(name="Logo Válido")
    with organization.logo.open("rb") as stored:
        data = stored.read()
    assert "CámaraSecreta".encode() not in data
    assert not Image.open(io.BytesIO(data)).getexif()
    response = client.post(
        reverse("organizations:create"),
        {
            "name": "Logo Falso",
            "kind": "company",
            "logo": SimpleUploadedFile("logo.png", b"not an image", content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert not Organization.objects.filter(name="Logo Falso").exists()


def test_on_site_need_without_country_gets_a_field_error(client):
    venture = VentureFactory()
    editor = MembershipFactory(organization=venture.organization, role=Role.EDITOR).user
    client.force_login(editor)
    response = client.post(
        reverse("organizations:need_create", args=[venture.slug]),
        {"title": "Carpintero", "description": "Taller", "category": "volunteering"},
    )
    assert response.status_code == 200
    assert "Say in which country" in response.content.decode()
    assert not venture.needs.exists()


def test_leads_are_chosen_among_the_organization_members(client):
    venture = VentureFactory()
    editor = MembershipFactory(organization=venture.organization, role=Role.EDITOR).user
    outsider = UserFactory()
    client.force_login(editor)
    response = client.post(
        reverse("organizations:venture_edit", args=[venture.slug]),
        {"name": venture.name, "summary": "s", "stage": "pilot", "leads": [outsider.pk]},
    )
    assert response.status_code == 200  # the outsider is not a valid choice
    client.post(
        reverse("organizations:venture_edit", args=[venture.slug]),
        {"name": venture.name, "summary": "s", "stage": "pilot", "leads": [editor.pk]},
    )
    assert list(venture.leads.all()) == [editor]


def test_an_organizations_page_leads_to_its_events_and_its_team_to_posting_one(client):
    """Every reader finds the organization's upcoming and past events from its page; its admins
    and editors also get "Post an event" with the organization chosen."""
    admin = MembershipFactory(role=Role.ADMIN)
    organization = admin.organization
    event = EventFactory(organization=organization, title="Clínica móvil abierta")
    EventFactory(title="Otro encuentro")
    url = organization.get_absolute_url()
    events_url = f"{reverse('events:list')}?organization={organization.slug}"
    post_url = f"{reverse('events:create')}?organization={organization.slug}"
    page = client.get(url).text
    assert f'href="{events_url}"' in page and post_url not in page
    listing = client.get(events_url).text
    assert event.title in listing and "Otro encuentro" not in listing
    client.force_login(admin.user)
    assert f'href="{post_url}"' in client.get(url).text
    assert client.get(post_url).status_code == 200
