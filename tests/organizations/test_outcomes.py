"""Outcomes: an accepted offer starts a collaboration, both sides are asked how it went at 30 and 90
days (once, and reminded once), the team's "done" fulfils the need with credit to its helpers,
teams thank helpers, shared outcomes become draft stories, and profiles show contributions."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Story
from members.privacy import delete_account, export_data
from moderation.services import suspend
from notifications.models import Notification
from organizations import notifications, selectors, services
from organizations.models import (
    CheckIn,
    CheckInAnswer,
    CheckInSide,
    Collaboration,
    CollaborationState,
    NeedStatus,
    NeedStatusChange,
    OfferState,
    Role,
)
from organizations.schedule import SCHEDULE
from organizations.tasks import send_check_ins
from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory, NeedFactory, OfferFactory

pytestmark = pytest.mark.django_db


def _accept(offer, by, *, days_ago=0):
    offer = services.answer_offer(offer=offer, answered_by=by, accept=True)
    collaboration = offer.collaboration
    if days_ago:
        started = timezone.now() - timedelta(days=days_ago)
        Collaboration.objects.filter(pk=collaboration.pk).update(started_at=started)
        collaboration.refresh_from_db()
    return collaboration


def _check_in_notifications(kind=notifications.KIND_CHECK_IN):
    return Notification.objects.filter(kind=kind)


@pytest.fixture
def helper(db):
    return UserFactory(email="helper@example.org")


@pytest.fixture
def offer(need, helper):
    return OfferFactory(need=need, member=helper)


def test_accepting_an_offer_starts_a_collaboration_and_puts_the_need_in_progress(
    team, need, offer, helper
):
    collaboration = _accept(offer, team["admin"])
    assert collaboration.helper == helper
    assert collaboration.need == need
    assert collaboration.organization == need.venture.organization
    assert collaboration.state == CollaborationState.GOING
    offer.refresh_from_db()
    assert collaboration.started_at == offer.answered_at
    need.refresh_from_db()
    assert need.status == NeedStatus.IN_PROGRESS
    change = NeedStatusChange.objects.filter(need=need).latest("changed_at", "pk")
    assert (change.from_status, change.to_status, change.changed_by) == (
        "open",
        "in_progress",
        team["admin"],
    )


def test_declining_starts_nothing_and_a_second_acceptance_keeps_the_need_in_progress(team, need):
    declined = OfferFactory(need=need)
    services.answer_offer(offer=declined, answered_by=team["admin"], accept=False)
    assert not Collaboration.objects.exists()
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    first, second = OfferFactory(need=need), OfferFactory(need=need)
    _accept(first, team["admin"])
    _accept(second, team["editor"])
    need.refresh_from_db()
    assert need.status == NeedStatus.IN_PROGRESS
    assert need.collaborations.count() == 2
    assert NeedStatusChange.objects.filter(need=need, to_status="in_progress").count() == 1


def test_check_ins_go_out_at_30_days_to_both_sides_once_even_when_beat_runs_twice(
    team, need, offer, helper, django_capture_on_commit_callbacks
):
    collaboration = _accept(offer, team["admin"])
    mail.outbox.clear()
    day_29 = collaboration.started_at + timedelta(days=29)
    assert services.send_check_ins(now=day_29)["sent"] == 0
    day_30 = collaboration.started_at + timedelta(days=30, hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_check_ins(now=day_30.isoformat())["sent"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert send_check_ins(now=day_30.isoformat())["sent"] == 0
        assert send_check_ins(now=(day_30 + timedelta(hours=2)).isoformat())["sent"] == 0
    rows = CheckIn.objects.filter(collaboration=collaboration)
    assert sorted(rows.values_list("side", "milestone")) == [("helper", 30), ("team", 30)]
    # The helper, and the venture's team (admins and editors; not a plain member).
    told = set(_check_in_notifications().values_list("recipient_id", flat=True))
    assert told == {helper.pk, team["admin"].pk, team["editor"].pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [helper.email, team["admin"].email, team["editor"].email]
    )
    helper_mail = next(m for m in mail.outbox if m.to == [helper.email])
    assert "30 days" in helper_mail.body
    assert rows.get(side="helper").get_absolute_url() in helper_mail.body
    # And at 90 days, the second milestone.
    day_90 = collaboration.started_at + timedelta(days=90, hours=1)
    assert services.send_check_ins(now=day_90)["sent"] == 2
    assert services.send_check_ins(now=day_90)["sent"] == 0
    assert rows.filter(milestone=90).count() == 2


def test_no_check_in_for_deleted_or_suspended_members(team, need, helper, staff):
    deleted_helper = UserFactory()
    suspended_helper = UserFactory()
    first = _accept(OfferFactory(need=need, member=deleted_helper), team["admin"], days_ago=31)
    second = _accept(OfferFactory(need=need, member=suspended_helper), team["admin"], days_ago=31)
    delete_account(deleted_helper)
    suspend(actor=staff, member=suspended_helper, reason="Spam")
    suspend(actor=staff, member=team["editor"], reason="Spam")
    services.send_check_ins()
    assert not CheckIn.objects.filter(side=CheckInSide.HELPER).exists()
    assert set(CheckIn.objects.values_list("collaboration_id", "side")) == {
        (first.pk, "team"),
        (second.pk, "team"),
    }
    told = set(_check_in_notifications().values_list("recipient_id", flat=True))
    assert told == {team["admin"].pk}


def test_unanswered_check_ins_are_asked_once_more_a_week_later_then_left_alone(
    team, need, offer, helper
):
    collaboration = _accept(offer, team["admin"])
    day_30 = collaboration.started_at + timedelta(days=30)
    services.send_check_ins(now=day_30)
    assert services.send_check_ins(now=day_30 + timedelta(days=6))["reminded"] == 0
    # The helper answers; only the team's check-in is still waiting.
    helper_check_in = CheckIn.objects.get(side=CheckInSide.HELPER)
    services.answer_check_in(
        check_in=helper_check_in, answered_by=helper, answer=CheckInAnswer.GOING, hours=6
    )
    assert services.send_check_ins(now=day_30 + timedelta(days=7))["reminded"] == 1
    assert services.send_check_ins(now=day_30 + timedelta(days=8))["reminded"] == 0
    assert services.send_check_ins(now=day_30 + timedelta(days=30))["reminded"] == 0
    reminders = _check_in_notifications(notifications.KIND_CHECK_IN_REMINDER)
    assert set(reminders.values_list("recipient_id", flat=True)) == {
        team["admin"].pk,
        team["editor"].pk,
    }


def test_a_milestone_missed_by_long_is_skipped_and_a_late_beat_asks_only_the_latest(
    team, need, offer
):
    collaboration = _accept(offer, team["admin"])
    assert services.send_check_ins(now=collaboration.started_at + timedelta(days=95))["sent"] == 2
    assert set(CheckIn.objects.values_list("milestone", flat=True)) == {90}
    CheckIn.objects.all().delete()
    assert services.send_check_ins(now=collaboration.started_at + timedelta(days=200))["sent"] == 0


def test_team_done_fulfils_the_need_once_every_collaboration_is_done(team, need, helper):
    first = _accept(OfferFactory(need=need, member=helper), team["admin"])
    other_helper = UserFactory()
    second = _accept(OfferFactory(need=need, member=other_helper), team["admin"])
    services.send_check_ins(now=timezone.now() + timedelta(days=31))
    team_check_ins = {c.collaboration_id: c for c in CheckIn.objects.filter(side="team")}

    services.answer_check_in(
        check_in=CheckIn.objects.get(collaboration=first, side="helper"),
        answered_by=helper,
        answer=CheckInAnswer.DONE,
        hours=12,
    )
    services.answer_check_in(
        check_in=team_check_ins[first.pk],
        answered_by=team["editor"],
        answer=CheckInAnswer.DONE,
        hours=20,  # the helper's own count wins
    )
    first.refresh_from_db()
    need.refresh_from_db()
    assert (first.state, first.hours) == (CollaborationState.DONE, 12)
    assert need.status == NeedStatus.IN_PROGRESS  # the second helper is still at it

    services.answer_check_in(
        check_in=team_check_ins[second.pk],
        answered_by=team["admin"],
        answer=CheckInAnswer.DONE,
        hours=4,
    )
    need.refresh_from_db()
    second.refresh_from_db()
    assert second.hours == 4  # the helper never said: the team's count
    assert need.status == NeedStatus.FULFILLED
    assert NeedStatusChange.objects.filter(
        need=need, to_status="fulfilled", changed_by=team["admin"]
    ).exists()
    with pytest.raises(services.CheckInNotAllowed):
        services.answer_check_in(
            check_in=team_check_ins[second.pk],
            answered_by=team["admin"],
            answer=CheckInAnswer.GOING,
            hours=1,
        )


def test_help_that_did_not_happen_opens_the_need_again(team, need, offer):
    collaboration = _accept(offer, team["admin"])
    services.send_check_ins(now=collaboration.started_at + timedelta(days=30))
    services.answer_check_in(
        check_in=CheckIn.objects.get(side="team"),
        answered_by=team["admin"],
        answer=CheckInAnswer.DID_NOT_HAPPEN,
        hours=0,
    )
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    assert services.send_check_ins(now=collaboration.started_at + timedelta(days=90))["sent"] == 0


def test_check_in_page_who_may_answer_and_field_errors(client, team, need, offer, helper):
    collaboration = _accept(offer, team["admin"])
    services.send_check_ins(now=collaboration.started_at + timedelta(days=30))
    helper_check_in = CheckIn.objects.get(side="helper")
    team_check_in = CheckIn.objects.get(side="team")
    url = reverse("organizations:check_in", args=[helper_check_in.pk])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(team["member"])  # a plain member of the organization is not the team
    assert client.get(reverse("organizations:check_in", args=[team_check_in.pk])).status_code == 404

    client.force_login(helper)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"answer": "going", "hours": "2001", "what_changed": "x" * 301, "share_publicly": "on"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "2000" in html and "300" in html
    response = client.post(url, {"answer": "maybe", "hours": "-1"})
    assert response.status_code == 400
    response = client.post(url, {"answer": "going", "hours": "3", "share_publicly": "on"})
    assert response.status_code == 400  # nothing to share
    helper_check_in.refresh_from_db()
    assert helper_check_in.answered_at is None  # nothing half-saved

    # The helper reads the team's check-in, but does not answer it.
    response = client.post(
        reverse("organizations:check_in", args=[team_check_in.pk]),
        {"answer": "done", "hours": "5"},
    )
    assert response.status_code == 302
    team_check_in.refresh_from_db()
    assert team_check_in.answered_at is None

    response = client.post(url, {"answer": "going", "hours": "8", "what_changed": "Vamos bien."})
    assert response.status_code == 302
    helper_check_in.refresh_from_db()
    assert (helper_check_in.answer, helper_check_in.hours) == ("going", 8)
    assert not helper_check_in.share_publicly
    assert "Vamos bien." in client.get(url).content.decode()
    assert not Story.objects.exists()


def test_a_shared_outcome_becomes_a_draft_story_for_whoever_shared_it(client, team, need, offer):
    collaboration = _accept(offer, team["admin"])
    services.send_check_ins(now=collaboration.started_at + timedelta(days=30))
    team_check_in = CheckIn.objects.get(side="team")
    client.force_login(team["editor"])
    response = client.post(
        reverse("organizations:check_in", args=[team_check_in.pk]),
        {
            "answer": "done",
            "hours": "10",
            "what_changed": "Ya tenemos sitio web y 40 inscripciones.",
            "share_publicly": "on",
        },
    )
    story = Story.objects.get()
    assert response.status_code == 302
    assert response["Location"] == story.get_absolute_url()
    assert story.author == team["editor"]
    assert story.published_at is None  # a draft
    assert "40 inscripciones" in story.body
    assert not Story.objects.visible().exists()
    # Only its author sees it, and publishes it from the edit form.
    assert client.get(story.get_absolute_url()).status_code == 200
    client.force_login(UserFactory())
    assert client.get(story.get_absolute_url()).status_code == 404
    client.force_login(team["editor"])
    client.post(
        reverse("campaigns:story_edit", args=[story.pk]),
        {"title": story.title, "body": story.body, "publish": "1"},
    )
    story.refresh_from_db()
    assert story.published_at is not None


def test_team_thanks_a_helper_shown_on_the_profile_only_with_consent(
    client, team, need, offer, django_capture_on_commit_callbacks
):
    collaboration = _accept(offer, team["admin"])
    helper = collaboration.helper
    url = reverse("organizations:collaboration_thank", args=[collaboration.pk])
    client.force_login(team["member"])
    assert client.post(url, {"thanks": "Gracias"}).status_code == 403
    client.force_login(team["editor"])
    client.post(url, {"thanks": "x" * 301})
    collaboration.refresh_from_db()
    assert collaboration.thanks == ""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"thanks": "¡Gracias por las clases de Python!"})
    collaboration.refresh_from_db()
    assert collaboration.thanks == "¡Gracias por las clases de Python!"
    assert Notification.objects.filter(kind=notifications.KIND_THANKED, recipient=helper).exists()

    profile_url = helper.profile.get_absolute_url()
    client.force_login(UserFactory())
    assert "¡Gracias por las clases de Python!" not in client.get(profile_url).content.decode()
    helper.profile.show_contributions = True
    helper.profile.save()
    html = client.get(profile_url).content.decode()
    assert "¡Gracias por las clases de Python!" in html
    assert need.venture.name in html


def test_fulfilled_need_credits_consenting_helpers(client, team, need, offer):
    collaboration = _accept(offer, team["admin"])
    services.send_check_ins(now=collaboration.started_at + timedelta(days=30))
    services.answer_check_in(
        check_in=CheckIn.objects.get(side="team"),
        answered_by=team["admin"],
        answer=CheckInAnswer.DONE,
        hours=3,
    )
    helper = collaboration.helper
    html = client.get(need.get_absolute_url()).content.decode()
    assert "Fulfilled with the help of diaspora members." in html
    helper.profile.show_contributions = True
    helper.profile.save()
    assert helper.profile.display_name in client.get(need.get_absolute_url()).content.decode()


def test_typical_answer_time_is_the_median_of_real_answers_hidden_below_three(
    client, team, venture
):
    organization = venture.organization
    now = timezone.now()

    def answered(days, state=OfferState.ACCEPTED, by=team["admin"]):
        OfferFactory(
            need=NeedFactory(venture=venture),
            state=state,
            answered_by=by,
            created_at=now - timedelta(days=days + 1),
            answered_at=now - timedelta(days=1),
        )

    answered(1)
    answered(5, state=OfferState.DECLINED)
    answered(40, state=OfferState.EXPIRED, by=None)  # closed unanswered: not an answer
    assert selectors.typical_answer_days(organization) is None
    answered(2.5)
    assert selectors.typical_answer_days(organization) == 3
    assert "Usually answers offers of help within 3 days." in (
        client.get(organization.get_absolute_url()).content.decode()
    )


def test_data_migration_gives_existing_accepted_offers_a_collaboration(team, need):
    accepted = OfferFactory(
        need=need, state=OfferState.ACCEPTED, answered_at=timezone.now() - timedelta(days=50)
    )
    OfferFactory(need=need, state=OfferState.DECLINED)
    migration = importlib.import_module(
        "organizations.migrations.0009_collaborations_for_accepted_offers"
    )
    migration.create_collaborations(django_apps, None)
    migration.create_collaborations(django_apps, None)  # twice: still one
    collaboration = Collaboration.objects.get()
    assert collaboration.offer == accepted
    assert collaboration.started_at == accepted.answered_at
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN  # statuses are left as the teams set them
    migration.remove_collaborations(django_apps, None)
    assert not Collaboration.objects.exists()


def test_beat_runs_check_ins_daily():
    assert SCHEDULE["organizations.send-check-ins"]["task"] == "organizations.tasks.send_check_ins"


def test_outcome_texts_go_with_a_deleted_account_and_are_exported(team, need, offer, helper):
    collaboration = _accept(offer, team["admin"])
    services.send_check_ins(now=collaboration.started_at + timedelta(days=30))
    services.answer_check_in(
        check_in=CheckIn.objects.get(side="helper"),
        answered_by=helper,
        answer=CheckInAnswer.GOING,
        hours=5,
        what_changed="Mi texto",
        share_publicly=True,
    )

    exported = export_data(helper)
    assert exported["check_ins"][0]["what_changed"] == "Mi texto"
    assert exported["collaborations"][0]["hours"] == 5
    delete_account(helper)
    check_in = CheckIn.objects.get(side="helper")
    assert (check_in.what_changed, check_in.share_publicly) == ("", False)


@pytest.mark.parametrize("role", [Role.ADMIN])
def test_team_lead_of_another_venture_cannot_answer(client, role, need, offer):
    outsider = MembershipFactory(role=role).user
    collaboration = _accept(
        offer, MembershipFactory(organization=need.venture.organization, role=role).user
    )
    services.send_check_ins(now=collaboration.started_at + timedelta(days=30))
    client.force_login(outsider)
    team_check_in = CheckIn.objects.get(side="team")
    assert client.get(reverse("organizations:check_in", args=[team_check_in.pk])).status_code == 404
