import pytest
from django.urls import reverse

from core.markdown import render_markdown

pytestmark = pytest.mark.django_db


def test_home_page_answers_for_visitors(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'href="#main"' in response.content  # skip link
    assert b"<main" in response.content


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_language_switcher_translates_and_remembers(client, member):
    client.force_login(member)
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "es"
    page = client.get("/")
    assert 'lang="es"' in page.content.decode()


def test_language_switcher_is_one_click_per_language(client):
    page = client.get("/").text
    for code in ("es", "pt-br"):
        assert f'<button type="submit" name="language" value="{code}"' in page
    assert 'value="en" lang="en" class="secondary outline" aria-current="true" disabled' in page


def test_markdown_is_sanitised():
    html = render_markdown(
        "**bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>"
    )
    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
