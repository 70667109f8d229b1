"""Create, edit and view every object a member can create, with every field of its form filled
(tags too), as the member who owns it; then view it as a visitor and as another member. Each
journey is walked once, on a phone (360 px); at every step the page is also laid out at 1280 px.
Every step fails the test when a form control is narrower than 120 px or the page scrolls
sideways at either width, and (JOURNEY_SCREENSHOTS=1, `make journeys`) leaves a screenshot at both
widths under test-artifacts/journeys/."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from campaigns.models import Story
from events.models import Event
from organizations.models import Need, Organization, Role, Venture
from tests.factories.campaigns import CampaignFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory, NeedFactory, VentureFactory

from .conftest import screenshot, settle, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "journeys"
WIDTHS = {"wide": 1280, "phone": 360}
WALKED = "phone"
NARROWEST_CONTROL = 120

LAYOUT = """() => {
  const controls = [...document.querySelectorAll(
    'input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea')]
  const narrow = controls
    .filter(e => e.offsetParent !== null && e.getBoundingClientRect().width < NARROWEST)
    .map(e => `${e.name || e.id} (${Math.round(e.getBoundingClientRect().width)} px)`)
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, narrow}
}""".replace("NARROWEST", str(NARROWEST_CONTROL))

CONTROLS = """form => [...form.elements]
  .filter(e => e.name && !['hidden', 'submit', 'button', 'reset'].includes(e.type)
               && e.tagName !== 'BUTTON' && e.tagName !== 'FIELDSET')
  .map(e => ({id: e.id, name: e.name, type: e.type, tag: e.tagName, multiple: !!e.multiple,
              value: e.value, checked: !!e.checked,
              options: e.tagName === 'SELECT' ? [...e.options].map(o => o.value) : []}))"""


class Journey:
    """Screenshots and layout checks, step by step, for one object at both widths. The pages are
    walked at the phone's width (where forms are narrowest) and laid out again at the laptop's at
    every step: one walk instead of two (filling, submitting and loading pages was most of the
    time), the same pictures and checks."""

    def __init__(self, name):
        self.name = name
        self.steps = 0
        self.problems = []
        for width_name in WIDTHS:
            folder = ARTIFACTS / width_name
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob(f"{name}-*.png"):
                old.unlink()

    def page(self, browser, live_server, browser_context_args, user=None):
        """A page of its own browser context at the walked width, signed in as `user` if given."""
        context = browser.new_context(
            **{**browser_context_args, "viewport": {"width": WIDTHS[WALKED], "height": 900}}
        )
        page = context.new_page()
        if user is not None:
            sign_in(page, live_server, user)
        return page

    def step(self, page, label):
        self.steps += 1
        settle(page)
        # The walked width last, so the journey goes on where it was.
        for width_name in sorted(WIDTHS, key=lambda name: name == WALKED):
            page.set_viewport_size({"width": WIDTHS[width_name], "height": 900})
            path = ARTIFACTS / width_name / f"{self.name}-{self.steps:02d}-{label}.png"
            screenshot(page, path)
            layout = page.evaluate(LAYOUT)
            where = f"{width_name} {self.name} step {self.steps} ({label}, {page.url})"
            if layout["scrollWidth"] > layout["innerWidth"]:
                self.problems.append(
                    f"{where}: scrolls sideways ({layout['scrollWidth']} > {layout['innerWidth']} px)"
                )
            if layout["narrow"]:
                self.problems.append(f"{where}: narrow controls {', '.join(layout['narrow'])}")

    def assert_layout(self):
        assert not self.problems, "\n".join(self.problems)


def fill_form(form, values, files):
    """Every control of the form: `values` by field name, else something valid for its type.
    Checkbox groups get their first two choices (or the values given), single boxes are ticked
    (not "clear"), selects get the value given or their first real option."""
    page = form.page
    controls = form.evaluate(CONTROLS)
    groups = {}
    for control in controls:
        groups.setdefault(control["name"], []).append(control)
    future = timezone.localdate() + datetime.timedelta(days=40)
    for name, members in groups.items():
        first = members[0]
        wanted = values.get(name)
        kind = first["type"]
        if kind == "checkbox":
            if name.endswith("-clear"):
                continue
            if len(members) == 1:
                page.locator(f"#{first['id']}").set_checked(wanted is not False)
                continue
            chosen = wanted if isinstance(wanted, list) else None
            for index, member in enumerate(members):
                tick = member["value"] in chosen if chosen is not None else index < 2
                if tick != member["checked"]:  # a click per box that changes, not per box
                    page.locator(f"#{member['id']}").set_checked(tick)
        elif kind == "radio":
            for member in members:
                if wanted is None or member["value"] == wanted:
                    page.locator(f"#{member['id']}").check()
                    break
        elif first["tag"] == "SELECT":
            select = page.locator(f"#{first['id']}")
            options = [option for option in first["options"] if option]
            if first["multiple"]:
                select.select_option(wanted if isinstance(wanted, list) else options[:2])
            else:
                select.select_option(wanted if wanted is not None else options[0])
        elif kind == "file":
            if name in files:
                page.locator(f"#{first['id']}").set_input_files(files[name])
        else:
            field = page.locator(f"#{first['id']}")
            if wanted is None:
                wanted = {
                    "url": f"https://example.org/{name}",
                    "email": "contacto@example.org",
                    "number": "6",
                    "date": future.isoformat(),
                    "datetime-local": f"{future.isoformat()}T18:00",
                }.get(kind, f"Texto de {name}")
            field.fill(str(wanted))


def submit(page, journey, label, button="button[type=submit]"):
    button = main_form(page).locator(button).last
    url_before = page.url
    # Every form here posts and loads a page (no htmx): wait for that page, not for half a second
    # of network silence after it (networkidle).
    with page.expect_navigation():
        button.click()
    errors = page.locator("main .form-error, main .error, main .errorlist, main [role=alert]")
    if page.url == url_before and errors.count():
        journey.step(page, f"{label}-errors")
        texts = " | ".join(errors.all_inner_texts())
        pytest.fail(f"{journey.name}: {label} refused: {texts}")


def follow(page, path):
    """The owner reaches the edit form by its link on the object's page, as they would."""
    with page.expect_navigation():
        page.locator(f"main a[href='{path}']").first.click()


