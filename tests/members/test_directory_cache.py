"""Visitors' directory pages are kept between requests, and every change that alters what a
visitor may see shows on the next request: a new profile, a profile hidden, an account suspended
or deleted. Members are never served the visitors' copy."""

import pytest
from django.urls import reverse

from core.choices import Visibility
from members.privacy import delete_account
from members.services import refresh_search
from tests.factories.members import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/members/?q=sal"


def make_profile(**kwargs):
    profile = ProfileFactory(**kwargs)
    refresh_search([profile.pk])
    return profile


def test_a_visitors_repeat_view_reads_no_database(client, django_assert_num_queries):
    make_profile(display_name="Salomón Pérez", visibility=Visibility.PUBLIC)
    first = client.get(URL)
    with django_assert_num_queries(0):
        again = client.get(URL)
    assert "Salomón Pérez" in again.text
    # Same listing (the page around it differs only by its masked CSRF token).
    main = slice(first.text.index("<main"), first.text.index("</main>"))
    assert again.text[main] == first.text[main]


def test_a_new_profile_shows_on_the_next_view(client):
    make_profile(display_name="Salomón Pérez", visibility=Visibility.PUBLIC)
    client.get(URL)
    make_profile(display_name="Salvador Núñez", visibility=Visibility.PUBLIC)
    assert "Salvador Núñez" in client.get(URL).text


@pytest.mark.parametrize("change", ["hide", "suspend", "delete"])
def test_a_profile_that_leaves_the_listing_is_gone_on_the_next_view(client, change):
    profile = make_profile(display_name="Salomón Pérez", visibility=Visibility.PUBLIC)
    assert "Salomón Pérez" in client.get(URL).text
    user = profile.user
    if change == "hide":
        profile.visibility = Visibility.HIDDEN
        profile.save(update_fields=["visibility"])
    elif change == "suspend":
        user.is_active = False
        user.save(update_fields=["is_active"])
    else:
        delete_account(user)
    assert "Salomón Pérez" not in client.get(URL).text


def test_a_sign_in_stamp_keeps_the_cached_copy(client, django_assert_num_queries):
    profile = make_profile(display_name="Salomón Pérez", visibility=Visibility.PUBLIC)
    client.get(URL)
    profile.user.save(update_fields=["last_login"])
    with django_assert_num_queries(0):
        client.get(URL)


def test_members_get_their_own_listing_not_the_visitors_copy(client):
    make_profile(display_name="Salomón Socio", visibility=Visibility.MEMBERS)
    assert "Salomón Socio" not in client.get(URL).text
    client.force_login(UserFactory())
    assert "Salomón Socio" in client.get(URL).text


def test_htmx_results_and_full_page_are_kept_apart(client):
    make_profile(display_name="Salomón Pérez", visibility=Visibility.PUBLIC)
    partial = client.get(URL, headers={"HX-Request": "true"})
    full = client.get(URL)
    assert "<form" not in partial.text and "Salomón Pérez" in partial.text
    assert "<form" in full.text and "<html" in full.text
    url = reverse("members:directory")
    assert "Salomón Pérez" in client.get(url, {"q": "sal"}, headers={"HX-Request": "true"}).text
