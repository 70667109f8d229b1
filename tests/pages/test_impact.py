import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.choices import Visibility
from events.models import Event, Registration
from organizations.models import NeedCategory, NeedStatus, NeedStatusChange, OfferState
from pages import impact
from pages.impact_svg import bins_for, legend_items
from pages.impact_views import campaign_impact_context
from tests.factories.campaigns import CampaignFactory, CampaignMemberFactory
from tests.factories.members import ProfileFactory, UserFactory
from tests.factories.organizations import NeedFactory, OfferFactory, OrganizationFactory

SVG = "{http://www.w3.org/2000/svg}"


def make_members(count, *, origin, residence, visibility=Visibility.PUBLIC):
    users = UserFactory.create_batch(count, profile=None)
    for user in users:
        ProfileFactory(
            user=user,
            country_of_origin=origin,
            country_of_residence=residence,
            visibility=visibility,
        )
    return users


@pytest.fixture
def community(db):
    """7 Venezuelans in Colombia, 6 Mexicans in the US, 2 Brazilians in Portugal, 3 hidden in Spain."""
    venezuelans = make_members(7, origin="VE", residence="CO")
    make_members(6, origin="MX", residence="US")
    brazilians = make_members(2, origin="BR", residence="PT")
    make_members(3, origin="AR", residence="ES", visibility=Visibility.HIDDEN)
    OrganizationFactory.create_batch(2)
    fulfilled = NeedFactory(status=NeedStatus.FULFILLED, category=NeedCategory.MENTORING)
    NeedFactory(status=NeedStatus.OPEN, category=NeedCategory.TECHNICAL)
    NeedFactory(status=NeedStatus.OPEN, category=NeedCategory.TECHNICAL)
    NeedFactory(status=NeedStatus.DRAFT, category=NeedCategory.FUNDING)
    march = datetime(2026, 3, 10, tzinfo=UTC)
    NeedStatusChange.objects.create(need=fulfilled, to_status=NeedStatus.OPEN, changed_at=march)
    NeedStatusChange.objects.create(
        need=fulfilled,
        from_status=NeedStatus.OPEN,
        to_status=NeedStatus.FULFILLED,
        changed_at=datetime(2026, 4, 2, tzinfo=UTC),
    )
    for user in venezuelans[:6]:
        OfferFactory(need=fulfilled, member=user, created_at=march)
    OfferFactory(
        need=fulfilled,
        member=brazilians[0],
        created_at=march,
        state=OfferState.ACCEPTED,
        answered_at=march,
    )
    return {"venezuelans": venezuelans, "brazilians": brazilians, "fulfilled": fulfilled}


def test_headline_figures_match_the_database_without_hidden_profiles(community):
    figures = impact.headline_figures()
    # 7 + 6 + 2 visible; the 3 hidden Argentinians in Spain are never counted.
    assert figures["members"] == 15
    assert figures["countries_of_origin"] == 3
    assert figures["countries_of_residence"] == 3
    # The factories' needs each bring their own organization: 2 + 4.
    assert figures["organizations"] == 6
    assert figures["needs_fulfilled"] == 1
    assert figures["needs_open"] == 2


def test_public_count_is_the_one_rule():
    assert impact.public_count(0) == 0
    assert [impact.public_count(n) for n in range(1, 5)] == [impact.FEWER_THAN] * 4
    assert impact.public_count(5) == 5


def test_members_by_country_and_flows_suppress_small_counts(community):
    by_country = {row["country"]: row["members"] for row in impact.members_by_residence()}
    assert by_country == {"CO": 5, "US": 5, "PT": impact.FEWER_THAN}
    flows = {(row["origin"], row["residence"]): row["members"] for row in impact.flows()}
    assert flows == {("VE", "CO"): 5, ("MX", "US"): 5, ("BR", "PT"): impact.FEWER_THAN}


def test_needs_by_category_and_over_time(community):
    rows = {row["category"]: row for row in impact.needs_by_category()}
    assert rows["technical"]["open"] == 2
    assert rows["mentoring"]["fulfilled"] == 1
    # Drafts are not published.
    assert rows["funding"] == {**rows["funding"], "open": 0, "fulfilled": 0, "closed": 0}
    assert impact.needs_over_time() == [
        {"month": "2026-03", "opened": 1, "fulfilled": 0, "closed": 0},
        {"month": "2026-04", "opened": 0, "fulfilled": 1, "closed": 0},
    ]


