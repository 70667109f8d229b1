"""The whole loop of an offer of help: a member offers, the team accepts (the need is in progress),
30 days later both sides are asked how it went, the team says it is done (the need is fulfilled
and the outcome becomes a draft story), thanks the helper, and the campaign's impact changes."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from organizations.models import CheckIn, NeedStatus, Role
from organizations.tasks import send_check_ins
from tests.browser.conftest import sign_in
from tests.factories.campaigns import CampaignFactory, FeaturedFellowFactory, FellowFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import (
    MembershipFactory,
    NeedFactory,
    OrganizationFactory,
    VentureFactory,
)


def _page(browser, live_server, user, browser_context_args):
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    sign_in(page, live_server, user)
    return page


def _campaign_figure(page, live_server, campaign, label):
    page.goto(f"{live_server.url}/impact/campaign/{campaign.slug}/")
    return page.locator(".impact-outcomes dl div").filter(has_text=label).locator("dd").inner_text()


@pytest.mark.django_db(transaction=True)
def test_offer_to_outcome_loop(live_server, browser, browser_context_args):
    admin = UserFactory(email="directora@example.org")
    helper = UserFactory(email="voluntaria@example.org")
    helper.profile.country_of_residence = "ES"
    helper.profile.display_name = "Lucía Pérez"
    helper.profile.save()
    organization = OrganizationFactory(name="Fundación Semillas del Sur")
    MembershipFactory(organization=organization, user=admin, role=Role.ADMIN)
    venture = VentureFactory(
        organization=organization, name="Escuela de Código Cúcuta", countries=["CO"]
    )
    need = NeedFactory(venture=venture, title="Contabilidad para la escuela")
    campaign = CampaignFactory(title="Unidos por Cúcuta")
    fellow = FellowFactory()
    fellow.ventures.add(venture)
    FeaturedFellowFactory(campaign=campaign, fellow=fellow)

    visitor = browser.new_context(**browser_context_args).new_page()
    assert _campaign_figure(visitor, live_server, campaign, "Needs fulfilled with diaspora") == "0"

    # The member offers help, the team accepts: the need is in progress.
    helper_page = _page(browser, live_server, helper, browser_context_args)
    helper_page.goto(f"{live_server.url}{need.get_absolute_url()}")
    helper_page.get_by_label("Your message").fill("Soy contadora, puedo ayudar los sábados.")
    helper_page.get_by_role("button", name="I can help").click()
    admin_page = _page(browser, live_server, admin, browser_context_args)
    admin_page.goto(f"{live_server.url}/organizations/{organization.slug}/offers/")
    admin_page.locator("article.offer-unanswered").get_by_role("button", name="Accept").click()
    admin_page.goto(f"{live_server.url}{need.get_absolute_url()}")
    expect(admin_page.locator("header .badge", has_text="In progress")).to_have_count(1)

    # 30 days on, the daily beat asks both sides (twice run, once asked).
    in_a_month = (timezone.now() + timedelta(days=30, hours=1)).isoformat()
    assert send_check_ins(now=in_a_month)["sent"] == 2
    assert send_check_ins(now=in_a_month)["sent"] == 0
    assert CheckIn.objects.count() == 2

    helper_page.goto(f"{live_server.url}/members/me/offers/")
    helper_page.get_by_role("button", name="How is it going? Tell us").click()
    helper_page.get_by_label("It is going").check()
    helper_page.get_by_label("Hours given so far").fill("12")
    helper_page.get_by_label("What changed, in a sentence").fill("Las cuentas ya están al día.")
    helper_page.get_by_role("button", name="Send").click()
    expect(helper_page.locator(".check-in-answer")).to_contain_text("Las cuentas ya están al día.")

    # The team says it is done and shares the outcome: the need is fulfilled, a story drafted.
    admin_page.goto(f"{live_server.url}/organizations/{organization.slug}/offers/")
    admin_page.get_by_role("button", name="How is the help going? Tell us").click()
    admin_page.get_by_label("It is done").check()
    admin_page.get_by_label("Hours given so far").fill("15")
    admin_page.get_by_label("What changed, in a sentence").fill(
        "Tenemos contabilidad al día y pudimos pedir una subvención."
    )
    admin_page.get_by_label("This may be shared publicly").check()
    admin_page.get_by_role("button", name="Send").click()
    expect(admin_page.locator("main")).to_contain_text("only you can see it")
    admin_page.get_by_role("button", name="Edit and publish").click()
    admin_page.get_by_role("button", name="Publish").click()
    expect(admin_page.locator("main")).to_contain_text("pudimos pedir una subvención")
    need.refresh_from_db()
    assert need.status == NeedStatus.FULFILLED

    # The team thanks the helper, who shows their contributions on the profile.
    admin_page.goto(f"{live_server.url}/organizations/{organization.slug}/offers/")
    admin_page.get_by_label("A public thank-you").fill("¡Gracias, Lucía, por ordenar las cuentas!")
    admin_page.get_by_role("button", name="Save the thank-you").click()
    expect(admin_page.locator("main")).to_contain_text("Your thank-you is saved.")
    helper.profile.show_contributions = True
    helper.profile.save()
    visitor.goto(f"{live_server.url}{helper.profile.get_absolute_url()}")
    contributions = visitor.locator(".contributions")
    expect(contributions).to_contain_text("¡Gracias, Lucía, por ordenar las cuentas!")
    expect(contributions).to_contain_text("Escuela de Código Cúcuta")
    expect(contributions).to_contain_text("12 hours given")
    visitor.goto(f"{live_server.url}{need.get_absolute_url()}")
    expect(visitor.locator(".credits")).to_contain_text("Lucía Pérez")

    # And the campaign's impact counts it.
    assert _campaign_figure(visitor, live_server, campaign, "Needs fulfilled with diaspora") == "1"
    assert _campaign_figure(visitor, live_server, campaign, "Outcomes shared") != "0"
