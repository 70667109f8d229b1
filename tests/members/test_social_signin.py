"""Social sign-in, end to end through allauth's test provider (no network): the buttons show only
for configured providers, a social sign-up accepts the code of conduct and lands in onboarding, and
a verified address signs in to the account that already has it."""

import environ
import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from diaspora.social import social_providers
from members.models import User
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


def _through_the_provider(client, *, uid, email, verified=True):
    """Start at 'Continue with …', confirm, and come back from the provider."""
    start = client.post(reverse("dummy_login"))
    assert start.status_code == 302
    return client.post(
        start["Location"],
        {"id": uid, "email": email, "email_verified": "on" if verified else ""},
    )


def test_a_provider_shows_only_once_configured(monkeypatch):
    env = environ.Env()
    assert social_providers(env) == {}
    monkeypatch.setenv("GOOGLE_CLIENT_ID", "id.apps.example")
    monkeypatch.setenv("GOOGLE_CLIENT_SECRET", "")
    assert social_providers(env) == {}  # half a configuration is none
    monkeypatch.setenv("GOOGLE_CLIENT_SECRET", "secret")
    monkeypatch.setenv("LINKEDIN_CLIENT_ID", "li")
    monkeypatch.setenv("LINKEDIN_CLIENT_SECRET", "li-secret")
    providers = social_providers(env)
    assert set(providers) == {"google", "openid_connect"}
    assert providers["google"]["APPS"][0]["client_id"] == "id.apps.example"
    linkedin = providers["openid_connect"]["APPS"][0]
    assert linkedin["provider_id"] == "linkedin"
    assert linkedin["settings"]["server_url"] == "https://www.linkedin.com/oauth"


def test_sign_in_page_offers_the_configured_providers_only(client, settings):
    page = client.get(reverse("account_login")).content.decode()
    # In the suite only allauth's test provider is installed; production lists Google,
    # Microsoft and LinkedIn when their variables are set (test above).
    assert "Continue with Dummy" in page
    assert "Continue with Google" not in page


def test_social_sign_up_accepts_the_code_of_conduct_and_lands_in_onboarding(client):
    response = _through_the_provider(client, uid=101, email="nurse@example.org")
    signup_url = reverse("socialaccount_signup")
    assert response["Location"] == signup_url
    refused = client.post(signup_url, {"email": "nurse@example.org"})
    assert refused.status_code == 200
    assert "accept_code_of_conduct" in refused.context["form"].errors
    assert not User.objects.filter(email="nurse@example.org").exists()

    done = client.post(signup_url, {"email": "nurse@example.org", "accept_code_of_conduct": "on"})
    assert done.status_code == 302
    assert done["Location"] == reverse("members:onboarding")
    user = User.objects.get(email="nurse@example.org")
    assert user.accepted_code_of_conduct_at is not None
    assert SocialAccount.objects.filter(user=user, provider="dummy", uid="101").exists()
    assert EmailAddress.objects.get(user=user).verified  # the provider verified it
    assert client.get(reverse("members:onboarding")).status_code == 200


def test_a_verified_address_signs_in_to_the_existing_account(client):
    member = UserFactory(email="engineer@example.org")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)

    response = _through_the_provider(client, uid=202, email="engineer@example.org")

    assert response.status_code == 302
    assert response["Location"] != reverse("socialaccount_signup")
    assert int(client.session["_auth_user_id"]) == member.pk
    assert SocialAccount.objects.get(uid="202").user == member
    assert User.objects.filter(email="engineer@example.org").count() == 1


def test_an_unverified_address_does_not_take_over_an_account(client):
    member = UserFactory(email="accountant@example.org")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)

    _through_the_provider(client, uid=303, email="accountant@example.org", verified=False)

    assert client.session.get("_auth_user_id") is None
    assert not SocialAccount.objects.filter(user=member).exists()
