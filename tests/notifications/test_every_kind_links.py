"""Every registered kind of notification links, from the inbox, to a page its recipient can open.

Each kind is made the way the app makes it (its services or its notifications module), so the
`url` each app stores in `data` is the one tested."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from campaigns import services as campaign_services
from campaigns.models import AmbassadorApplication
from conversations import notifications as conversation_notifications
from conversations import services as conversation_services
from events import notifications as event_notifications
from moderation import notifications as moderation_notifications
from notifications.kinds import registered_kinds
from notifications.models import Notification
from notifications.services import notify, set_frequency
from notifications.tasks import digest_weekly
from organizations import match_notifications
from organizations import notifications as organization_notifications
from organizations import services as organization_services
from organizations.models import Collaboration, Match, Need, Offer, Role
from tests.factories.campaigns import CampaignFactory, FellowFactory, StoryFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import StaffFactory, UserFactory
from tests.factories.moderation import ReportFactory
from tests.factories.organizations import MembershipFactory, NeedFactory, OrganizationFactory
from translations import notifications as translation_notifications
from translations import services as translation_services

pytestmark = pytest.mark.django_db


def _admin_of(organization):
    return MembershipFactory(organization=organization, role=Role.ADMIN).user


def _member():
    return UserFactory()


def _welcome(kind):
    user = _member()
    notify(recipient=user, kind=kind)
    return user


def _report_outcome(kind):
    report = ReportFactory(target=NeedFactory(), status="dismissed")
    moderation_notifications.report_outcome(report, target_label="A need")
    return report.reporter


def _content_hidden(kind):
    story = StoryFactory()
    moderation_notifications.content_hidden(author=story.author, target=story, reason="spam")
    return story.author


def _content_restored(kind):
    story = StoryFactory()
    moderation_notifications.content_restored(author=story.author, target=story)
    return story.author


def _warning(kind):
    user = _member()
    moderation_notifications.warned(member=user, message="Be kind.")
    return user


def _suspended(kind):
    # The row as it is made; the account stays active so that the inbox can be opened.
    user = _member()
    moderation_notifications.suspended(member=user, reason="Spam")
    return user


def _event(kind):
    registration = RegistrationFactory(event=EventFactory())
    event, user = registration.event, registration.user
    {
        event_notifications.REGISTERED: lambda: event_notifications.registration_confirmed(
            registration
        ),
        event_notifications.PROMOTED: lambda: event_notifications.waitlist_promoted(registration),
        event_notifications.CHANGED: lambda: event_notifications.event_changed(
            event, attendee_ids=[user.pk]
        ),
        event_notifications.CANCELLED: lambda: event_notifications.event_cancelled(
            event, attendee_ids=[user.pk]
        ),
        event_notifications.REMINDER: lambda: event_notifications.event_reminder(
            event, recipient=user, which=24
        ),
        event_notifications.ANNOUNCED: lambda: event_notifications.event_announced(
            event, recipient_ids=[user.pk]
        ),
    }[kind]()
    return user


def _new_match(kind, settings):
    settings.MATCH_EMAILS_PER_WEEK = 0 if kind == match_notifications.KIND_NEW_MATCH_DIGEST else 3
    match = Match.objects.create(need=NeedFactory(), user=_member(), score=70)
    match_notifications.notify_new_matches([match.pk])
    return match.user


def _invited_to_offer(kind):
    need = NeedFactory()
    match = Match.objects.create(need=need, user=_member(), score=70)
    match_notifications.invited_to_offer(match, invited_by=_admin_of(need.venture.organization))
    return match.user


def _offer_made(kind):
    need = NeedFactory()
    admin = _admin_of(need.venture.organization)
    organization_services.make_offer(need=need, member=_member(), message="I can help.")
    return admin


def _answered_offer(kind):
    need = NeedFactory()
    admin = _admin_of(need.venture.organization)
    offer = organization_services.make_offer(need=need, member=_member(), message="I can help.")
    if kind == organization_notifications.KIND_OFFER_EXPIRED:
        Offer.objects.filter(pk=offer.pk).update(state="expired")
        organization_notifications.offer_expired(offer)
    else:
        organization_services.answer_offer(
            offer=offer,
            answered_by=admin,
            accept=kind == organization_notifications.KIND_OFFER_ACCEPTED,
            reply="Thanks",
        )
    return offer.member


def _invitation(kind):
    organization = OrganizationFactory()
    invitee = _member()
    organization_services.invite(
        organization=organization,
        email=invitee.email,
        role=Role.EDITOR,
        invited_by=_admin_of(organization),
    )
    return invitee


def _invitation_accepted(kind):
    organization = OrganizationFactory()
    inviter = _admin_of(organization)
    invitee = _member()
    invitation = organization_services.invite(
        organization=organization, email=invitee.email, role=Role.EDITOR, invited_by=inviter
    )
    organization_services.accept_invitation(invitation=invitation, user=invitee)
    return inviter


def _join_requested(kind):
    organization = OrganizationFactory()
    admin = _admin_of(organization)
    organization_services.request_to_join(organization=organization, user=_member())
    return admin


def _join_decided(kind):
    organization = OrganizationFactory()
    admin = _admin_of(organization)
    join_request = organization_services.request_to_join(organization=organization, user=_member())
    organization_services.decide_join_request(
        join_request=join_request,
        accept=kind == organization_notifications.KIND_JOIN_ACCEPTED,
        decided_by=admin,
    )
    return join_request.user


def _ambassador_decided(kind):
    user = _member()
    application = AmbassadorApplication.objects.create(campaign=CampaignFactory(), member=user)
    campaign_services.decide_ambassador(
        application=application,
        approve=kind == "campaigns.ambassador_approved",
        decided_by=StaffFactory(),
    )
    return user


def _accepted_offer():
    need = NeedFactory()
    admin = _admin_of(need.venture.organization)
    offer = organization_services.make_offer(need=need, member=_member(), message="I can help.")
    organization_services.answer_offer(offer=offer, answered_by=admin, accept=True, reply="Yes")
    return Collaboration.objects.get(offer=offer), admin


def _check_in(kind):
    collaboration, _admin = _accepted_offer()
    start = collaboration.started_at
    organization_services.send_check_ins(now=start + timedelta(days=31))
    if kind == organization_notifications.KIND_CHECK_IN_REMINDER:
        organization_services.send_check_ins(now=start + timedelta(days=39))
    return collaboration.helper


def _thanked(kind):
    collaboration, admin = _accepted_offer()
    organization_services.thank_helper(
        collaboration=collaboration, thanked_by=admin, text="Gracias por todo"
    )
    return collaboration.helper


def _need_expired(kind):
    need = NeedFactory()
    admin = _admin_of(need.venture.organization)
    Need.objects.filter(pk=need.pk).update(deadline=date.today() - timedelta(days=1))
    organization_services.close_expired_needs()
    return admin


def _connection_request(kind):
    sender, recipient = _member(), _member()
    request = conversation_services.request_connection(
        sender=sender, recipient=recipient, message="I am a nurse in Madrid."
    )
    if kind == conversation_notifications.REQUEST:
        return recipient
    conversation_services.answer_request(
        connection_request=request, accept=kind == conversation_notifications.REQUEST_ACCEPTED
    )
    return sender


def _message(kind):
    first, second = _member(), _member()
    conversation = conversation_services.open_direct_conversation(first=first, second=second)
    conversation_services.send_message(conversation=conversation, author=first, body="Hola")
    return second


def _attendee_message(kind):
    registration = RegistrationFactory()
    organizer = _admin_of(registration.event.organization)
    conversation_services.write_to_attendees(
        event=registration.event,
        sender=organizer,
        audience="going",
        subject="Bring your laptop",
        body="See you there.",
    )
    return registration.user


def _translation(kind):
    need = NeedFactory(language="es")
    editor = MembershipFactory(organization=need.venture.organization, role=Role.EDITOR).user
    translator = _member()
    translator.profile.languages = ["es", "pt"]
    translator.profile.save(update_fields=["languages"])
    translation = translation_services.add_translation(
        translator=translator, target=need, language="pt", title="Ajuda", text="Texto"
    )
    if kind == translation_notifications.AWAITING_REVIEW:
        return editor
    translation_services.review_translation(
        translation=translation,
        reviewer=editor,
        approve=kind == translation_notifications.APPROVED,
    )
    return translator


BUILDERS = {
    "members.welcome": _welcome,
    "members.newsletter": _welcome,
    "moderation.report_outcome": _report_outcome,
    "moderation.content_hidden": _content_hidden,
    "moderation.content_restored": _content_restored,
    "moderation.warning": _warning,
    "moderation.suspended": _suspended,
    **dict.fromkeys(
        [
            event_notifications.REGISTERED,
            event_notifications.PROMOTED,
            event_notifications.CHANGED,
            event_notifications.CANCELLED,
            event_notifications.REMINDER,
            event_notifications.ANNOUNCED,
        ],
        _event,
    ),
    match_notifications.KIND_NEW_MATCH: _new_match,
    match_notifications.KIND_NEW_MATCH_DIGEST: _new_match,
    match_notifications.KIND_INVITED_TO_OFFER: _invited_to_offer,
    organization_notifications.KIND_OFFER_MADE: _offer_made,
    organization_notifications.KIND_OFFER_ACCEPTED: _answered_offer,
    organization_notifications.KIND_OFFER_DECLINED: _answered_offer,
    organization_notifications.KIND_OFFER_EXPIRED: _answered_offer,
    organization_notifications.KIND_INVITATION: _invitation,
    organization_notifications.KIND_INVITATION_ACCEPTED: _invitation_accepted,
    organization_notifications.KIND_JOIN_REQUESTED: _join_requested,
    organization_notifications.KIND_JOIN_ACCEPTED: _join_decided,
    organization_notifications.KIND_JOIN_DECLINED: _join_decided,
    "campaigns.ambassador_approved": _ambassador_decided,
    "campaigns.ambassador_declined": _ambassador_decided,
    organization_notifications.KIND_CHECK_IN: _check_in,
    organization_notifications.KIND_CHECK_IN_REMINDER: _check_in,
    organization_notifications.KIND_THANKED: _thanked,
    organization_notifications.KIND_NEED_EXPIRED: _need_expired,
    conversation_notifications.REQUEST: _connection_request,
    conversation_notifications.REQUEST_ACCEPTED: _connection_request,
    conversation_notifications.REQUEST_DECLINED: _connection_request,
    conversation_notifications.MESSAGE: _message,
    conversation_notifications.ATTENDEE_MESSAGE: _attendee_message,
    translation_notifications.AWAITING_REVIEW: _translation,
    translation_notifications.APPROVED: _translation,
    translation_notifications.DECLINED: _translation,
}
# Sent to an address, which may have no account yet: no inbox row, only the email's link
# (a fellow's invitation; allauth's own emails: verification, password reset).
ADDRESS_ONLY = {"campaigns.fellow_invitation", "account.email"}


def test_every_registered_kind_has_a_builder_here():
    assert {kind.key for kind in registered_kinds()} == set(BUILDERS) | ADDRESS_ONLY


def _links_of_row(page, notification):
    mark_read = reverse("notifications:mark_read", args=[notification.pk])
    rows = [
        row
        for row in re.findall(r'<li class="is-(?:un)?read">(.*?)</li>', page, flags=re.DOTALL)
        if mark_read in row
    ]
    assert len(rows) == 1, f"{notification.kind} is not in the inbox"
    return re.findall(r'<a href="([^"]+)"', rows[0])


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_inbox_item_links_to_a_page_its_recipient_can_open(
    kind, client, settings, django_capture_on_commit_callbacks
):
    builder = BUILDERS[kind]
    with django_capture_on_commit_callbacks(execute=True):
        recipient = builder(kind, settings) if builder is _new_match else builder(kind)
    notification = Notification.objects.get(recipient=recipient, kind=kind)
    client.force_login(recipient)
    page = client.get(reverse("notifications:inbox")).content.decode()

    links = _links_of_row(page, notification)

    assert links, f"{kind}: the inbox item links nowhere"
    for link in links:
        assert link.startswith("/"), f"{kind}: {link} leaves the site"
        response = client.get(link, follow=True)
        assert response.status_code == 200, f"{kind}: {link} answers {response.status_code}"


def test_fellow_invitation_links_to_a_page_the_invitee_can_open(
    client, django_capture_on_commit_callbacks
):
    invitee = _member()
    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.invite_fellow(
            fellow=FellowFactory(), email=invitee.email, invited_by=StaffFactory()
        )
    notification = Notification.objects.get(kind="campaigns.fellow_invitation")
    client.force_login(invitee)
    assert client.get(notification.get_target_url()).status_code == 200
    assert len(mail.outbox) == 1


def test_digest_links_are_not_doubled(member, settings, django_capture_on_commit_callbacks):
    """The stored url is absolute (for the emails); the digest puts the site in front once."""

    need = NeedFactory()
    admin = _admin_of(need.venture.organization)

    set_frequency(
        user_id=admin.pk, kind=organization_notifications.KIND_OFFER_MADE, frequency="weekly"
    )
    with django_capture_on_commit_callbacks(execute=True):
        organization_services.make_offer(need=need, member=member, message="I can help.")
    digest_weekly()
    body = mail.outbox[-1].body
    site = settings.SITE_URL.rstrip("/")
    assert site + reverse("organizations:offers", kwargs={"slug": need.venture.organization.slug})
    assert site + site not in body
    assert f"{site}/organizations/{need.venture.organization.slug}/offers/" in body
