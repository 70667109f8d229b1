"""Every "tell the other side" of organizations, in one place, through the notification pipeline
(each person's inbox and email, in their language). Callers (organizations.services) call these
after their transaction commits."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from members.models import User
from notifications.services import notify, notify_address, notify_many
from organizations.models import JoinRequestState, Need, NeedStatus, Role


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _admins(organization):
    return User.objects.filter(
        is_active=True, memberships__organization=organization, memberships__role=Role.ADMIN
    ).select_related("profile")


def _display_name(user):
    profile = getattr(user, "profile", None)
    return (profile.display_name if profile else "") or user.get_full_name() or user.handle


def _team_recipients(venture):
    """Who manages the venture (permissions.can_manage_venture): the organization's admins and
    editors, and the venture's leads."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(
                memberships__organization=venture.organization_id,
                memberships__role__in=[Role.ADMIN, Role.EDITOR],
            )
            | Q(led_ventures=venture)
        )
        .distinct()
        .select_related("profile")
    )


# Kinds of the notification pipeline (notifications.services), registered in
# organizations.match_notifications.register_kinds(). Their email templates read
# `notification.target` (the offer) and `notification.data`; the plain-email fallback renders the
# same templates with the same two names.
KIND_OFFER_MADE = "organizations.offer_made"
KIND_OFFER_ACCEPTED = "organizations.offer_accepted"
KIND_OFFER_DECLINED = "organizations.offer_declined"
KIND_OFFER_EXPIRED = "organizations.offer_expired"
KIND_INVITATION = "organizations.invitation"
KIND_NEED_EXPIRED = "organizations.need_expired"
KIND_INVITATION_ACCEPTED = "organizations.invitation_accepted"
KIND_JOIN_REQUESTED = "organizations.join_requested"
KIND_JOIN_ACCEPTED = "organizations.join_accepted"
KIND_JOIN_DECLINED = "organizations.join_declined"
KIND_CHECK_IN = "organizations.check_in"
KIND_CHECK_IN_REMINDER = "organizations.check_in_reminder"
KIND_THANKED = "organizations.thanked"
KIND_TEMPLATES = {
    KIND_OFFER_MADE: "offer_made",
    KIND_OFFER_ACCEPTED: "offer_accepted",
    KIND_OFFER_DECLINED: "offer_declined",
    KIND_OFFER_EXPIRED: "offer_expired",
    KIND_INVITATION: "invitation",
    KIND_NEED_EXPIRED: "need_expired",
    KIND_INVITATION_ACCEPTED: "invitation_accepted",
    KIND_JOIN_REQUESTED: "join_requested",
    KIND_JOIN_ACCEPTED: "join_accepted",
    KIND_JOIN_DECLINED: "join_declined",
    KIND_CHECK_IN: "check_in",
    KIND_CHECK_IN_REMINDER: "check_in_reminder",
    KIND_THANKED: "thanked",
}


def _tell(*, recipient, kind, offer, data, actor=None):
    """Through the pipeline (dedupe: one per kind, offer and recipient)."""
    notify(
        recipient=recipient,
        kind=kind,
        target=offer,
        actor=actor,
        data={"title": data["need_title"], **data},  # what the inbox shows by the kind's label
        dedupe_key=f"{kind}:{offer.pk}:{recipient.pk}",
    )


def offer_made(offer):
    """Tell the venture's team that someone offered help (no address included)."""
    need = offer.need
    organization = need.venture.organization
    data = {
        "need_title": need.title,
        "member_name": offer.member.get_full_name(),
        "message": offer.message,
        "url": _absolute(reverse("organizations:offers", kwargs={"slug": organization.slug})),
    }
    for recipient in _team_recipients(need.venture):
        _tell(
            recipient=recipient,
            kind=KIND_OFFER_MADE,
            offer=offer,
            actor=offer.member,
            data=data,
        )


def offer_accepted(offer):
    """Tell the member who accepted; they write to each other in the conversation the acceptance
    opened (linked from their offers page), never through each other's email address."""
    _tell(
        recipient=offer.member,
        kind=KIND_OFFER_ACCEPTED,
        offer=offer,
        actor=offer.answered_by,
        data={
            "need_title": offer.need.title,
            "reply": offer.reply,
            "contact_name": offer.answered_by.get_full_name() if offer.answered_by else "",
            "offers_url": _absolute(reverse("organizations:my_offers")),
            "url": _absolute(offer.need.get_absolute_url()),
        },
    )


def offer_declined(offer):
    _tell(
        recipient=offer.member,
        kind=KIND_OFFER_DECLINED,
        offer=offer,
        actor=offer.answered_by,
        data={
            "need_title": offer.need.title,
            "reply": offer.reply,
            "url": _absolute(reverse("organizations:board")),
        },
    )


def offer_expired(offer):
    _tell(
        recipient=offer.member,
        kind=KIND_OFFER_EXPIRED,
        offer=offer,
        data={"need_title": offer.need.title, "url": _absolute(reverse("organizations:board"))},
    )


