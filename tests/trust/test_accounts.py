"""allauth protection: rate limits, no account enumeration, admin login, staff 2FA, code of conduct."""

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from members.models import User
from tests.factories.members import StaffFactory

pytestmark = pytest.mark.django_db


def test_rate_limits_are_configured_for_login_signup_and_reset():
    for action in ("login", "login_failed", "signup", "reset_password"):
        assert settings.ACCOUNT_RATE_LIMITS.get(action), action


@pytest.mark.parametrize(
    ("action", "url_name", "data"),
    [
        ("login", "account_login", {"login": "nobody@example.org", "password": "wrong-password"}),
        (
            "signup",
            "account_signup",
            {"email": "new@example.org", "password1": "x", "password2": "y"},
        ),
        ("reset_password", "account_reset_password", {"email": "nobody@example.org"}),
    ],
)
def test_rate_limit_answers_429(client, action, url_name, data):
    with override_settings(ACCOUNT_RATE_LIMITS={**settings.ACCOUNT_RATE_LIMITS, action: "2/m/ip"}):
        statuses = [client.post(reverse(url_name), data).status_code for _ in range(3)]
    assert statuses[-1] == 429
    assert 429 not in statuses[:2]


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # emails leave after commit
        known = client.post(reverse("account_reset_password"), {"email": member.email})
        unknown = client.post(reverse("account_reset_password"), {"email": "ghost@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # The unknown address gets the "no account" email: nothing is revealed on the page.
    assert len(mail.outbox) == 2


def test_signup_with_a_taken_address_looks_like_a_new_signup(client, member):
    data = {
        "password1": "a-long-Passphrase-2026",
        "password2": "a-long-Passphrase-2026",
        "accept_code_of_conduct": "on",
    }
    taken = client.post(reverse("account_signup"), {**data, "email": member.email})
    client.logout()
    fresh = client.post(reverse("account_signup"), {**data, "email": "fresh@example.org"})
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert User.objects.filter(email=member.email).count() == 1


def test_signup_requires_accepting_the_code_of_conduct(client):
    data = {
        "email": "ana@example.org",
        "password1": "a-long-Passphrase-2026",
        "password2": "a-long-Passphrase-2026",
    }
    refused = client.post(reverse("account_signup"), data)
    assert refused.status_code == 200
    assert "accept_code_of_conduct" in refused.context["form"].errors
    assert not User.objects.filter(email="ana@example.org").exists()

    client.post(reverse("account_signup"), {**data, "accept_code_of_conduct": "on"})
    user = User.objects.get(email="ana@example.org")
    assert user.accepted_code_of_conduct_at is not None


def test_code_of_conduct_page_is_public_and_translated(client):
    english = client.get(reverse("code_of_conduct"))
    assert english.status_code == 200
    assert b"xenophobia" in english.content
    spanish = client.get(reverse("code_of_conduct"), HTTP_ACCEPT_LANGUAGE="es")
    assert "xenofobia" in spanish.content.decode()


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_without_totp_is_sent_to_mfa_setup(client):

    staff = StaffFactory(totp=False)
    client.force_login(staff)
    for url in (reverse("admin:index"), reverse("admin:moderation_report_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_totp_reaches_the_admin(client, staff):
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200


def test_members_reach_two_factor_settings_from_the_account_menu(client, member):
    client.force_login(member)
    page = client.get(reverse("code_of_conduct")).content.decode()
    assert reverse("mfa_index") in page
    assert client.get(reverse("mfa_index")).status_code == 200
    assert "recovery_codes" in settings.MFA_SUPPORTED_TYPES
