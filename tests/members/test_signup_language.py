"""A new account keeps the language it signed up in: its pages and its emails."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from members.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "un-pájaro-azul-9"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _sign_up_and_confirm(client, email, capture, **headers):
    with capture(execute=True):  # allauth's emails go through the pipeline, after commit
        client.post(
            reverse("account_signup"),
            {
                "email": email,
                "password1": PASSWORD,
                "password2": PASSWORD,
                "accept_code_of_conduct": "on",
            },
            **headers,
        )
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    with capture(execute=True):  # the welcome email leaves on commit
        client.post("/" + link.split("://", 1)[1].split("/", 1)[1], **headers)


@pytest.mark.parametrize(
    ("cookie", "accept", "language", "html_lang", "welcome", "greeting"),
    [
        ("es", "", "es", 'lang="es"', "Bienvenida a la plataforma", "Hola"),
        ("", "pt-BR,pt;q=0.9", "pt-br", 'lang="pt-br"', "Boas-vindas à plataforma", "Olá"),
    ],
)
def test_signup_language_sticks_to_pages_and_emails(
    client,
    django_capture_on_commit_callbacks,
    cookie,
    accept,
    language,
    html_lang,
    welcome,
    greeting,
):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    if cookie:
        client.cookies["diaspora_language"] = cookie
    client.cookies["diaspora_tz"] = "America%2FSao_Paulo"
    _sign_up_and_confirm(client, "nueva@example.org", django_capture_on_commit_callbacks, **headers)

    user = User.objects.get(email="nueva@example.org")
    assert (user.language, user.time_zone) == (language, "America/Sao_Paulo")
    (welcome_email,) = [
        m for m in mail.outbox if m.extra_headers.get("X-Notification-Kind") == "members.welcome"
    ]
    assert welcome in welcome_email.subject and greeting in welcome_email.body

    # Signed in again from a browser that asks for nothing: the account's language.
    fresh = Client()
    response = fresh.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert html_lang in fresh.get(reverse("home")).text
    assert html_lang in fresh.get(reverse("events:list")).text
