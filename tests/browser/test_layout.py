"""The shell on the key pages, signed out and signed in, at a laptop's and a phone's width: the
header is one short row (a menu button on the phone), nothing scrolls sideways even with every
<details> open, no form control is narrower than 120 px (the directory's and the events' filter
bars were 40-109 px), and axe-core finds no WCAG 2.1 A/AA violation nor a tap target under 24 px.

axe-core is vendored under tests/browser/vendor/ (MPL-2.0, its licence beside it) and evaluated
through the DevTools protocol, which the page's strict CSP does not block."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from campaigns.models import Campaign
from events.models import Event
from members.demo import ACCOUNTS
from members.models import User
from organizations.models import Need, Organization, Role

from .conftest import settle, sign_in

AXE = Path(__file__).parent / "vendor" / "axe-core-4.10.3" / "axe.min.js"
WIDTHS = {"laptop": (1280, 900), "phone": (360, 740)}
HEADER_MAX_PX = 64
NARROWEST_CONTROL = 120

LAYOUT = """() => {
  const header = document.querySelector('.site-header');
  // checkVisibility() is false inside a closed <details> (content-visibility: hidden) too.
  const visible = e => e.checkVisibility({visibilityProperty: true});
  const items = [...header.querySelectorAll('nav li, .brand, summary')]
    .filter(visible).map(e => e.getBoundingClientRect()).filter(r => r.height > 0);
  const middles = items.map(r => r.top + r.height / 2);
  return {
    header: header.getBoundingClientRect().height,
    rowSpread: Math.max(...middles) - Math.min(...middles),
    menuButton: !!header.querySelector('.site-menu > summary') && visible(header.querySelector('.site-menu > summary')),
  };
}"""
OPENED = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const narrow = [...document.querySelectorAll(
      'input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea')]
    .filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().width < 120)
    .map(e => (e.name || e.id || e.tagName) + ':' + Math.round(e.getBoundingClientRect().width) + 'px');
  return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth, narrow};
}"""
AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
    rules: {'target-size': {enabled: true}},  // WCAG 2.2's 24 px tap targets too
    resultTypes: ['violations'],
  });
  return result.violations.map(v => v.id + ' (' + v.impact + '): ' +
    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


def key_pages(viewer):
    need = Need.objects.order_by("pk").first()
    event = Event.objects.order_by("pk").first()
    campaign = Campaign.objects.get(slug="changemakers-unidos")
    member = User.objects.get(email="member@example.org")
    # An organizer also gets their organization's and venture's "Manage" links: five in a row,
    # longest in Portuguese, and they ran off a phone's side.
    managed = []
    if viewer is not None:
        organization = Organization.objects.filter(
            memberships__user=viewer, memberships__role=Role.ADMIN
        ).first()
        managed = [
            organization.get_absolute_url(),
            organization.ventures.first().get_absolute_url(),
        ]
    return [
        *managed,
        "/",
        "/members/",
        "/organizations/",
        "/needs/",
        need.get_absolute_url(),
        "/events/",
        event.get_absolute_url(),
        campaign.get_absolute_url(),
        "/impact/",
        f"/members/{member.handle}/",
        "/accounts/login/",
    ]


# A test per persona (the two run in parallel under xdist), each page loaded once and laid out at
# both widths (loading and rendering pages in the browser was most of the time). The visitor reads
# English; the signed-in organizer (a member too) reads Portuguese, whose words run longest.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("persona", "locale"),
    [("visitor", "en-US"), ("organizer", "pt-BR")],
    ids=["visitor", "organizer-pt"],
)
def test_key_pages_layout_and_accessibility(live_server, browser, persona, locale):
    call_command("seed_demo", stdout=StringIO())
    axe_source = AXE.read_text(encoding="utf-8")
    problems = []
    context = browser.new_context(
        viewport={"width": WIDTHS["laptop"][0], "height": WIDTHS["laptop"][1]},
        locale=locale,
        timezone_id="America/Bogota",
    )
    page = context.new_page()
    viewer = None
    if persona != "visitor":
        viewer = User.objects.get(email=ACCOUNTS[persona])
        sign_in(page, live_server, viewer)
    for path in key_pages(viewer):
        page.goto(live_server.url + path)
        settle(page)
        page.evaluate(axe_source)
        for width_name, (width, height) in WIDTHS.items():
            where = f"{path} at {width} px ({persona})"
            page.set_viewport_size({"width": width, "height": height})
            layout = page.evaluate(LAYOUT)
            if layout["header"] >= HEADER_MAX_PX:
                problems.append(f"{where}: header {layout['header']:.0f} px tall")
            if layout["rowSpread"] > 4:
                problems.append(f"{where}: header items on more than one row")
            if layout["menuButton"] != (width_name == "phone"):
                problems.append(f"{where}: menu button shown={layout['menuButton']}")
            violations = page.evaluate(AXE_RUN)
            problems += [f"{where}: axe {violation}" for violation in violations]
        # Last: OPENED opens every <details>, the header's menu too.
        for width, height in WIDTHS.values():
            where = f"{path} at {width} px ({persona})"
            page.set_viewport_size({"width": width, "height": height})
            opened = page.evaluate(OPENED)
            if opened["scrollWidth"] > opened["innerWidth"]:
                problems.append(f"{where}: scrolls sideways to {opened['scrollWidth']} px")
            if opened["narrow"]:
                problems.append(f"{where}: narrow controls {', '.join(opened['narrow'])}")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_phone_menu_opens_from_the_keyboard(live_server, browser):
    """The menu button is a labelled disclosure: Tab reaches it, Enter opens it, the links in it
    are reachable next."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
    page = context.new_page()
    page.goto(live_server.url + "/")
    members_link = page.locator(".site-nav a", has_text="Members")
    assert not members_link.is_visible()
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    page.keyboard.press("Enter")
    assert members_link.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Members"
    context.close()