def lands_on(page, live_server, path):
    """A saved form lands on the object's own page (no second load to see it)."""
    expect(page).to_have_url(f"{live_server.url}{path}")


def main_form(page):
    """The page's own form (not the offer box's neighbours nor a status form): the one with
    text to type."""
    return page.locator("main form[method=post]").filter(has=page.locator("textarea")).first


def field(page, name):
    # By name: the owner's interface may be in the language they chose on their profile.
    return main_form(page).locator(f"[name={name}]")


def expect_shown(page, *texts):
    main = page.locator("main")
    for text in texts:
        expect(main).to_contain_text(text)


def view_as_others(journey, browser, live_server, browser_context_args, url, texts, other):
    for label, user in (("visitor", None), ("another-member", other)):
        page = journey.page(browser, live_server, browser_context_args, user)
        page.goto(f"{live_server.url}{url}")
        expect_shown(page, *texts)
        journey.step(page, f"view-as-{label}")
        page.context.close()


@pytest.fixture
def picture(tmp_path):
    path = tmp_path / "foto.png"
    Image.new("RGB", (480, 360), (200, 120, 40)).save(path)
    return str(path)


# --- profile ----------------------------------------------------------------------------------


def test_profile(live_server, browser, browser_context_args, picture):
    journey = Journey("profile")
    owner = UserFactory(email="ines@example.org", handle="ines-nunez", profile=None)
    page = journey.page(browser, live_server, browser_context_args, owner)
    page.goto(f"{live_server.url}/members/me/welcome/")
    fill_form(
        main_form(page),
        {
            "display_name": "Inés Núñez",
            "headline": "Contadora en Madrid",
            "bio": "Llegué a **Madrid** en 2019.",
            "bio_language": "es",
            "country_of_origin": "VE",
            "country_of_residence": "ES",
            "city": "Madrid",
            "languages": ["es", "pt"],
            "skills": "Contabilidad, Cartografía participativa",
            "causes": "Agua potable, Educación rural",
            "hours_per_month": "12",
            "links": "https://ines.example.org\nhttps://example.org/ines",
            "time_zone": "Europe/Madrid",
            "language": "es",
            "visibility": "public",
        },
        {"avatar": picture},
    )
    journey.step(page, "create-form")
    submit(page, journey, "create")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inés Núñez")
    expect_shown(page, "Cartografía participativa", "Agua potable", "Contadora en Madrid")
    expect(page.locator("main img.avatar, main img[alt*='Inés']").first).to_be_visible()
    journey.step(page, "view-own")

    follow(page, "/members/me/edit/")
    field(page, "headline").fill("Contadora y cartógrafa en Madrid")
    field(page, "skills").fill("Contabilidad, Cartografía participativa, SIG")
    journey.step(page, "edit-form")
    submit(page, journey, "edit")
    lands_on(page, live_server, "/members/ines-nunez/")
    expect_shown(page, "Contadora y cartógrafa en Madrid", "SIG")
    journey.step(page, "view-own-edited")
    texts = ["Inés Núñez", "Contadora y cartógrafa en Madrid", "SIG", "Agua potable"]
    view_as_others(
        journey,
        browser,
        live_server,
        browser_context_args,
        "/members/ines-nunez/",
        texts,
        UserFactory(),
    )
    journey.assert_layout()


