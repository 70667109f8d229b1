"""A need's deadline: none in the past is accepted, and a need past it leaves the board and
matching, then is closed by a daily task that tells its team."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import Skill
from notifications.models import Notification
from organizations import matching, selectors
from organizations.models import Match, Need, NeedStatus, NeedStatusChange, Role
from organizations.schedule import SCHEDULE
from organizations.tasks import close_expired_needs, tell_needs_expired
from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory, NeedFactory, VentureFactory

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _need_data(**overrides):
    return {
        "title": "Abogada migratoria",
        "description": "Asesoría",
        "category": "mentoring",
        "is_remote": "on",
        "publish": "on",
        **overrides,
    }


def test_a_past_deadline_is_a_field_error_on_create_and_edit(client, team, venture, need):
    client.force_login(team["editor"])
    yesterday = (_today() - timedelta(days=1)).isoformat()
    response = client.post(
        reverse("organizations:need_create", args=[venture.slug]), _need_data(deadline=yesterday)
    )
    assert response.status_code == 200
    assert "deadline" in response.context["form"].errors
    assert not venture.needs.filter(title="Abogada migratoria").exists()

    response = client.post(
        reverse("organizations:need_edit", args=[need.pk]), _need_data(deadline=yesterday)
    )
    assert response.status_code == 200
    assert "deadline" in response.context["form"].errors
    need.refresh_from_db()
    assert need.deadline is None

    today = _today().isoformat()
    response = client.post(
        reverse("organizations:need_edit", args=[need.pk]), _need_data(deadline=today)
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.deadline == _today()


@pytest.fixture
def python(db):
    return Skill.objects.create(name="Python")


@pytest.fixture
def past_and_current(python):
    venture = VentureFactory()
    past = NeedFactory(venture=venture, title="Ya pasó", skills=[python])
    current = NeedFactory(venture=venture, title="Sigue abierta", skills=[python])
    undated = NeedFactory(venture=venture, title="Sin fecha", skills=[python])
    Need.objects.filter(pk=past.pk).update(deadline=_today() - timedelta(days=1))
    Need.objects.filter(pk=current.pk).update(deadline=_today())
    past.refresh_from_db()
    return past, current, undated


def test_needs_past_their_deadline_leave_the_board(client, past_and_current):
    past, current, undated = past_and_current
    assert set(Need.objects.open()) == {current, undated}
    assert not past.is_open and current.is_open
    body = client.get(reverse("organizations:board")).content.decode()
    assert "Sigue abierta" in body and "Sin fecha" in body
    assert "Ya pasó" not in body
    assert client.get(past.get_absolute_url()).status_code == 200  # still readable by its link


def test_needs_past_their_deadline_leave_matching(past_and_current, python):
    past, current, undated = past_and_current
    member = UserFactory()
    member.profile.skills.add(python)
    member.profile.languages = ["es"]
    member.profile.save()
    Match.objects.all().delete()

    matching.match_member(member.pk, notify=False)
    assert set(Match.objects.filter(user=member).values_list("need_id", flat=True)) == {
        current.pk,
        undated.pk,
    }
    Match.objects.create(need=past, user=member, score=90, reasons={})
    matching.match_need(past.pk, notify=False)
    assert not Match.objects.filter(need=past).exists()
    Match.objects.create(need=past, user=member, score=90, reasons={})
    assert past not in selectors.needs_for_member(member)
    matching.rematch_all()
    assert not Match.objects.filter(need=past).exists()
    Match.objects.all().delete()
    assert past not in selectors.needs_for_member(member)  # the fallback without matches


def test_daily_task_closes_expired_needs_and_tells_their_team_once(
    django_capture_on_commit_callbacks,
):

    venture = VentureFactory()
    admin = MembershipFactory(organization=venture.organization, role=Role.ADMIN).user
    MembershipFactory(organization=venture.organization, role=Role.MEMBER)
    lead = UserFactory()
    venture.leads.add(lead)
    expired = NeedFactory(venture=venture, title="Vencida")
    in_progress = NeedFactory(venture=venture, status=NeedStatus.IN_PROGRESS)
    current = NeedFactory(venture=venture)
    yesterday = _today() - timedelta(days=1)
    Need.objects.filter(pk__in=[expired.pk, in_progress.pk]).update(deadline=yesterday)
    Need.objects.filter(pk=current.pk).update(deadline=_today())

    entry = SCHEDULE["organizations.close-expired-needs"]
    assert entry["task"] == close_expired_needs.name
    with django_capture_on_commit_callbacks(execute=True):
        assert close_expired_needs.delay().get() == 1
    for need in (expired, in_progress, current):
        need.refresh_from_db()
    assert expired.status == NeedStatus.CLOSED
    assert (in_progress.status, current.status) == (NeedStatus.IN_PROGRESS, NeedStatus.OPEN)
    change = NeedStatusChange.objects.get(need=expired)
    assert (change.from_status, change.to_status, change.changed_by) == ("open", "closed", None)
    told = Notification.objects.filter(kind="organizations.need_expired")
    assert set(told.values_list("recipient", flat=True)) == {admin.pk, lead.pk}
    assert {n.target for n in told} == {expired}
    emails = [message for message in mail.outbox if "Vencida" in message.body]
    assert sorted(message.to[0] for message in emails) == sorted([admin.email, lead.email])
    assert "Reopen it and set a new deadline" in emails[0].body

    with django_capture_on_commit_callbacks(execute=True):
        assert close_expired_needs.delay().get() == 0
        # Telling twice about the same needs (a retried task) adds nothing.
        tell_needs_expired.delay([expired.pk])
    assert told.count() == 2
