"""Editing what you made: the edit forms of organizations, ventures and needs, tried the way a
new team would use them."""

import html
import re

import pytest
from django.urls import reverse

from organizations.models import Need, NeedStatus
from tests.factories.organizations import NeedFactory, VentureFactory

pytestmark = pytest.mark.django_db

TAGS = ["educación", "salud pública", "niñez migrante"]


def _tag_names(manager):
    return sorted(tag.name for tag in manager.all())


def test_organization_with_causes_edits_and_its_causes_round_trip(client, organization, team):
    organization.causes.add(*TAGS)
    client.force_login(team["admin"])
    url = reverse("organizations:edit", args=[organization.slug])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "name": organization.name,
            "kind": organization.kind,
            "causes": _input_value(page, "causes"),
        },
    )
    assert response.status_code == 302
    assert _tag_names(organization.causes) == sorted(TAGS)


def test_venture_with_causes_edits_and_its_causes_round_trip(client, organization, team):
    venture = VentureFactory(organization=organization)
    venture.causes.add(*TAGS)
    client.force_login(team["editor"])
    url = reverse("organizations:venture_edit", args=[venture.slug])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "name": venture.name,
            "summary": venture.summary,
            "stage": "pilot",
            "causes": _input_value(page, "causes"),
        },
    )
    assert response.status_code == 302
    assert _tag_names(venture.causes) == sorted(TAGS)


def test_need_with_skills_edits_and_its_skills_round_trip(client, organization, team):
    need = NeedFactory(venture=VentureFactory(organization=organization), skills=TAGS)
    client.force_login(team["editor"])
    url = reverse("organizations:need_edit", args=[need.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "title": need.title,
            "description": need.description,
            "category": need.category,
            "is_remote": "on",
            "skills": _input_value(page, "skills"),
        },
    )
    assert response.status_code == 302
    assert _tag_names(need.skills) == sorted(TAGS)


def _input_value(page, name):
    """What the browser sends back unchanged: the value the form's text input shows."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page.content.decode())
    assert match, f"no {name} input"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return html.unescape(value.group(1)) if value else ""


def test_status_control_shows_the_current_status_and_keeping_it_changes_nothing(client, team, need):
    client.force_login(team["editor"])
    page = client.get(need.get_absolute_url()).content.decode()
    select = re.search(r'<select name="status".*?</select>', page, re.S).group(0)
    assert re.search(r'<option value="open"[^>]*selected', select)
    assert 'value="draft" selected' not in select
    # Sending the form back as shown keeps the need open, with no history entry.
    client.post(reverse("organizations:need_status", args=[need.pk]), {"status": "open"})
    need.refresh_from_db()
    assert need.status == "open"
    assert not need.status_changes.exists()


def test_a_fulfilled_need_offers_no_status_control(client, team, need):
    Need.objects.filter(pk=need.pk).update(status=NeedStatus.FULFILLED)
    client.force_login(team["editor"])
    assert '<select name="status"' not in client.get(need.get_absolute_url()).content.decode()