# --- organization -----------------------------------------------------------------------------


def test_organization(live_server, browser, browser_context_args, picture):
    journey = Journey("organization")
    owner = UserFactory()
    page = journey.page(browser, live_server, browser_context_args, owner)
    page.goto(f"{live_server.url}/organizations/new/")
    fill_form(
        main_form(page),
        {
            "name": "Red de Cuidados Andinos",
            "language": "es",
            "description": "Acompañamos a **familias migrantes** en Lima.",
            "website": "https://cuidados.example.org",
            "causes": "Salud mental, Cuidados comunitarios",
            "countries": ["PE", "CO"],
        },
        {"logo": picture},
    )
    journey.step(page, "create-form")
    submit(page, journey, "create")
    organization = Organization.objects.get(name="Red de Cuidados Andinos")
    expect_shown(page, "Red de Cuidados Andinos", "Cuidados comunitarios", "familias migrantes")
    expect(page.locator("main a[href='https://cuidados.example.org']").first).to_be_visible()
    expect(page.locator("main img.org-logo").first).to_be_visible()
    journey.step(page, "view-own")

    follow(page, f"/organizations/{organization.slug}/edit/")
    field(page, "causes").fill("Salud mental, Cuidados comunitarios, Vivienda digna")
    journey.step(page, "edit-form")
    submit(page, journey, "edit")
    lands_on(page, live_server, organization.get_absolute_url())
    expect_shown(page, "Vivienda digna", "familias migrantes")
    journey.step(page, "view-own-edited")
    view_as_others(
        journey,
        browser,
        live_server,
        browser_context_args,
        organization.get_absolute_url(),
        ["Red de Cuidados Andinos", "Vivienda digna"],
        UserFactory(),
    )
    journey.assert_layout()


# --- venture ----------------------------------------------------------------------------------


