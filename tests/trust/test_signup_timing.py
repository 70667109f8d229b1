"""Sign-up costs the same whether or not the address has an account: both paths hash the
password the same number of times (counted, not timed)."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from members.models import User

pytestmark = pytest.mark.django_db

CALLS = []


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"

    def encode(self, password, salt):
        CALLS.append("encode")
        return super().encode(password, salt)

    def verify(self, password, encoded):
        CALLS.append("verify")
        return super().verify(password, encoded)


def _sign_up(client, email):
    CALLS.clear()
    data = {
        "email": email,
        "password1": "a-long-Passphrase-2026",
        "password2": "a-long-Passphrase-2026",
        "accept_code_of_conduct": "on",
    }
    response = client.post(reverse("account_signup"), data)
    client.logout()
    return response, list(CALLS)


def test_known_and_unknown_addresses_cost_the_same_hashes(client, settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    known = User.objects.create_user("known@example.org", "another-Passphrase-2026")
    unknown_response, unknown_calls = _sign_up(client, "unknown@example.org")
    known_response, known_calls = _sign_up(client, known.email)
    assert unknown_response.status_code == known_response.status_code == 302
    assert unknown_response["Location"] == known_response["Location"]
    assert unknown_calls and known_calls == unknown_calls
