"""Every view that follows `next` stays on this site (core.redirects for ours; Django's and
allauth's for language and sign-in)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.redirects import safe_next_url
from notifications.services import notify
from tests.factories.organizations import OrganizationFactory

pytestmark = pytest.mark.django_db

OFF_SITE = [
    "//evil.example",
    "//evil.example/events/",
    "https://evil.example/",
    "http:evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    " //evil.example",
]


def _is_on_site(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_the_helper_refuses_off_site_addresses(next_url):
    request = RequestFactory().post("/", {"next": next_url})
    assert safe_next_url(request, "events:list") == reverse("events:list")


def test_the_helper_follows_a_local_path():
    request = RequestFactory().post("/", {"next": "/events/?page=2"})
    assert safe_next_url(request, "events:list") == "/events/?page=2"


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_following_an_organization_never_leaves_the_site(client, member, next_url):
    organization = OrganizationFactory()
    client.force_login(member)
    response = client.post(reverse("events:follow", args=[organization.slug]), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == reverse("events:list")


def test_following_an_organization_goes_back_to_a_local_page(client, member):
    organization = OrganizationFactory()
    client.force_login(member)
    response = client.post(
        reverse("events:follow", args=[organization.slug]),
        {"next": organization.get_absolute_url()},
    )
    assert response["Location"] == organization.get_absolute_url()


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_marking_a_notification_read_never_leaves_the_site(client, member, next_url):
    notification = notify(recipient=member, kind="members.welcome")
    client.force_login(member)
    response = client.post(
        reverse("notifications:mark_read", args=[notification.pk]), {"next": next_url}
    )
    assert response["Location"] == reverse("notifications:inbox")


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_switching_language_never_leaves_the_site(client, next_url):
    response = client.post(reverse("set_language"), {"language": "es", "next": next_url})
    assert response.status_code == 302
    assert _is_on_site(response["Location"])


@pytest.mark.parametrize("next_url", OFF_SITE[:3])
def test_signing_in_never_leaves_the_site(client, member, next_url):
    response = client.post(
        reverse("account_login") + "?next=" + next_url,
        {"login": member.email, "password": "correct-horse-battery", "next": next_url},
    )
    assert response.status_code == 302
    assert _is_on_site(response["Location"])
