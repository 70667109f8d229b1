"""Impact of accepted offers: hours given, needs fulfilled with diaspora help and outcomes shared,
by country of the venture and of the helper, and as help flows; people counts suppressed like the
rest of /impact/ (pages.impact.public_count)."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from core.choices import Visibility
from organizations.models import (
    CheckIn,
    Collaboration,
    CollaborationState,
    NeedStatus,
    OfferState,
)
from pages import impact
from tests.factories.campaigns import CampaignFactory
from tests.factories.members import ProfileFactory, UserFactory
from tests.factories.organizations import NeedFactory, OfferFactory, VentureFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def helpers(count, *, residence, visibility=Visibility.PUBLIC):
    users = UserFactory.create_batch(count, profile=None)
    for user in users:
        ProfileFactory(user=user, country_of_residence=residence, visibility=visibility)
    return users


def collaborate(need, user, *, hours, state=CollaborationState.DONE, shared=False):
    offer = OfferFactory(need=need, member=user, state=OfferState.ACCEPTED)
    collaboration = Collaboration.objects.create(
        offer=offer,
        need=need,
        organization=need.venture.organization,
        helper=user,
        hours=hours,
        state=state,
    )
    if shared:
        CheckIn.objects.create(
            collaboration=collaboration,
            side="helper",
            milestone=30,
            answer="done",
            hours=hours,
            what_changed="Ahora tenemos contabilidad al día.",
            share_publicly=True,
            answered_by=user,
            answered_at=collaboration.started_at,
        )
    return collaboration


@pytest.fixture
def help_given(db):
    """10 helpers in Spain on a fulfilled need of a Colombian venture (4 shared their outcome),
    2 helpers in the US on a need still in progress in Venezuela, 1 whose help did not happen,
    1 with a hidden profile."""
    colombia = VentureFactory(countries=["CO"])
    venezuela = VentureFactory(countries=["VE"])
    fulfilled = NeedFactory(venture=colombia, status=NeedStatus.FULFILLED)
    going = NeedFactory(venture=venezuela, status=NeedStatus.IN_PROGRESS)
    for index, user in enumerate(helpers(10, residence="ES")):
        collaborate(fulfilled, user, hours=10, shared=index < 4)
    for user in helpers(2, residence="US"):
        collaborate(going, user, hours=7, state=CollaborationState.GOING)
    collaborate(going, helpers(1, residence="US")[0], hours=50, state="did_not_happen")
    collaborate(going, helpers(1, residence="US", visibility=Visibility.HIDDEN)[0], hours=99)
    return {"fulfilled": fulfilled}


def test_outcome_figures_in_total_and_by_country(help_given):
    figures = impact.outcome_figures()
    assert figures["totals"] == {
        "helpers": impact.public_count(12),
        "hours_given": 114,
        "needs_fulfilled": 1,
        "outcomes_shared": impact.public_count(4),
    }
    by_venture = {row["country"]: row for row in figures["by_venture_country"]}
    assert by_venture["CO"]["hours_given"] == 100
    assert by_venture["CO"]["needs_fulfilled"] == 1
    assert by_venture["CO"]["helpers"] == impact.public_count(10)
    # Two helpers: their count and their hours are withheld together.
    assert impact.is_suppressed(by_venture["VE"]["helpers"])
    assert impact.is_suppressed(by_venture["VE"]["hours_given"])
    by_helper = {row["country"]: row for row in figures["by_helper_country"]}
    assert set(by_helper) == {"ES", "US"}
    flows = {(row["helper_country"], row["venture_country"]) for row in figures["help_flows"]}
    assert flows == {("ES", "CO"), ("US", "VE")}


def test_campaign_impact_counts_only_its_ventures(help_given):

    campaign = CampaignFactory()
    figures = impact.outcome_figures(impact.ImpactFilter(campaign=campaign))
    assert figures["totals"]["hours_given"] == 0
    assert figures["by_venture_country"] == []


def test_figures_change_as_help_is_given(db):
    need = NeedFactory(venture=VentureFactory(countries=["PE"]), status=NeedStatus.FULFILLED)
    before = impact.outcome_figures()["totals"]
    for user in helpers(5, residence="CL"):
        collaborate(need, user, hours=3)
    after = impact.outcome_figures()["totals"]
    assert (before["hours_given"], before["needs_fulfilled"]) == (0, 0)
    assert (after["hours_given"], after["needs_fulfilled"]) == (15, 1)


def test_impact_page_json_and_csv_carry_the_outcomes(client, help_given):
    html = client.get(reverse("impact")).content.decode()
    assert "Hours given by the diaspora" in html
    assert 'id="help-map"' in html
    svgs = [part for part in html.split("<svg ")[1:] if 'id="help-map"' in part.split(">")[0]]
    assert svgs
    help_map = ET.fromstring("<svg " + svgs[0].split("</svg>")[0] + "</svg>")  # noqa: S314 - ours
    titles = [node.text for node in help_map.iter(f"{SVG}title")]
    assert any("Spain to Colombia" in (title or "") for title in titles)

    data = client.get(reverse("impact_json")).json()
    outcomes = data["outcomes"]
    assert outcomes["totals"]["hours_given"] == 114
    assert all("_raw" not in row for row in outcomes["by_venture_country"])
    assert all("_raw" not in row for row in outcomes["help_flows"])

    for dataset in ("outcomes-by-venture-country", "outcomes-by-helper-country", "help-flows"):
        response = client.get(reverse("impact_csv", args=[dataset]))
        assert response.status_code == 200
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        assert rows and "_raw" not in rows[0]
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(
                    reverse("impact_csv", args=["outcomes-by-venture-country"])
                ).content.decode()
            )
        )
    )
    venezuela = next(row for row in rows if row["country"] == "VE")
    assert venezuela["hours_given"] == impact.FEWER_THAN
