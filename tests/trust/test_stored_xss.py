"""Stored XSS: hostile markup in every user text field never becomes script on a rendered page."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation import services
from tests.factories.campaigns import StoryFactory
from tests.factories.events import EventFactory
from tests.factories.members import StaffFactory, UserFactory
from tests.factories.moderation import ReportFactory
from tests.factories.organizations import (
    MembershipFactory,
    NeedFactory,
    OfferFactory,
    OrganizationFactory,
    VentureFactory,
)

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)"><circle/></svg>',
    "<iframe src=javascript:alert(1)></iframe>",
    '"><script src=//evil.example/x.js></script>',
    "<div style=\"background:url('javascript:alert(1)')\" onclick=alert(1)>x</div>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "[a](JaVaScRiPt:alert(1))",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "`<script>`",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]

hostile_text = st.builds(
    lambda before, payload, after: f"{before}{payload}{after}",
    st.text(max_size=20),
    st.sampled_from(PAYLOADS),
    st.text(max_size=20),
).map(lambda text: text.replace("\x00", ""))

short = hostile_text.map(lambda text: text[:110])


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            source = dict(attrs).get("src") or ""
            # Only same-origin script files (the admin's too); CSP forbids anything else anyway.
            if not source.startswith("/") or source.startswith("//"):
                self.problems.append(f"script tag {attrs}")
        # A <meta> description (share tags) is text a crawler shows, never followed; its URL
        # properties (og:url, og:image, twitter:image) are checked like any attribute.
        meta = dict(attrs) if tag == "meta" else {}
        meta_is_text = not (meta.get("property") or meta.get("name") or "").endswith(
            ("url", "image")
        )
        for name, value in attrs:
            if tag == "meta" and name.lower() == "content" and meta_is_text:
                continue
            if name.lower().startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            # A form field's `value` is text being edited, never followed as a URL.
            if name.lower() == "value":
                continue
            if value and "javascript:" in value.replace(" ", "").replace("\t", "").lower():
                self.problems.append(f"javascript: URL in {name} on <{tag}>")


def assert_safe(html: str):
    inspector = _Inspector()
    inspector.feed(html)
    assert not inspector.problems, inspector.problems


XSS_SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
@XSS_SETTINGS
@given(name=short, description=hostile_text, summary=short, problem=hostile_text)
def test_organization_and_venture_texts(name, description, summary, problem):
    organization = OrganizationFactory(name=name, description=description)
    venture = VentureFactory(
        organization=organization, name=name, summary=summary, problem=problem, approach=problem
    )
    client = Client()
    assert_safe(client.get(organization.get_absolute_url()).content.decode())
    assert_safe(client.get(venture.get_absolute_url()).content.decode())
    assert_safe(client.get(reverse("organizations:directory")).content.decode())


@pytest.mark.django_db
@XSS_SETTINGS
@given(title=short, description=hostile_text, message=hostile_text)
def test_need_and_offer_texts(title, description, message):
    need = NeedFactory(title=title, description=description)
    offer = OfferFactory(need=need, message=message)
    admin = UserFactory()
    MembershipFactory(organization=need.venture.organization, user=admin, role="admin")
    client = Client()
    assert_safe(client.get(need.get_absolute_url()).content.decode())
    client.force_login(offer.member)
    assert_safe(client.get(reverse("organizations:my_offers")).content.decode())
    client.force_login(admin)
    dashboard = reverse("organizations:offers", args=[need.venture.organization.slug])
    assert_safe(client.get(dashboard).content.decode())


@pytest.mark.django_db
@XSS_SETTINGS
@given(title=short, body=hostile_text, display_name=short, headline=short, bio=hostile_text)
def test_story_and_author_profile_texts(title, body, display_name, headline, bio):
    author = UserFactory()
    author.profile.display_name = display_name
    author.profile.headline = headline
    author.profile.bio = bio
    author.profile.save()
    story = StoryFactory(author=author, title=title, body=body)
    client = Client()
    assert_safe(client.get(story.get_absolute_url()).content.decode())
    client.force_login(author)
    assert_safe(client.get(story.get_absolute_url()).content.decode())


@pytest.mark.django_db
@settings(XSS_SETTINGS, max_examples=6)  # admin pages are slow to render
@given(text=hostile_text)
def test_report_text_in_the_moderation_queue(text):
    staff = StaffFactory()
    report = ReportFactory(target=UserFactory().profile, text=text)
    client = Client()
    client.force_login(staff)
    assert_safe(client.get(reverse("admin:moderation_report_changelist")).content.decode())
    change = reverse("admin:moderation_report_change", args=[report.pk])
    assert_safe(client.get(change).content.decode())


@pytest.mark.django_db
@settings(XSS_SETTINGS, max_examples=8)  # ten pages an example
@given(title=short, description=hostile_text, place=short, message=hostile_text)
def test_event_texts(title, description, place, message):

    event = EventFactory(
        title=title, description=description, venue=place, city=place, format="hybrid"
    )
    cancelled = EventFactory(
        title=title, organization=event.organization, status="cancelled", cancel_message=message
    )
    organizer = UserFactory()
    MembershipFactory(organization=event.organization, user=organizer, role="admin")
    client = Client()
    for path in (
        event.get_absolute_url(),
        cancelled.get_absolute_url(),
        reverse("events:list"),
        "/",
        event.organization.get_absolute_url(),
    ):
        assert_safe(client.get(path).content.decode())
    client.force_login(organizer)
    for path in (
        event.get_absolute_url(),
        reverse("events:edit", args=[event.pk]),
        reverse("events:attendees", args=[event.pk]),
        reverse("events:list"),
    ):
        assert_safe(client.get(path).content.decode())


@pytest.mark.django_db
@settings(XSS_SETTINGS, max_examples=6)  # five hides and six pages an example
@given(name=short, reason=hostile_text)
def test_moderation_reasons_shown_to_authors(name, reason):
    """Staff's hiding reason (and the hidden item's name) in the banner authors see, and in their
    notification inbox."""

    staff = StaffFactory()
    admin = UserFactory()
    organization = MembershipFactory(user=admin, role="admin").organization
    organization.name = name
    organization.save()
    venture = VentureFactory(organization=organization, name=name)
    need = NeedFactory(venture=venture, title=name)
    event = EventFactory(organization=organization, title=name, created_by=admin)
    for target in (admin.profile, organization, venture, need, event):
        services.hide(actor=staff, target=target, reason=reason)
    client = Client()
    client.force_login(admin)
    for target in (admin.profile, organization, venture, need, event):
        assert_safe(client.get(target.get_absolute_url()).content.decode())
    assert_safe(client.get(reverse("notifications:inbox")).content.decode())
