"""Content hidden by the moderators disappears from every public list and page, for everyone but
its authors (who see why) and staff; hiding and restoring are audited."""

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event
from events.services import calendar_token_for
from members.models import Profile, Skill
from moderation import services
from moderation.models import AuditAction, AuditLogEntry
from moderation.notifications import CONTENT_HIDDEN
from notifications.models import Notification
from organizations import matching, selectors
from organizations.models import Match, Need, NeedCategory, Organization, Venture
from pages.impact import counted_profiles, headline_figures
from tests.factories.campaigns import CampaignFactory, FeaturedFellowFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory, NeedFactory, VentureFactory

pytestmark = pytest.mark.django_db

HIDDEN = "zqxhidden"
REASON = "Insults against Venezuelans in the description"


@pytest.fixture
def world(staff):
    """One hidden item of each kind (each named with the HIDDEN marker), hidden through the
    moderation service as staff would, plus a visible control of each kind."""
    campaign = CampaignFactory()
    profile_owner = UserFactory()
    profile_owner.profile.display_name = f"{HIDDEN} Perfil"
    profile_owner.profile.save()

    org_admin = UserFactory()
    hidden_org = MembershipFactory(user=org_admin, role="admin").organization
    hidden_org.name = f"{HIDDEN} Org"
    hidden_org.save()
    need_in_hidden_org = NeedFactory(
        venture=VentureFactory(organization=hidden_org, name=f"{HIDDEN} venture of org"),
        title=f"{HIDDEN} need of hidden org",
        status="open",
    )

    venture_editor = UserFactory()
    visible_org = MembershipFactory(user=venture_editor, role="editor").organization
    hidden_venture = VentureFactory(organization=visible_org, name=f"{HIDDEN} Venture")
    need_in_hidden_venture = NeedFactory(
        venture=hidden_venture, title=f"{HIDDEN} need of hidden venture", status="open"
    )
    hidden_need = NeedFactory(
        venture=VentureFactory(organization=visible_org, name="Visible venture"),
        title=f"{HIDDEN} need",
        status="open",
    )
    fellow = FeaturedFellowFactory(campaign=campaign).fellow
    fellow.ventures.add(hidden_venture)

    organizer = MembershipFactory(organization=visible_org, role="editor").user
    hidden_event = EventFactory(
        title=f"{HIDDEN} Event", organization=visible_org, created_by=organizer
    )
    campaign_event = EventFactory(
        title=f"{HIDDEN} campaign event", organization=None, campaign=campaign
    )
    event_of_hidden_org = EventFactory(
        title=f"{HIDDEN} event of hidden org", organization=hidden_org
    )

    for target in (
        profile_owner.profile,
        hidden_org,
        hidden_venture,
        hidden_need,
        hidden_event,
        campaign_event,
    ):
        services.hide(actor=staff, target=target, reason=REASON)
    return {
        "campaign": campaign,
        "fellow": fellow,
        "profile_owner": profile_owner,
        "profile": Profile.objects.get(pk=profile_owner.pk),
        "org_admin": org_admin,
        "organization": Organization.objects.get(pk=hidden_org.pk),
        "venture_editor": venture_editor,
        "venture": Venture.objects.get(pk=hidden_venture.pk),
        "need": Need.objects.get(pk=hidden_need.pk),
        "needs_under_hidden": [need_in_hidden_org, need_in_hidden_venture],
        "organizer": organizer,
        "event": Event.objects.get(pk=hidden_event.pk),
        "events_under_hidden": [campaign_event, event_of_hidden_org],
        "visible_org": visible_org,
    }


def _hidden_pages(world):
    return [
        world["profile"].get_absolute_url(),
        world["organization"].get_absolute_url(),
        world["venture"].get_absolute_url(),
        world["need"].get_absolute_url(),
        world["event"].get_absolute_url(),
        reverse("events:ics", args=[world["event"].pk]),
        *(need.get_absolute_url() for need in world["needs_under_hidden"]),
        *(event.get_absolute_url() for event in world["events_under_hidden"]),
    ]


def _public_lists(world):
    return [
        "/",
        reverse("members:directory"),
        reverse("organizations:directory"),
        reverse("organizations:board"),
        reverse("events:list"),
        world["visible_org"].get_absolute_url(),
        world["campaign"].get_absolute_url(),
        world["fellow"].get_absolute_url(),
        reverse("impact_json"),
    ]


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_hidden_content_is_on_no_public_page_or_list(world, who):
    client = Client()
    if who == "member":
        client.force_login(UserFactory())
    for path in _hidden_pages(world):
        response = client.get(path)
        assert response.status_code == 404, path
    for path in _public_lists(world):
        response = client.get(path)
        assert response.status_code == 200, path
        assert HIDDEN not in response.content.decode().lower(), path


def test_hidden_event_is_left_out_of_calendar_feeds(world):
    attendee = UserFactory()
    RegistrationFactory(event=world["event"], user=attendee)
    RegistrationFactory(event=EventFactory(title="Visible gathering"), user=attendee)
    feed = Client().get(reverse("events:calendar_feed", args=[calendar_token_for(attendee).token]))
    assert feed.status_code == 200
    body = feed.content.decode()
    assert "Visible gathering" in body and HIDDEN not in body.lower()