def test_venture(live_server, browser, browser_context_args):
    journey = Journey("venture")
    owner = MembershipFactory(role=Role.ADMIN, organization__name="Fundación Río Claro").user
    organization = owner.memberships.get().organization
    MembershipFactory(organization=organization, role=Role.MEMBER)  # a possible lead
    page = journey.page(browser, live_server, browser_context_args, owner)
    page.goto(f"{live_server.url}/organizations/{organization.slug}/ventures/new/")
    fill_form(
        main_form(page),
        {
            "name": "Huertas Escolares del Cauca",
            "language": "es",
            "summary": "Huertas en escuelas rurales.",
            "problem": "Los niños comen poco **fresco**.",
            "approach": "Huertas que cuidan las familias.",
            "causes": "Soberanía alimentaria, Educación rural",
            "countries": ["CO"],
        },
        {},
    )
    journey.step(page, "create-form")
    submit(page, journey, "create")
    venture = Venture.objects.get(name="Huertas Escolares del Cauca")
    expect_shown(page, "Huertas Escolares del Cauca", "Soberanía alimentaria", "fresco")
    journey.step(page, "view-own")

    follow(page, f"/ventures/{venture.slug}/edit/")
    field(page, "summary").fill("Huertas en 12 escuelas rurales.")
    journey.step(page, "edit-form")
    submit(page, journey, "edit")
    lands_on(page, live_server, venture.get_absolute_url())
    expect_shown(page, "Huertas en 12 escuelas rurales.")
    journey.step(page, "view-own-edited")
    view_as_others(
        journey,
        browser,
        live_server,
        browser_context_args,
        venture.get_absolute_url(),
        ["Huertas Escolares del Cauca", "Soberanía alimentaria", "12 escuelas"],
        UserFactory(),
    )
    journey.assert_layout()


# --- need -------------------------------------------------------------------------------------


def test_need(live_server, browser, browser_context_args):
    journey = Journey("need")
    owner = MembershipFactory(role=Role.ADMIN).user
    venture = VentureFactory(organization=owner.memberships.get().organization)
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    page = journey.page(browser, live_server, browser_context_args, owner)
    page.goto(f"{live_server.url}/ventures/{venture.slug}/needs/new/")
    fill_form(
        main_form(page),
        {
            "title": "Diseñadora de mapas comunitarios",
            "language": "es",
            "description": "Mapas de **riesgo** con las juntas.",
            "skills": "Cartografía participativa, QGIS",
            "languages": ["es", "pt"],
            "country": "CO",
            "city": "Popayán",
            "hours_expected": "20",
            "deadline": deadline.isoformat(),
        },
        {},
    )
    journey.step(page, "create-form")
    submit(page, journey, "create")
    need = Need.objects.get(title="Diseñadora de mapas comunitarios")
    expect(page.get_by_role("heading", level=1)).to_have_text("Diseñadora de mapas comunitarios")
    expect_shown(page, "QGIS", "Cartografía participativa")
    journey.step(page, "view-own")

    follow(page, f"/needs/{need.pk}/edit/")
    field(page, "skills").fill("Cartografía participativa, QGIS, Drones")
    journey.step(page, "edit-form")
    submit(page, journey, "edit")
    lands_on(page, live_server, need.get_absolute_url())
    expect_shown(page, "Drones")
    journey.step(page, "view-own-edited")
    need.refresh_from_db()
    assert need.deadline == deadline
    view_as_others(
        journey,
        browser,
        live_server,
        browser_context_args,
        need.get_absolute_url(),
        ["Diseñadora de mapas comunitarios", "Drones", "QGIS"],
        UserFactory(),
    )
    journey.assert_layout()


# --- offer ------------------------------------------------------------------------------------


def test_offer(live_server, browser, browser_context_args):
    journey = Journey("offer")
    need = NeedFactory(title="Traductora para talleres")  # someone else's need
    helper = UserFactory()
    page = journey.page(browser, live_server, browser_context_args, helper)
    page.goto(f"{live_server.url}{need.get_absolute_url()}")
    fill_form(main_form(page), {"message": "Traduzco del portugués, **los sábados**."}, {})
    journey.step(page, "create-form")
    submit(page, journey, "create")
    expect(page.locator(".my-offer")).to_contain_text("Traduzco del portugués")
    journey.step(page, "view-own")
    page.goto(f"{live_server.url}/members/me/offers/")
    expect_shown(page, "Traductora para talleres", "Traduzco del portugués")
    journey.step(page, "view-own-list")
    for label, user in (("visitor", None), ("another-member", UserFactory())):
        other = journey.page(browser, live_server, browser_context_args, user)
        other.goto(f"{live_server.url}{need.get_absolute_url()}")
        expect_shown(other, "Traductora para talleres")
        expect(other.locator("main")).not_to_contain_text("Traduzco del portugués")
        journey.step(other, f"view-as-{label}")
        other.context.close()
    journey.assert_layout()
    pytest.xfail(
        "An offer cannot be edited: there is no edit page, and after withdrawing it the "
        "member cannot offer again on the same need (one offer per member and need)."
    )