def test_offers_made_and_accepted_are_suppressed_below_five(community):
    assert impact.offer_totals() == {"made": 5, "accepted": impact.FEWER_THAN}
    assert impact.offers_over_time() == [
        {"month": "2026-03", "made": 5, "accepted": impact.FEWER_THAN}
    ]


def test_filter_by_origin_and_by_campaign(community):
    only_venezuelans = impact.ImpactFilter(origin="VE")
    assert impact.headline_figures(only_venezuelans)["members"] == 5
    assert [row["country"] for row in impact.members_by_residence(only_venezuelans)] == ["CO"]
    campaign_member = CampaignMemberFactory(user=community["venezuelans"][0])
    in_campaign = impact.ImpactFilter(campaign=campaign_member.campaign)
    assert impact.headline_figures(in_campaign)["members"] == impact.FEWER_THAN


def parse_svgs(html):
    """Every <svg> in a page, parsed as XML (so they must be well formed)."""
    svgs = []
    start = 0
    while (begin := html.find("<svg", start)) != -1:
        end = html.find("</svg>", begin) + len("</svg>")
        svgs.append(ET.fromstring(html[begin:end]))  # noqa: S314 - our own output
        start = end
    return svgs


def test_map_is_valid_svg_naming_every_shaded_country(client, community):
    response = client.get(reverse("impact"))
    assert response.status_code == 200
    html = response.content.decode()
    world_map = next(svg for svg in parse_svgs(html) if svg.get("id") == "impact-map")
    assert world_map.get("role") == "img"
    labelled_by = world_map.get("aria-labelledby").split()
    assert world_map.find(f"{SVG}title").get("id") in labelled_by
    shaded = world_map.findall(f".//{SVG}path[@data-country]")
    titles = {path.get("data-country"): path.find(f"{SVG}title").text for path in shaded}
    assert titles == {
        "CO": "Colombia: 5 members",
        "US": "United States of America: 5 members",
        "PT": "Portugal: fewer than 5 members",
    }
    assert "ES" not in titles  # only hidden profiles live there
    flow_titles = [
        path.find(f"{SVG}title").text
        for path in world_map.iter(f"{SVG}path")
        if path.get("data-country") is None and path.find(f"{SVG}title") is not None
    ]
    assert "Brazil to Portugal: fewer than 5 members" in flow_titles
    # Charts and their tables never show the exact small counts either.
    assert "fewer than 5" in html
    assert ">2</td>" not in html.split('id="impact-offers-heading"')[1]


