from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.choices import Visibility
from members.models import Skill
from notifications.kinds import get_kind, registered_kinds
from notifications.models import Notification
from organizations import match_notifications, matching, notifications, services, tasks
from organizations.models import Match, Role
from tests.factories.members import UserFactory
from tests.factories.organizations import (
    MembershipFactory,
    NeedFactory,
    OfferFactory,
    VentureFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    """The match notifications made so far, in order."""

    def rows():
        kinds = [match_notifications.KIND_NEW_MATCH, match_notifications.KIND_NEW_MATCH_DIGEST]
        return list(Notification.objects.filter(kind__in=kinds).order_by("pk"))

    return rows


@pytest.fixture
def member_and_skills(db):
    skills = [Skill.objects.create(name=name) for name in ["Python", "Django"]]
    member = UserFactory()
    profile = member.profile
    profile.languages = ["pt"]
    profile.country_of_origin = "VE"
    profile.visibility = Visibility.PUBLIC
    profile.save()
    profile.skills.add(*skills)
    return member, skills


def strong_need(skills):
    # 2 of 2 skills (40) + speaks Portuguese (15) + from Venezuela (15) = 70
    return NeedFactory(venture=VentureFactory(countries=["VE"]), languages=["pt"], skills=skills)


def test_new_matches_notify_capped_per_week(settings, sent, member_and_skills):
    settings.MATCH_EMAILS_PER_WEEK = 3
    member, skills = member_and_skills
    for _index in range(5):
        strong_need(skills)

    matching.match_member(member.pk)

    kinds = [row.kind for row in sent()]
    assert kinds.count(match_notifications.KIND_NEW_MATCH) == 3
    assert kinds.count(match_notifications.KIND_NEW_MATCH_DIGEST) == 2
    assert all(row.recipient == member for row in sent())
    assert Match.objects.filter(user=member, notified_at__isnull=False).count() == 5

    # Running again notifies nobody twice.
    matching.match_member(member.pk)
    match_notifications.notify_new_matches(list(Match.objects.values_list("pk", flat=True)))
    assert len(sent()) == 5


def test_cap_counts_only_the_last_seven_days(settings, sent, member_and_skills):
    settings.MATCH_EMAILS_PER_WEEK = 1
    member, skills = member_and_skills
    old = Match.objects.create(
        need=strong_need(skills),
        user=member,
        score=70,
        reasons={},
        notified_at=timezone.now() - timedelta(days=8),
        notified_immediately=True,
    )
    strong_need(skills)

    matching.match_member(member.pk)

    assert [row.kind for row in sent()] == [match_notifications.KIND_NEW_MATCH]
    assert sent()[0].target_object_id != str(old.need_id)


def test_weak_matches_and_rematch_all_do_not_notify(settings, sent, member_and_skills):
    member, skills = member_and_skills
    NeedFactory(venture=VentureFactory(countries=["AR"]), languages=["de"], skills=skills)
    matching.match_member(member.pk)  # 40 points: a match, under the notification threshold
    assert Match.objects.filter(user=member).exists()

    strong_need(skills)
    matching.rematch_all()

    assert sent() == []


@pytest.mark.parametrize("kind", ["new_match", "invited_to_offer"])
def test_email_templates_render_the_need_and_reasons(kind, member_and_skills):

    _member, skills = member_and_skills
    need = strong_need(skills)
    notification = SimpleNamespace(
        target=need, data={"reasons": {"languages": ["pt"], "skills": [2, 2]}}
    )
    with translation.override("es"):
        for extension in ["txt", "html"]:
            body = render_to_string(
                f"organizations/email/{kind}.{extension}",
                {"notification": notification, "site_url": "https://example.org"},
            )
            assert need.title in body
            assert "habla portugués · 2 de 2 habilidades" in body
            assert f"https://example.org{need.get_absolute_url()}" in body


def test_offer_notices_reach_the_team_and_the_member_through_the_pipeline(
    django_capture_on_commit_callbacks, mailoutbox
):

    offer = OfferFactory()
    organization = offer.need.venture.organization
    admin = MembershipFactory(organization=organization, role=Role.ADMIN).user
    editor = MembershipFactory(organization=organization, role=Role.EDITOR).user
    MembershipFactory(organization=organization, role=Role.MEMBER)

    with django_capture_on_commit_callbacks(execute=True):
        notifications.offer_made(offer)
        notifications.offer_expired(offer)

    sent = list(Notification.objects.order_by("pk"))
    assert {row.recipient for row in sent[:2]} == {admin, editor}
    assert [row.kind for row in sent] == [
        notifications.KIND_OFFER_MADE,
        notifications.KIND_OFFER_MADE,
        notifications.KIND_OFFER_EXPIRED,
    ]
    assert sent[2].recipient == offer.member
    assert sorted(email.to[0] for email in mailoutbox) == sorted(
        [admin.email, editor.email, offer.member.email]
    )
    for row in sent:
        template = get_kind(row.kind).email_template
        for extension in ["txt", "html"]:
            body = render_to_string(f"{template}.{extension}", {"notification": row})
            assert offer.need.title in body
    registered = {kind.key for kind in registered_kinds()}
    assert (
        set(notifications.KIND_TEMPLATES)
        | {
            match_notifications.KIND_NEW_MATCH,
            match_notifications.KIND_NEW_MATCH_DIGEST,
            match_notifications.KIND_INVITED_TO_OFFER,
            notifications.KIND_NEED_EXPIRED,
        }
        <= registered
    )


def test_new_matches_become_notifications_and_emails(
    settings, member_and_skills, django_capture_on_commit_callbacks, mailoutbox
):

    settings.MATCH_EMAILS_PER_WEEK = 1
    member, skills = member_and_skills
    strong_need(skills)
    strong_need(skills)

    with django_capture_on_commit_callbacks(execute=True):
        matching.match_member(member.pk)

    kinds = sorted(Notification.objects.filter(recipient=member).values_list("kind", flat=True))
    assert kinds == [
        match_notifications.KIND_NEW_MATCH,
        match_notifications.KIND_NEW_MATCH_DIGEST,
    ]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    assert "2 of 2 skills" in mailoutbox[0].body


def test_cap_holds_when_an_offer_removes_a_match(
    settings, member_and_skills, django_capture_on_commit_callbacks, mailoutbox
):
    """Cap 3, four matches in a week, an offer made in between (it deletes its match row):
    three immediate emails, the fourth waits for the digest."""

    settings.MATCH_EMAILS_PER_WEEK = 3
    member, skills = member_and_skills
    first, _second = strong_need(skills), strong_need(skills)
    with django_capture_on_commit_callbacks(execute=True):
        matching.match_member(member.pk)
        services.make_offer(need=first, member=member, message="I can help.")
    assert not Match.objects.filter(user=member, need=first).exists()

    strong_need(skills), strong_need(skills)
    with django_capture_on_commit_callbacks(execute=True):
        matching.match_member(member.pk)

    kinds = list(Notification.objects.filter(recipient=member).values_list("kind", flat=True))
    assert kinds.count(match_notifications.KIND_NEW_MATCH) == 3
    assert kinds.count(match_notifications.KIND_NEW_MATCH_DIGEST) == 1
    match_emails = [
        m
        for m in mailoutbox
        if m.extra_headers.get("X-Notification-Kind") == (match_notifications.KIND_NEW_MATCH)
    ]
    assert len(match_emails) == 3


def test_the_matching_task_scores_then_a_task_of_its_own_tells_after_commit(
    member_and_skills, django_capture_on_commit_callbacks, mailoutbox
):
    """organizations.tasks.match_need stores the matches and hands the telling to
    organizations.tasks.notify_new_matches, which runs only once the matches are committed."""
    member, skills = member_and_skills
    need = strong_need(skills)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tasks.match_need(need.pk)
    match = Match.objects.get(need=need, user=member)
    assert match.notified_at is None and not Notification.objects.filter(recipient=member)
    assert len(callbacks) == 1

    with django_capture_on_commit_callbacks(execute=True):
        callbacks[0]()
        callbacks[0]()  # delivered twice by the broker: told once
    match.refresh_from_db()
    assert match.notified_at is not None
    assert list(Notification.objects.filter(recipient=member).values_list("kind", flat=True)) == [
        match_notifications.KIND_NEW_MATCH
    ]
    assert [message.to for message in mailoutbox] == [[member.email]]