def needs_expired(need_ids):
    """Tell each need's team (can_manage_venture) that it closed when its deadline passed.
    Safe to run twice: one notification per need and member; a need reopened since is skipped."""
    needs = Need.objects.filter(pk__in=list(need_ids), status=NeedStatus.CLOSED).select_related(
        "venture__organization"
    )
    told = 0
    for need in needs:
        data = {
            "title": need.title,
            "need_title": need.title,
            "deadline": need.deadline.isoformat() if need.deadline else "",
            "url": _absolute(need.get_absolute_url()),
        }
        told += notify_many(
            recipient_ids=[user.pk for user in _team_recipients(need.venture)],
            kind=KIND_NEED_EXPIRED,
            target=need,
            data=data,
            dedupe_key=f"{KIND_NEED_EXPIRED}:{need.pk}",
        )
    return told


def invitation_sent(invitation):
    """Email the invitation link; the invitee may have no account yet."""
    from organizations.services import invitation_url  # noqa: PLC0415 - services import this

    existing = User.objects.filter(email__iexact=invitation.email, is_active=True).first()
    data = {
        "organization": invitation.organization.name,
        "inviter_name": invitation.invited_by.get_full_name() if invitation.invited_by else "",
        "role": invitation.role,
        "email": invitation.email,
        "days": max(1, (invitation.expires_at - invitation.created_at).days),
        "url": _absolute(invitation_url(invitation)),
        "has_account": existing is not None,
    }
    key = f"{KIND_INVITATION}:{invitation.pk}"
    if existing is not None:
        notify(
            recipient=existing, kind=KIND_INVITATION, target=invitation, data=data, dedupe_key=key
        )
    else:
        notify_address(
            email=invitation.email,
            language=invitation.language,
            kind=KIND_INVITATION,
            target=invitation,
            data=data,
            dedupe_key=key,
        )


def invitation_accepted(invitation):
    """Tell the inviter and the organization's admins that the invitee joined the team."""
    organization = invitation.organization
    member = invitation.accepted_by
    data = {
        "title": organization.name,
        "organization": organization.name,
        "member_name": _display_name(member),
        "role": invitation.role,
        "url": _absolute(reverse("organizations:team", kwargs={"slug": organization.slug})),
    }
    recipients = {user.pk: user for user in _admins(organization)}
    inviter = invitation.invited_by
    if inviter is not None and inviter.is_active:
        recipients.setdefault(inviter.pk, inviter)
    recipients.pop(member.pk, None)  # an admin who invited themselves needs no news
    for recipient in recipients.values():
        notify(
            recipient=recipient,
            kind=KIND_INVITATION_ACCEPTED,
            target=invitation,
            actor=member,
            data=data,
            dedupe_key=f"{KIND_INVITATION_ACCEPTED}:{invitation.pk}:{recipient.pk}",
        )


def join_requested(join_request):
    """Tell the organization's admins (who decide) that someone asks to join."""
    organization = join_request.organization
    data = {
        "title": organization.name,
        "organization": organization.name,
        "member_name": _display_name(join_request.user),
        "message": join_request.message,
        "url": _absolute(reverse("organizations:team", kwargs={"slug": organization.slug})),
    }
    for recipient in _admins(organization):
        notify(
            recipient=recipient,
            kind=KIND_JOIN_REQUESTED,
            target=join_request,
            actor=join_request.user,
            data=data,
            dedupe_key=f"{KIND_JOIN_REQUESTED}:{join_request.pk}:{recipient.pk}",
        )


def join_request_decided(join_request):
    """Tell the person who asked what the admins decided."""
    organization = join_request.organization
    accepted = join_request.state == JoinRequestState.ACCEPTED
    kind = KIND_JOIN_ACCEPTED if accepted else KIND_JOIN_DECLINED
    notify(
        recipient=join_request.user,
        kind=kind,
        target=join_request,
        actor=join_request.decided_by if accepted else None,
        data={
            "title": organization.name,
            "organization": organization.name,
            "url": _absolute(
                organization.get_absolute_url() if accepted else reverse("organizations:directory")
            ),
        },
        dedupe_key=f"{kind}:{join_request.pk}",
    )


def team_recipients(venture):
    return _team_recipients(venture)


def check_in_sent(check_in, recipients, *, reminder=False):
    """Ask each recipient (active accounts, chosen by services.check_in_recipients) how the
    collaboration is going: once per check-in and person, and once more as a reminder."""
    collaboration = check_in.collaboration
    need = collaboration.need
    kind = KIND_CHECK_IN_REMINDER if reminder else KIND_CHECK_IN
    data = {
        "title": need.title,
        "need_title": need.title,
        "side": check_in.side,
        "days": check_in.milestone,
        "organization": need.venture.organization.name,
        "helper_name": collaboration.helper.get_full_name(),
        "url": _absolute(check_in.get_absolute_url()),
    }
    for recipient in recipients:
        notify(
            recipient=recipient,
            kind=kind,
            target=check_in,
            data=data,
            dedupe_key=f"{kind}:{check_in.pk}:{recipient.pk}",
        )


def helper_thanked(collaboration):
    helper = collaboration.helper
    if not helper.is_active:
        return
    notify(
        recipient=helper,
        kind=KIND_THANKED,
        target=collaboration,
        actor=collaboration.thanked_by,
        data={
            "title": collaboration.need.title,
            "need_title": collaboration.need.title,
            "organization": collaboration.organization.name,
            "thanks": collaboration.thanks,
            "url": _absolute(helper.profile.get_absolute_url())
            if hasattr(helper, "profile")
            else _absolute(reverse("organizations:my_offers")),
        },
        dedupe_key=f"{KIND_THANKED}:{collaboration.pk}",
    )