# --- story ------------------------------------------------------------------------------------


def test_story(live_server, browser, browser_context_args, picture):
    journey = Journey("story")
    campaign = CampaignFactory(title="Changemakers Unidos")
    author = UserFactory()
    page = journey.page(browser, live_server, browser_context_args, author)
    page.goto(f"{live_server.url}/stories/new/")
    fill_form(
        main_form(page),
        {
            "title": "Volví a Cúcuta con un taller",
            "language": "es",
            "campaign": str(campaign.pk),
            "body": "Después de seis años en **Lisboa** volví con un taller de costura.",
        },
        {"image": picture},
    )
    journey.step(page, "create-form")
    submit(page, journey, "create")
    story = Story.objects.get(title="Volví a Cúcuta con un taller")
    expect_shown(page, "Volví a Cúcuta con un taller", "Lisboa")
    expect(page.locator("main img").first).to_be_visible()
    journey.step(page, "view-own")

    follow(page, f"/stories/{story.pk}/edit/")
    field(page, "title").fill("Volví a Cúcuta con dos talleres")
    journey.step(page, "edit-form")
    submit(page, journey, "edit")
    lands_on(page, live_server, story.get_absolute_url())
    expect_shown(page, "Volví a Cúcuta con dos talleres")
    journey.step(page, "view-own-edited")
    view_as_others(
        journey,
        browser,
        live_server,
        browser_context_args,
        story.get_absolute_url(),
        ["Volví a Cúcuta con dos talleres", "Lisboa"],
        UserFactory(),
    )
    journey.assert_layout()


# --- event ------------------------------------------------------------------------------------


def test_event(live_server, browser, browser_context_args):
    journey = Journey("event")
    owner = MembershipFactory(role=Role.ADMIN).user
    organization = owner.memberships.get().organization
    day = timezone.localdate() + datetime.timedelta(days=45)
    page = journey.page(browser, live_server, browser_context_args, owner)
    page.goto(f"{live_server.url}/events/new/?organization={organization.slug}")
    fill_form(
        main_form(page),
        {
            "title": "Encuentro de cuidadoras",
            "description": "Una tarde para **conversar**.",
            "format": "hybrid",
            "starts_at": f"{day.isoformat()}T18:00",
            "ends_at": f"{day.isoformat()}T20:00",
            "registration_deadline": f"{day.isoformat()}T12:00",
            "time_zone": "America/Bogota",
            "language": "es",
            "venue": "Casa de la Cultura",
            "city": "Cúcuta",
            "country": "CO",
            "join_url": "https://meet.example.org/cuidadoras",
            "capacity": "40",
        },
        {},
    )
    journey.step(page, "create-form")
    submit(page, journey, "create", "button[name=publish]")
    event = Event.objects.get(title="Encuentro de cuidadoras")
    expect_shown(page, "Encuentro de cuidadoras", "Casa de la Cultura", "Cúcuta", "conversar")
    journey.step(page, "view-own")

    follow(page, f"/events/{event.pk}/edit/")
    field(page, "venue").fill("Biblioteca Julio Pérez Ferrero")
    journey.step(page, "edit-form")
    submit(page, journey, "edit", "button[name=save]")
    lands_on(page, live_server, event.get_absolute_url())
    expect_shown(page, "Biblioteca Julio Pérez Ferrero")
    journey.step(page, "view-own-edited")
    view_as_others(
        journey,
        browser,
        live_server,
        browser_context_args,
        event.get_absolute_url(),
        ["Encuentro de cuidadoras", "Biblioteca Julio Pérez Ferrero"],
        UserFactory(),
    )
    journey.assert_layout()
