"""Time zones are named in the reader's language, as people name them (CLDR): the profile
editor's and the event form's select, grouped by country, and every time the site labels."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from core.dates import format_when
from core.zones import canonical_zone, zone_name
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "bogota", "colombia", "new_york"),
    [
        ("es", "Bogotá (hora de Colombia)", "Colombia", "Nueva York"),
        ("pt-br", "Bogotá (horário da Colômbia)", "Colômbia", "Nova York"),
        ("en", "Bogota (Colombia Time)", "Colombia", "New York"),
    ],
)
def test_profile_editor_names_zones_in_the_members_language_grouped_by_country(
    client, language, bogota, colombia, new_york
):
    member = UserFactory(language=language, time_zone="America/Bogota")
    client.force_login(member)
    page = client.get(reverse("members:edit")).text
    assert f'<option value="America/Bogota" selected>{bogota}</option>' in page
    assert f'<optgroup label="{colombia}">' in page
    assert f'value="America/New_York">{new_york} (' in page
    assert ">America/Bogota<" not in page and "America/Sao Paulo" not in page


def test_an_alias_the_browser_reported_is_selected_as_its_zone(client):
    """Some browsers report older names (Asia/Calcutta): the select shows the zone it is."""
    member = UserFactory(language="es", time_zone="America/Buenos_Aires")
    client.force_login(member)
    page = client.get(reverse("members:edit")).text
    assert '<option value="America/Argentina/Buenos_Aires" selected>' in page
    assert canonical_zone("Asia/Calcutta") == "Asia/Kolkata"
    assert canonical_zone("Etc/UTC") == "UTC"


def test_profile_saves_a_chosen_zone_and_refuses_an_unknown_one(client):
    from tests.members.test_profile_forms import valid_data  # noqa: PLC0415 - one form's data

    member = UserFactory(language="es")
    client.force_login(member)
    client.post(reverse("members:edit"), valid_data(time_zone="America/Sao_Paulo"))
    member.refresh_from_db()
    assert member.time_zone == "America/Sao_Paulo"
    response = client.post(reverse("members:edit"), valid_data(time_zone="Mars/Olympus"))
    assert response.status_code == 200 and "time_zone" in response.context["form"].errors


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("es", "(hora de São Paulo, GMT-3)"),
        ("pt-br", "(horário de São Paulo, GMT-3)"),
        ("en", "(Sao Paulo time, GMT-3)"),
    ],
)
def test_times_name_their_zone_in_the_readers_language(language, label):
    with translation.override(language):
        text = format_when(datetime(2030, 1, 15, 21, 0, tzinfo=UTC), "America/Sao_Paulo")
    assert text.endswith(label), text


def test_zone_names_follow_cldr_in_brazilian_portuguese():
    with translation.override("pt-br"):
        assert zone_name("Europe/Madrid") == "Madri (horário da Europa Central)"
