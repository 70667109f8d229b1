"""Staff import fellows from a partner's CSV, feature three in their chosen order; visitors see it."""

import pytest
from playwright.sync_api import expect

from campaigns.models import FeaturedFellow, Fellow
from tests.browser.conftest import sign_in
from tests.factories.campaigns import CampaignFactory
from tests.factories.members import StaffFactory

CSV = (
    "slug,name,country,fellowship,year_elected,bio,is_published,causes,ventures\n"
    "ana-quispe,Ana Quispe,PE,Ashoka,2016,Agua *limpia*,1,Agua,\n"
    "bruno-sa,Bruno Sá,BR,Ashoka,2014,Educação,1,Educação,\n"
    "carmen-lopez,Carmen López,MX,Ashoka,2019,Empleo,1,Empleo,\n"
    "diego-ruiz,Diego Ruiz,CO,Ashoka,2011,Salud,1,Salud,\n"
)


@pytest.mark.django_db(transaction=True)
def test_staff_imports_and_features_fellows_visitor_sees_order(live_server, page, tmp_path):
    staff = StaffFactory(email="curator@example.org")
    campaign = CampaignFactory(slug="changemakers-unidos", title="Changemakers Unidos")
    csv_file = tmp_path / "fellows.csv"
    csv_file.write_text(CSV, encoding="utf-8")

    sign_in(
        page, live_server, staff
    )  # staff have TOTP; the admin login itself is tested in tests/trust
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#site-name")).to_be_visible()

    page.goto(f"{live_server.url}/admin/campaigns/fellow/import/")
    page.set_input_files("#id_import_file", str(csv_file))
    page.click("input[type=submit]")
    expect(page.get_by_text("Carmen López").first).to_be_visible()
    assert Fellow.objects.count() == 0  # the preview saved nothing
    page.click("input[name=confirm]")
    expect(page.locator(".messagelist")).to_contain_text("4")
    assert Fellow.objects.count() == 4

    chosen = ["diego-ruiz", "ana-quispe", "carmen-lopez"]
    page.goto(f"{live_server.url}/admin/campaigns/campaign/{campaign.pk}/change/")
    add_row = page.locator(".add-row a").first
    for index, slug in enumerate(chosen):
        add_row.click()
        page.fill(f"#id_featured-{index}-fellow", str(Fellow.objects.get(slug=slug).pk))
        page.fill(f"#id_featured-{index}-blurb", f"Blurb {index}")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_be_visible()
    stored = list(
        FeaturedFellow.objects.filter(campaign=campaign)
        .order_by("order")
        .values_list("fellow__slug", flat=True)
    )
    assert stored == chosen

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/campaigns/changemakers-unidos/")
    cards = page.locator("#featured-fellows .fellow-card")
    expect(cards).to_have_count(3)
    assert [cards.nth(i).get_attribute("data-fellow") for i in range(3)] == chosen
    expect(cards.first).to_contain_text("Diego Ruiz")
