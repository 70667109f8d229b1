"""Every "tell the other side" of organizations, in one place.

Until the notification pipeline (members.notifications.notify) lands, each function sends a plain
email with send_mail, in the recipient's language. The lead will route these through the pipeline;
callers (organizations.services) call them after their transaction commits.
"""

from types import SimpleNamespace

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from members.models import User
from organizations.models import Need, NeedStatus, Role


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _send(*, to_email, language, subject, template, context):
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"SITE_NAME": settings.SITE_NAME, **context}
        body = render_to_string(f"organizations/email/{template}.txt", context)
        send_mail(
            f"[{settings.SITE_NAME}] {subject()}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [to_email],
        )


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


# Kinds of the notification pipeline (members.notifications), registered in
# organizations.match_notifications.register_kinds(). Their email templates read
# `notification.target` (the offer) and `notification.data`; the plain-email fallback renders the
# same templates with the same two names.
KIND_OFFER_MADE = "organizations.offer_made"
KIND_OFFER_ACCEPTED = "organizations.offer_accepted"
KIND_OFFER_DECLINED = "organizations.offer_declined"
KIND_OFFER_EXPIRED = "organizations.offer_expired"
OFFER_KINDS = {
    KIND_OFFER_MADE: "offer_made",
    KIND_OFFER_ACCEPTED: "offer_accepted",
    KIND_OFFER_DECLINED: "offer_declined",
    KIND_OFFER_EXPIRED: "offer_expired",
}


def _tell(*, recipient, kind, offer, subject, data, actor=None):
    """Through the pipeline when it is there (dedupe: one per kind, offer and recipient)."""
    from organizations.match_notifications import _pipeline

    pipeline = _pipeline()
    if pipeline is not None:
        data = {"title": data["need_title"], **data}  # what the inbox shows by the kind's label
        pipeline.notify(
            recipient=recipient,
            kind=kind,
            target=offer,
            actor=actor,
            data=data,
            dedupe_key=f"{kind}:{offer.pk}:{recipient.pk}",
        )
        return
    _send(
        to_email=recipient.email,
        language=recipient.language,
        subject=subject,
        template=OFFER_KINDS[kind],
        context={"notification": SimpleNamespace(target=offer, data=data, kind=kind)},
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
            subject=lambda: _("New offer of help for “%(need)s”") % {"need": need.title},
            data=data,
        )


def offer_accepted(offer):
    """Tell the member, with the address of the team member who accepted."""
    _tell(
        recipient=offer.member,
        kind=KIND_OFFER_ACCEPTED,
        offer=offer,
        actor=offer.answered_by,
        subject=lambda: _("Your offer for “%(need)s” was accepted") % {"need": offer.need.title},
        data={
            "need_title": offer.need.title,
            "reply": offer.reply,
            "contact_name": offer.answered_by.get_full_name() if offer.answered_by else "",
            "contact_email": offer.answered_by.email if offer.answered_by else "",
            "url": _absolute(offer.need.get_absolute_url()),
        },
    )


def offer_declined(offer):
    _tell(
        recipient=offer.member,
        kind=KIND_OFFER_DECLINED,
        offer=offer,
        actor=offer.answered_by,
        subject=lambda: _("About your offer for “%(need)s”") % {"need": offer.need.title},
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
        subject=lambda: _("Thank you for your offer for “%(need)s”") % {"need": offer.need.title},
        data={"need_title": offer.need.title, "url": _absolute(reverse("organizations:board"))},
    )


KIND_NEED_EXPIRED = "organizations.need_expired"


def needs_expired(need_ids):
    """Tell each need's team (can_manage_venture) that it closed when its deadline passed.
    Safe to run twice: one notification per need and member; a need reopened since is skipped."""
    from organizations.match_notifications import _pipeline

    pipeline = _pipeline()
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
        recipients = list(_team_recipients(need.venture))
        if pipeline is not None:
            told += pipeline.notify_many(
                recipient_ids=[user.pk for user in recipients],
                kind=KIND_NEED_EXPIRED,
                target=need,
                data=data,
                dedupe_key=f"{KIND_NEED_EXPIRED}:{need.pk}",
            )
            continue
        for recipient in recipients:
            _send(
                to_email=recipient.email,
                language=recipient.language,
                subject=lambda title=need.title: (
                    _("“%(need)s” closed at its deadline") % {"need": title}
                ),
                template="need_expired",
                context={"notification": SimpleNamespace(target=need, data=data)},
            )
            told += 1
    return told


def invitation_sent(invitation):
    """Email the invitation link; the invitee may have no account yet."""
    from organizations.services import invitation_url

    existing = User.objects.filter(email__iexact=invitation.email).only("language").first()
    _send(
        to_email=invitation.email,
        language=existing.language if existing else invitation.language,
        subject=lambda: (
            _("You are invited to join %(organization)s")
            % {"organization": invitation.organization.name}
        ),
        template="invitation",
        context={
            "invitation": invitation,
            "organization": invitation.organization,
            "inviter_name": invitation.invited_by.get_full_name() if invitation.invited_by else "",
            "role_label": invitation.get_role_display(),
            "accept_url": _absolute(invitation_url(invitation)),
            "has_account": existing is not None,
        },
    )
