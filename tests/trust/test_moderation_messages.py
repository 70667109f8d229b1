"""Moderation messages a member must receive: content restored is told like content hidden, and
warnings, suspensions and hidden/restored notices are emailed whatever the member's preferences."""

import pytest
from django.core import mail
from django.urls import reverse

from moderation import services
from moderation.notifications import (
    CONTENT_HIDDEN,
    CONTENT_RESTORED,
    REPORT_OUTCOME,
    SUSPENDED,
    WARNING,
)
from notifications.kinds import switchable_kinds
from notifications.models import Frequency, Notification
from notifications.services import frequency_for, notify_many, set_frequency, unsubscribe_token
from tests.factories.campaigns import StoryFactory
from tests.factories.members import UserFactory
from tests.factories.moderation import ReportFactory
from tests.factories.organizations import MembershipFactory

pytestmark = pytest.mark.django_db

ALWAYS = (CONTENT_HIDDEN, CONTENT_RESTORED, WARNING, SUSPENDED)


def _mail_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_restoring_tells_the_author_in_their_language(staff, django_capture_on_commit_callbacks):
    author = UserFactory(language="es")
    services.hide(actor=staff, target=author.profile, reason="Insults")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.restore(actor=staff, target=author.profile)
    restored = Notification.objects.get(kind=CONTENT_RESTORED)
    assert restored.recipient == author and restored.target == author.profile
    (message,) = _mail_to(author)
    assert message.extra_headers["X-Notification-Kind"] == CONTENT_RESTORED
    assert "restaur" in message.subject.lower()  # Spanish: "restauraron"/"restaurado"


def test_restoring_an_organization_tells_its_team(staff):
    admin = UserFactory()
    organization = MembershipFactory(user=admin, role="admin").organization
    services.hide(actor=staff, target=organization, reason="Spam")
    services.restore(actor=staff, target=organization)
    assert Notification.objects.filter(kind=CONTENT_RESTORED, recipient=admin).count() == 1


def test_restoring_what_was_never_hidden_tells_nobody(staff):
    author = UserFactory()
    services.restore(actor=staff, target=author.profile)
    assert not Notification.objects.filter(kind=CONTENT_RESTORED).exists()


def test_restoring_a_story_in_its_admin_form_tells_the_author(client, staff):
    story = StoryFactory(is_hidden=True, hidden_reason="Hate speech")
    client.force_login(staff)
    url = reverse("admin:campaigns_story_change", args=[story.pk])
    assert client.post(url, {"hidden_reason": ""}).status_code == 302
    assert Notification.objects.filter(kind=CONTENT_RESTORED, recipient=story.author).exists()
    # Control: typing a reason on a visible story tells nobody anything.
    client.post(url, {"hidden_reason": "draft note"})
    assert Notification.objects.filter(recipient=story.author).count() == 1


def test_moderation_kinds_are_emailed_even_when_switched_off(
    staff, django_capture_on_commit_callbacks
):
    member = UserFactory()
    for kind in (*ALWAYS, REPORT_OUTCOME):
        set_frequency(user_id=member.pk, kind=kind, frequency=Frequency.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        services.warn(actor=staff, member=member, message="Keep it respectful")
        services.hide(actor=staff, target=member.profile, reason="Insults")
        services.restore(actor=staff, target=member.profile)
    kinds = [message.extra_headers["X-Notification-Kind"] for message in _mail_to(member)]
    assert sorted(kinds) == sorted([WARNING, CONTENT_HIDDEN, CONTENT_RESTORED])
    # No unsubscribe link that would do nothing.
    assert all("List-Unsubscribe" not in message.extra_headers for message in _mail_to(member))
    # The inbox rows are kept as for every kind.
    assert Notification.objects.filter(recipient=member, kind=WARNING).exists()

    # Control: the report outcome stays the member's choice.
    report_author = UserFactory()

    report = ReportFactory(reporter=member, target=report_author.profile)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.dismiss(actor=staff, report=report, note="No breach")
    assert Notification.objects.filter(recipient=member, kind=REPORT_OUTCOME).exists()
    assert _mail_to(member) == []


def test_suspension_is_emailed_even_when_switched_off(staff, django_capture_on_commit_callbacks):
    member = UserFactory()
    set_frequency(user_id=member.pk, kind=SUSPENDED, frequency=Frequency.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend(actor=staff, member=member, reason="Repeated insults")
    (message,) = _mail_to(member)
    assert "Repeated insults" in message.body
    row = Notification.objects.get(recipient=member, kind=SUSPENDED)
    assert row.email_frequency == Frequency.IMMEDIATELY


def test_bulk_notify_of_an_always_emailed_kind_ignores_the_preference():
    member = UserFactory()
    set_frequency(user_id=member.pk, kind=WARNING, frequency=Frequency.OFF)
    assert notify_many(recipient_ids=[member.pk], kind=WARNING, data={"message": "x"}) == 1
    assert Notification.objects.get(recipient=member).email_frequency == Frequency.IMMEDIATELY


def test_preferences_page_does_not_offer_them(client, member):
    assert not {kind.key for kind in switchable_kinds()} & set(ALWAYS)
    client.force_login(member)
    page = client.get(reverse("notifications:preferences")).content.decode()
    for kind in ALWAYS:
        assert f'name="{kind}"' not in page, kind
    assert f'name="{REPORT_OUTCOME}"' in page  # control


def test_old_unsubscribe_links_for_them_change_nothing(client, member):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(member.pk, WARNING)])
    assert client.post(url).status_code == 400

    assert frequency_for(member.pk, WARNING) == Frequency.IMMEDIATELY
