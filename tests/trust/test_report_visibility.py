"""A member reports only what they can see: everything else answers like a target that does not
exist (404), decided by each app's own view predicate (moderation.services.REPORTABLE)."""

import pytest
from django.urls import reverse
from django.utils.module_loading import import_string

from core.choices import Visibility
from events.models import EventStatus
from members.blocking import block
from moderation import services
from moderation.models import Report
from tests.factories.campaigns import StoryFactory
from tests.factories.events import EventFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory, NeedFactory, VentureFactory

pytestmark = pytest.mark.django_db


def _report_url(obj):
    return reverse("report", args=[services.content_type_key(obj), obj.pk])


def _refused(client, obj):
    """GET and POST both answer 404 and store nothing."""
    before = Report.objects.count()
    get = client.get(_report_url(obj)).status_code
    post = client.post(_report_url(obj), {"reason": "spam"}).status_code
    return get == 404 and post == 404 and Report.objects.count() == before


def _accepted(client, obj):
    before = Report.objects.count()
    response = client.post(_report_url(obj), {"reason": "spam"})
    return response.status_code == 302 and Report.objects.count() == before + 1


def test_every_reportable_key_names_its_view_predicate():

    for key, predicate in services.REPORTABLE.items():
        assert callable(import_string(predicate)), key


def test_nonexistent_target_is_the_baseline(client, member):
    client.force_login(member)
    assert client.get("/report/events.event/999999/").status_code == 404


def test_draft_event_is_reportable_by_nobody_outside_its_organizers(client, member):
    editor = UserFactory()
    organization = MembershipFactory(user=editor, role="editor").organization
    draft = EventFactory(organization=organization, status=EventStatus.DRAFT)
    client.force_login(member)
    assert _refused(client, draft)
    client.force_login(editor)  # sees the draft, and answers for it: nothing to report
    assert _refused(client, draft)
    client.force_login(member)  # control: a published event is reportable by anyone
    assert _accepted(client, EventFactory())


def test_draft_need_is_reportable_by_nobody_outside_its_team(client, member):
    editor = UserFactory()
    organization = MembershipFactory(user=editor, role="editor").organization
    draft = NeedFactory(venture=VentureFactory(organization=organization), status="draft")
    client.force_login(member)
    assert _refused(client, draft)
    client.force_login(editor)  # sees it, and answers for it: nothing to report
    assert _refused(client, draft)
    client.force_login(member)  # control: an open need is reportable by anyone
    assert _accepted(client, NeedFactory(status="open"))


def test_nobody_is_offered_a_report_of_their_own_content(client, member):
    """A need's or an event's team and a profile's owner get no Report link on its page, and the report form
    refuses them (moderation.services.can_report_shown, used by both); any other member gets both."""
    admin = MembershipFactory(role="admin")
    need = NeedFactory(venture=VentureFactory(organization=admin.organization), status="open")
    own = [need, EventFactory(organization=admin.organization), admin.user.profile]
    client.force_login(admin.user)
    for target in own:
        assert "report-link" not in client.get(target.get_absolute_url()).text, target
        assert _refused(client, target), target
    client.force_login(member)
    for target in own:
        assert "report-link" in client.get(target.get_absolute_url()).text, target
        assert _accepted(client, target), target


def test_unpublished_story_is_not_reportable(client, member):
    unpublished = StoryFactory(published_at=None)
    client.force_login(member)
    assert _refused(client, unpublished)
    assert _accepted(client, StoryFactory())  # control: a published story


def test_profiles_members_cannot_see_are_not_reportable(client, member):
    hidden_by_owner = UserFactory()
    hidden_by_owner.profile.visibility = Visibility.HIDDEN
    hidden_by_owner.profile.save()
    deactivated = UserFactory(is_active=False)
    members_only = UserFactory()
    members_only.profile.visibility = Visibility.MEMBERS
    members_only.profile.save()
    client.force_login(member)
    assert _refused(client, hidden_by_owner.profile)
    assert _refused(client, deactivated.profile)
    assert _accepted(client, members_only.profile)  # control: members see members-only profiles


def test_no_report_across_a_block_in_either_direction(client, member):
    blocker = UserFactory()
    block(blocker=blocker, blocked=member)
    client.force_login(member)
    # The blocked member cannot see the blocker's profile, so cannot report it (no retaliation).
    assert _refused(client, blocker.profile)
    client.force_login(blocker)
    assert _refused(client, member.profile)
    client.force_login(UserFactory())  # control: a third member reports both
    assert _accepted(client, blocker.profile) and _accepted(client, member.profile)
