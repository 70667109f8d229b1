"""A visitor opens the impact page, filters by country of origin and sees the map change."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories.members import ProfileFactory, UserFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


def make_members(count, *, origin, residence):
    for user in UserFactory.create_batch(count, profile=None, password=None):
        ProfileFactory(user=user, country_of_origin=origin, country_of_residence=residence)


@pytest.mark.django_db(transaction=True)
def test_filter_the_map_by_country_of_origin(live_server, page):
    make_members(6, origin="VE", residence="CO")
    make_members(5, origin="VE", residence="ES")
    make_members(7, origin="MX", residence="US")
    make_members(2, origin="MX", residence="CO")

    page.goto(f"{live_server.url}/impact/")
    colombia = page.locator('#impact-map path[data-country="CO"] title')
    expect(colombia).to_have_text("Colombia: 10 members")  # 8, published rounded to base 5
    expect(page.locator('#impact-map path[data-country="ES"]')).to_have_count(1)

    page.get_by_label("Country of origin", exact=True).select_option("MX")
    expect(page).to_have_url(f"{live_server.url}/impact/?campaign=&origin=MX")
    expect(colombia).to_have_text("Colombia: fewer than 5 members")
    expect(page.locator('#impact-map path[data-country="ES"]')).to_have_count(0)
    expect(page.locator('#impact-map path[data-country="US"] title')).to_have_text(
        "United States of America: 5 members"
    )

    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#impact-map").screenshot(path=str(ARTIFACTS / "impact-map.png"))
    assert (ARTIFACTS / "impact-map.png").stat().st_size > 0
