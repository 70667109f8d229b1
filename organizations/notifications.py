"""Every "tell the other side" of organizations, in one place.

Until the notification pipeline (members.notifications.notify) lands, each function sends a plain
email with send_mail, in the recipient's language. The lead will route these through the pipeline;
callers (organizations.services) call them after their transaction commits.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from members.models import User
from organizations.models import Role


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


def _team_recipients(organization):
    return User.objects.filter(
        is_active=True,
        memberships__organization=organization,
        memberships__role__in=[Role.ADMIN, Role.EDITOR],
    ).select_related("profile")


def offer_made(offer):
    """Tell the venture's admins and editors that someone offered help (no address included)."""
    need = offer.need
    organization = need.venture.organization
    for recipient in _team_recipients(organization):
        _send(
            to_email=recipient.email,
            language=recipient.language,
            subject=lambda: _("New offer of help for “%(need)s”") % {"need": need.title},
            template="offer_made",
            context={
                "offer": offer,
                "need": need,
                "member_name": offer.member.get_full_name(),
                "dashboard_url": _absolute(
                    reverse("organizations:offers", kwargs={"slug": organization.slug})
                ),
            },
        )


def offer_accepted(offer):
    """Tell the member, with the address of the team member who accepted."""
    _send(
        to_email=offer.member.email,
        language=offer.member.language,
        subject=lambda: _("Your offer for “%(need)s” was accepted") % {"need": offer.need.title},
        template="offer_accepted",
        context={
            "offer": offer,
            "need": offer.need,
            "contact_name": offer.answered_by.get_full_name() if offer.answered_by else "",
            "contact_email": offer.answered_by.email if offer.answered_by else "",
            "need_url": _absolute(offer.need.get_absolute_url()),
        },
    )


def offer_declined(offer):
    _send(
        to_email=offer.member.email,
        language=offer.member.language,
        subject=lambda: _("About your offer for “%(need)s”") % {"need": offer.need.title},
        template="offer_declined",
        context={
            "offer": offer,
            "need": offer.need,
            "board_url": _absolute(reverse("organizations:board")),
        },
    )


def offer_expired(offer):
    _send(
        to_email=offer.member.email,
        language=offer.member.language,
        subject=lambda: _("Thank you for your offer for “%(need)s”") % {"need": offer.need.title},
        template="offer_expired",
        context={
            "offer": offer,
            "need": offer.need,
            "board_url": _absolute(reverse("organizations:board")),
        },
    )


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
