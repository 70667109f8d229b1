import re

import pytest
from django.urls import reverse

from core.choices import Visibility
from members.services import refresh_search
from tests.factories.members import ProfileFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_profile(**kwargs):
    skills = kwargs.pop("skills", [])
    profile = ProfileFactory(**kwargs)
    if skills:
        profile.skills.add(*skills)
    refresh_search([profile.pk])
    return profile


def names(response):
    return {profile.display_name for profile in response.context["profiles"]}


@pytest.fixture
def people():
    return {
        "public": make_profile(display_name="Salomón Pública", visibility=Visibility.PUBLIC),
        "members": make_profile(display_name="Salomón Socia", visibility=Visibility.MEMBERS),
        "hidden": make_profile(display_name="Salomón Oculto", visibility=Visibility.HIDDEN),
    }


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("anonymous", {"Salomón Pública"}),
        ("member", {"Salomón Pública", "Salomón Socia"}),
        ("staff", {"Salomón Pública", "Salomón Socia", "Salomón Oculto"}),
    ],
)
@pytest.mark.parametrize("query", ["", "salomon"])
def test_directory_and_search_respect_visibility(client, people, viewer, expected, query):
    if viewer == "member":
        client.force_login(UserFactory(profile__display_name="Zoe Zapata"))
    elif viewer == "staff":
        client.force_login(StaffFactory(profile__display_name="Zoe Staff"))
    response = client.get(reverse("members:directory"), {"q": query} if query else {})
    assert response.status_code == 200
    found = names(response) - {"Zoe Zapata", "Zoe Staff"}
    assert found == expected
    body = response.content.decode()
    assert "Salomón Oculto" not in body or viewer == "staff"


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("anonymous", 404), ("member", 200), ("staff", 200), ("owner", 200)],
)
def test_members_only_profile_page(client, people, viewer, status):
    profile = people["members"]
    if viewer == "member":
        client.force_login(UserFactory())
    elif viewer == "staff":
        client.force_login(StaffFactory())
    elif viewer == "owner":
        client.force_login(profile.user)
    assert client.get(profile.get_absolute_url()).status_code == status


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("anonymous", 404), ("member", 404), ("staff", 200), ("owner", 200)],
)
def test_hidden_profile_page(client, people, viewer, status):
    profile = people["hidden"]
    if viewer == "member":
        client.force_login(UserFactory())
    elif viewer == "staff":
        client.force_login(StaffFactory())
    elif viewer == "owner":
        client.force_login(profile.user)
    response = client.get(profile.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        assert profile.user.email not in response.content.decode()


@pytest.mark.parametrize("term", ["salomon", "SALOMÓN", "sal", "Salo pere", "python"])
def test_search_ignores_accents_and_case_and_matches_prefixes(client, term):
    make_profile(display_name="Salomón Pérez", skills=["Python"])
    # A headline of its own: a random job title ("Director de servicios de salud") matches "sal".
    make_profile(display_name="Ingrid Gómez", headline="Contadora", skills=["contabilidad"])
    response = client.get(reverse("members:directory"), {"q": term})
    assert names(response) == {"Salomón Pérez"}


def test_search_ranks_name_matches_above_bio_matches(client):
    """The stored weights count: a name (A) outranks a bio (C), even for an older profile."""
    make_profile(display_name="Mariela Rojas", bio="Contadora en Chicago.")
    make_profile(display_name="Pedro Soto", bio="Nací frente al mar en Maracaibo.")
    response = client.get(reverse("members:directory"), {"q": "mar"})
    assert [p.display_name for p in response.context["profiles"]] == [
        "Mariela Rojas",
        "Pedro Soto",
    ]


def test_search_ranks_the_newest_matches_of_every_filter(client, monkeypatch):
    """Only the newest SEARCH_CANDIDATES matches are ranked, and they are chosen after the other
    filters: newer matches elsewhere never crowd out the country asked for."""
    monkeypatch.setattr("members.filters.SEARCH_CANDIDATES", 2)
    for name in ["Salomón Antiguo", "Sara Salcedo", "Salvador Nuevo"]:
        make_profile(display_name=name, country_of_residence="CO")
    for index in range(3):
        make_profile(display_name=f"Salomé España {index}", country_of_residence="ES")
    url = reverse("members:directory")
    found = names(client.get(url, {"q": "sal", "residence": "CO"}))
    assert found == {"Sara Salcedo", "Salvador Nuevo"}
    capped = client.get(url, {"q": "sal"})
    assert names(capped) == {"Salomé España 1", "Salomé España 2"}
    assert "best of the 2 newest members who match" in capped.text
    assert "newest members who match" not in client.get(url, {"q": "salvador"}).text


def test_search_and_filters_combine(client):
    make_profile(
        display_name="Salomón Uno",
        country_of_origin="VE",
        country_of_residence="CO",
        languages=["es"],
        ways_to_help=["mentoring"],
        skills=["Python"],
    )
    make_profile(
        display_name="Salomón Dos",
        country_of_origin="BR",
        country_of_residence="PT",
        languages=["pt"],
        ways_to_help=["funding"],
        skills=["finanzas"],
    )
    url = reverse("members:directory")
    assert names(client.get(url, {"q": "salomon", "origin": "BR"})) == {"Salomón Dos"}
    assert names(client.get(url, {"q": "salomon", "residence": "CO"})) == {"Salomón Uno"}
    assert names(client.get(url, {"q": "salomon", "language": "pt"})) == {"Salomón Dos"}
    assert names(client.get(url, {"help": "mentoring"})) == {"Salomón Uno"}
    assert names(client.get(url, {"skill": "python"})) == {"Salomón Uno"}
    assert names(client.get(url, {"q": "salomon", "origin": "BR", "skill": "Python"})) == set()


def test_htmx_request_gets_results_partial(client):
    make_profile(display_name="Lucía Núñez")
    url = reverse("members:directory")
    partial = client.get(url, {"q": "lucia"}, headers={"HX-Request": "true"})
    assert [t.name for t in partial.templates][0] == "members/_directory_results.html"
    full = client.get(url, {"q": "lucia"})
    assert "members/directory.html" in [t.name for t in full.templates]
    assert "Lucía Núñez" in partial.content.decode()


def test_directory_pages_without_counting(client, django_assert_max_num_queries):
    for index in range(60):
        make_profile(display_name=f"Persona {index}", skills=[f"skill{index}", "Python"])
    url = reverse("members:directory")
    with django_assert_max_num_queries(6):
        first = client.get(url)
    assert first.context["page"].has_next is True
    assert len(first.context["profiles"]) == 24
    third = client.get(url, {"page": 3})
    assert third.context["page"].has_next is False
    assert len(third.context["profiles"]) == 12
    viewer = UserFactory()
    client.force_login(viewer)
    with django_assert_max_num_queries(8):
        response = client.get(url, {"q": "persona", "skill": "Python", "page": 2})
    assert len(response.context["profiles"]) == 24


def test_profile_page_query_count(client, django_assert_max_num_queries):
    profile = make_profile(skills=[f"skill{index}" for index in range(30)])
    profile.causes.add("educación", "salud")
    with django_assert_max_num_queries(6):
        response = client.get(profile.get_absolute_url())
    assert "skill29" in response.content.decode()


def test_skill_filter_matches_word_prefixes_whatever_the_accents_and_case(client):
    make_profile(display_name="Traductora", skills=["traducción", "Python"])
    make_profile(display_name="Analista", skills=["Análisis de datos"])
    make_profile(display_name="Tradicional", skills=["Tradiciones orales"])
    make_profile(display_name="Otra", skills=["finanzas"])
    url = reverse("members:directory")
    assert names(client.get(url, {"skill": "trad"})) == {"Traductora", "Tradicional"}
    assert names(client.get(url, {"skill": "TRADUCCION"})) == {"Traductora"}
    assert names(client.get(url, {"skill": "traducción"})) == {"Traductora"}
    assert names(client.get(url, {"skill": "datos"})) == {"Analista"}
    assert names(client.get(url, {"skill": "analisis dat"})) == {"Analista"}
    assert names(client.get(url, {"skill": "ducción"})) == set()  # prefixes, not any substring
    # A member with two matching skills is listed once.
    assert names(client.get(url, {"skill": "t"})) == {"Traductora", "Tradicional"}
    assert client.get(url, {"skill": "%' & !:*"}).status_code == 200


@pytest.mark.parametrize(
    ("language", "origin", "residence"),
    [("en", "Venezuela", "Colombia"), ("pt-br", "Venezuela", "Colômbia")],
)
def test_a_card_links_the_profile_and_names_places_and_skills_in_the_readers_language(
    client, language, origin, residence
):
    profile = make_profile(
        display_name="Salomón Tarjeta",
        country_of_origin="VE",
        country_of_residence="CO",
        city="Bogotá",
        skills=["redes", "Python", "contabilidad", "diseño", "zapatería"],
    )
    client.cookies["diaspora_language"] = language
    page = client.get(reverse("members:directory"), {"q": "tarjeta"}).text
    card = page.split('class="card member-card"', 1)[1].split("</article>", 1)[0]
    assert f'<a href="/members/{profile.user.handle}/">Salomón Tarjeta</a>' in card
    assert f"{origin}</span>" in card and f"Bogotá, {residence}</span>" in card
    # The first four skills in alphabetical order, whatever order they were added in.
    assert re.findall(r'<span class="badge">([^<]+)</span>', card) == [
        "contabilidad",
        "diseño",
        "Python",
        "redes",
    ]