def test_filtering_changes_the_map_and_htmx_gets_the_partial(client, community):
    response = client.get(reverse("impact"), {"origin": "MX"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    world_map = next(svg for svg in parse_svgs(html) if svg.get("id") == "impact-map")
    shaded = [
        path.get("data-country")
        for path in world_map.iter(f"{SVG}path")
        if path.get("data-country")
    ]
    assert shaded == ["US"]


@pytest.mark.parametrize(
    "dataset",
    ["members-by-country", "flows", "needs-by-category", "needs-over-time", "offers-over-time"],
)
def test_csv_downloads(client, community, dataset):
    response = client.get(reverse("impact_csv", args=[dataset]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows
    if dataset == "members-by-country":
        assert {row["country"]: row["members"] for row in rows} == {
            "CO": "5",
            "US": "5",
            "PT": "fewer than 5",
        }
    if dataset == "offers-over-time":
        assert rows == [{"month": "2026-03", "made": "5", "accepted": "fewer than 5"}]


def test_unknown_csv_is_404(client, db):
    assert client.get("/impact/secrets.csv").status_code == 404


def test_json_for_partners_suppresses_small_counts(client, community):
    data = client.get(reverse("impact_json")).json()
    assert data["totals"]["members"] == 15
    assert {row["country"]: row["members"] for row in data["members_by_country"]} == {
        "CO": 5,
        "US": 5,
        "PT": "fewer than 5",
    }
    assert all("_raw" not in row for row in data["members_by_country"] + data["flows"])
    assert data["offers"] == {"made": 5, "accepted": "fewer than 5"}
    text = json.dumps(data)
    assert '"members": 2' not in text and '"members": 3' not in text


def test_campaign_partial_renders_the_campaign_figures(rf, community):

    campaign = CampaignFactory(slug="unidos")
    for user in community["venezuelans"][:5]:
        CampaignMemberFactory(user=user, campaign=campaign)
    html = render_to_string("pages/_campaign_impact.html", campaign_impact_context(campaign))
    world_map = next(svg for svg in parse_svgs(html) if svg.get("id") == "impact-map")
    titles = [
        p.find(f"{SVG}title").text for p in world_map.iter(f"{SVG}path") if p.get("data-country")
    ]
    assert titles == ["Colombia: 5 members"]
    assert "?campaign=unidos" in html


def test_impact_page_query_count_stays_flat(client, community, django_assert_max_num_queries):
    make_members(40, origin="CO", residence="ES")
    NeedFactory.create_batch(10)
    with django_assert_max_num_queries(13):  # 13th: the outcomes of collaborations, one query
        assert client.get(reverse("impact")).status_code == 200


def test_impact_figures_are_cached_until_a_member_joins(
    client, community, django_assert_max_num_queries
):
    client.get(reverse("impact"))
    with django_assert_max_num_queries(2):  # the campaign choices only; figures come from cache
        client.get(reverse("impact"))
    make_members(5, origin="CO", residence="CL")
    html = client.get(reverse("impact")).content.decode()
    assert "Chile: 5 members" in html


def test_legend_scales_with_the_largest_country():

    with translation.override("en"):
        labels = [label for _colour, label in legend_items(bins_for(1000))]
    assert labels == [
        "fewer than 5",
        "5–19",
        "20–99",
        "100–499",
        "500 or more",
    ]


def make_event(*, title, starts_at, status="published", organization=None):

    return Event.objects.create(
        title=title,
        organization=organization or OrganizationFactory(),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        status=status,
    )


def test_events_held_and_attendance_suppress_small_counts(client, community):

    march = make_event(title="Mentoría abierta", starts_at=datetime(2026, 3, 5, tzinfo=UTC))
    april = make_event(title="Feria", starts_at=datetime(2026, 4, 5, tzinfo=UTC))
    make_event(title="Borrador", starts_at=datetime(2026, 4, 6, tzinfo=UTC), status="draft")
    hidden = make_members(1, origin="AR", residence="ES", visibility=Visibility.HIDDEN)[0]
    for user in community["venezuelans"][:6] + [hidden]:
        Registration.objects.create(event=march, user=user, state="going")
    Registration.objects.create(event=march, user=community["venezuelans"][6], state="cancelled")
    for user in community["brazilians"]:
        Registration.objects.create(event=april, user=user, state="going")

    assert impact.events_over_time() == [
        {"month": "2026-03", "held": 1, "attendance": 5},
        {"month": "2026-04", "held": 1, "attendance": impact.FEWER_THAN},
    ]
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(reverse("impact_csv", args=["events-over-time"])).content.decode()
            )
        )
    )
    assert rows[1] == {"month": "2026-04", "held": "1", "attendance": "fewer than 5"}
    assert client.get(reverse("impact_json")).json()["events_over_time"][1]["attendance"] == (
        "fewer than 5"
    )
    html = client.get(reverse("impact")).content.decode()
    chart = next(svg for svg in parse_svgs(html) if svg.get("id") == "impact-events")
    bar_titles = [
        rect.find(f"{SVG}title").text
        for rect in chart.iter(f"{SVG}rect")
        if rect.find(f"{SVG}title") is not None
    ]
    assert "2026-04 · Attendance: fewer than 5" in bar_titles


def test_impact_page_filtered_by_campaign_query_count(
    client, community, django_assert_max_num_queries
):
    campaign_member = CampaignMemberFactory(user=community["venezuelans"][0])
    make_members(40, origin="CO", residence="ES")
    with django_assert_max_num_queries(13):
        response = client.get(reverse("impact"), {"campaign": campaign_member.campaign.slug})
    assert response.status_code == 200


@pytest.mark.django_db
def test_campaign_page_loads_its_own_impact_figures(client):

    campaign = CampaignFactory()
    page = client.get(campaign.get_absolute_url()).content.decode()
    partial_url = f"/impact/campaign/{campaign.slug}/"
    assert partial_url in page
    partial = client.get(partial_url)
    assert partial.status_code == 200
    assert "campaign-impact-heading" in partial.content.decode()
    assert client.get("/impact/campaign/no-such-campaign/").status_code == 404
