"""The README's two-factor steps for staff, walked with `manage.py totp_code` as the app."""

import io

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories.members import StaffFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def totp_code(*args):
    out = io.StringIO()
    call_command("totp_code", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def test_staff_activate_totp_and_sign_in_with_codes_from_the_command(client, settings):
    settings.MFA_TOTP_TOLERANCE = 1  # a code printed just before a 30-second boundary still counts
    staff = StaffFactory(email="moderadora@example.org", totp=False)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    response = client.get(reverse("admin:index"))
    assert response["Location"] == reverse("mfa_activate_totp")

    # Activating asks for the password once more (allauth's reauthentication).
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session["mfa.totp.secret"]  # what the page shows as "Authenticator secret"
    code = totp_code("--secret", secret)
    assert len(code) == 6 and code.isdigit()
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("admin:index")).status_code == 200

    client.logout()
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(staff.email)})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_totp_code_explains_what_it_needs(member):
    with pytest.raises(CommandError, match="either"):
        totp_code()
    with pytest.raises(CommandError, match="no active authenticator"):
        totp_code(member.email)
    with pytest.raises(CommandError, match="base32"):
        totp_code("--secret", "not base32!")


def test_totp_code_refuses_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        totp_code("--secret", "JBSWY3DPEHPK3PXP")