def test_hidden_content_is_not_counted_matched_or_suggested(world):
    profile = world["profile"]
    assert not counted_profiles().filter(pk=profile.pk).exists()
    assert headline_figures()["organizations"] == Organization.objects.visible().count()
    assert world["organization"] not in Organization.objects.visible()
    assert not Need.objects.open().filter(title__icontains=HIDDEN).exists()
    assert not Event.objects.upcoming().filter(title__icontains=HIDDEN).exists()

    skill = Skill.objects.create(name="Contabilidad")
    profile.skills.add(skill)
    profile.ways_to_help = [NeedCategory.TECHNICAL]
    profile.save()
    visible_need = NeedFactory(
        venture__organization=world["visible_org"],
        category=NeedCategory.TECHNICAL,
        status="open",
        skills=[skill],
    )
    for need in world["needs_under_hidden"]:
        need.skills.add(skill)
    matcher = UserFactory()
    matcher.profile.skills.add(skill)
    matcher.profile.ways_to_help = [NeedCategory.TECHNICAL]
    matcher.profile.save()
    matching.match_needs([visible_need.pk, *(n.pk for n in world["needs_under_hidden"])])
    matching.match_member(profile.pk)
    assert not Match.objects.filter(user=profile.user).exists()
    assert Match.objects.filter(user=matcher, need=visible_need).exists()
    assert not Match.objects.filter(need__in=world["needs_under_hidden"]).exists()
    suggested = selectors.suggested_members_for_need(visible_need, viewer=world["venture_editor"])
    assert profile.user not in [match.user for match in suggested]


@pytest.mark.parametrize(
    "author_key, page_key",
    [
        ("profile_owner", "profile"),
        ("org_admin", "organization"),
        ("venture_editor", "venture"),
        ("venture_editor", "need"),
        ("organizer", "event"),
    ],
)
def test_the_author_sees_their_hidden_page_with_the_reason(world, author_key, page_key):
    client = Client()
    client.force_login(world[author_key])
    response = client.get(world[page_key].get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hidden by the moderators" in body
    assert REASON in body


def test_staff_see_hidden_pages(world, staff):
    client = Client()
    client.force_login(staff)
    for path in _hidden_pages(world):
        assert client.get(path).status_code == 200, path


def test_hiding_tells_the_authors_through_the_pipeline(world):

    told = set(
        Notification.objects.filter(kind=CONTENT_HIDDEN).values_list("recipient_id", flat=True)
    )
    assert {
        world["profile_owner"].pk,
        world["org_admin"].pk,
        world["venture_editor"].pk,
        world["organizer"].pk,
    } <= told
    note = Notification.objects.filter(kind=CONTENT_HIDDEN, recipient=world["org_admin"]).get()
    assert note.data["reason"] == REASON and note.target == world["organization"]


def test_hide_and_restore_are_audited_and_restore_brings_content_back(world, staff):
    hidden = AuditLogEntry.objects.filter(action=AuditAction.HIDE)
    assert hidden.count() == 6
    assert set(hidden.values_list("actor_id", flat=True)) == {staff.pk}
    assert hidden.filter(note=REASON, target_id=world["event"].pk).exists()

    services.restore(actor=staff, target=world["event"], note="Reviewed again")
    services.restore(actor=staff, target=world["profile"])
    assert AuditLogEntry.objects.filter(action=AuditAction.RESTORE).count() == 2
    assert Client().get(world["event"].get_absolute_url()).status_code == 200
    assert Client().get(world["profile"].get_absolute_url()).status_code == 200
    world["event"].refresh_from_db()
    assert world["event"].hidden_reason == ""


@pytest.mark.parametrize(
    "model_key, changelist",
    [
        ("profile", "admin:members_profile_changelist"),
        ("organization", "admin:organizations_organization_changelist"),
        ("venture", "admin:organizations_venture_changelist"),
        ("need", "admin:organizations_need_changelist"),
        ("event", "admin:events_event_changelist"),
    ],
)
def test_staff_restore_and_hide_from_each_admin_with_an_audit_entry(
    world, staff, model_key, changelist
):
    client = Client()
    client.force_login(staff)
    target = world[model_key]
    url = reverse(changelist)
    assert client.get(url).status_code == 200
    before = AuditLogEntry.objects.count()
    client.post(url, {"action": "restore", "_selected_action": [target.pk]})
    target.refresh_from_db()
    assert target.is_hidden is False
    client.post(url, {"action": "hide", "_selected_action": [target.pk]})
    target.refresh_from_db()
    assert target.is_hidden is True and target.hidden_reason
    actions = list(AuditLogEntry.objects.order_by("pk")[before:].values_list("action", "target_id"))
    assert actions == [(AuditAction.RESTORE, target.pk), (AuditAction.HIDE, target.pk)]


def test_control_restored_content_shows_again_in_the_lists(world, staff):
    """Control: the lists above really show this content once restored, so the test can fail."""
    for key in ("profile", "organization", "venture", "need", "event"):
        services.restore(actor=staff, target=world[key])
    for event in world["events_under_hidden"]:
        if event.is_hidden:
            services.restore(actor=staff, target=event)
    client = Client()
    for path in (
        reverse("members:directory"),
        reverse("organizations:directory"),
        reverse("organizations:board"),
        reverse("events:list"),
        world["campaign"].get_absolute_url(),
        world["fellow"].get_absolute_url(),
    ):
        assert HIDDEN in client.get(path).content.decode().lower(), path


def test_the_team_finds_its_hidden_need_marked_on_the_venture_page(world):
    venture = world["need"].venture
    client = Client()
    client.force_login(world["venture_editor"])
    body = client.get(venture.get_absolute_url()).content.decode()
    assert world["need"].title in body and "Hidden by the moderators" in body
    client.force_login(UserFactory())
    assert world["need"].title not in client.get(venture.get_absolute_url()).content.decode()
