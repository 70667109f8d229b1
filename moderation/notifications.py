"""Every message moderation sends, in one module, through the shared notification pipeline.

`members.notifications` stores each notification (the member's inbox), respects their preferences
and emails it in their language and time zone from templates/moderation/email/<kind>.{txt,html}.
What staff typed (a reason, a warning) travels in `data` and is shown as written; everything around
it is translated when rendered.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from members.notifications import notify, register_kind

REPORT_OUTCOME = "moderation.report_outcome"
CONTENT_HIDDEN = "moderation.content_hidden"
CONTENT_RESTORED = "moderation.content_restored"
WARNING = "moderation.warning"
SUSPENDED = "moderation.suspended"

register_kind(
    REPORT_OUTCOME,
    label=_("Your report was reviewed"),
    email_template="moderation/email/report_outcome",
    description=_("What the moderators decided about something you reported."),
)
# What the moderators decide about a member or their content reaches them whatever their email
# preferences (always_email): they must be able to act on it. The report outcome, about someone
# else's content, stays the reporter's choice.
register_kind(
    CONTENT_HIDDEN,
    label=_("The moderators hid something you posted"),
    email_template="moderation/email/content_hidden",
    description=_("When the moderators hide your profile or content, and why."),
    always_email=True,
)
register_kind(
    CONTENT_RESTORED,
    label=_("The moderators restored something you posted"),
    email_template="moderation/email/content_restored",
    description=_("When the moderators make your hidden profile or content visible again."),
    always_email=True,
)
register_kind(
    WARNING,
    label=_("A warning from the moderators"),
    email_template="moderation/email/warning",
    always_email=True,
)
register_kind(
    SUSPENDED,
    label=_("Your account was suspended"),
    email_template="moderation/email/suspended",
    always_email=True,
)


def _reachable(user) -> bool:
    return user is not None and user.is_active


def report_outcome(report, *, target_label: str) -> None:
    """Tell the reporter what was decided (their report is the notification's target)."""
    if not _reachable(report.reporter):
        return
    notify(
        recipient=report.reporter,
        kind=REPORT_OUTCOME,
        target=report,
        actor=None,  # moderators stay anonymous to members
        data={"title": target_label, "outcome": report.status, "note": report.outcome_note},
        dedupe_key=f"{REPORT_OUTCOME}:{report.pk}",
    )


def content_hidden(*, author, target, reason: str) -> None:
    """Tell the author their content was hidden and why; the link opens it, with the reason."""
    if not _reachable(author):
        return
    notify(
        recipient=author,
        kind=CONTENT_HIDDEN,
        target=target,
        data={"title": str(target)[:200], "reason": reason},
    )


def content_restored(*, author, target) -> None:
    """Tell the author their hidden content is visible again."""
    if not _reachable(author):
        return
    notify(
        recipient=author,
        kind=CONTENT_RESTORED,
        target=target,
        data={"title": str(target)[:200]},
    )


def warned(*, member, message: str) -> None:
    if not _reachable(member):
        return
    notify(recipient=member, kind=WARNING, data={"message": message})


def suspended(*, member, reason: str) -> None:
    """Stored in the member's inbox like every notification, and emailed directly.

    The pipeline never emails inactive accounts (members.notification_delivery skips them), and a
    suspended account is inactive, so this one message is sent here, after commit, rendered from
    the kind's own templates in the member's language. It is the only direct email moderation sends.
    """
    notification = notify(recipient=member, kind=SUSPENDED, data={"reason": reason})
    if member.email:
        transaction.on_commit(lambda: _email_suspension(member, notification))


def _email_suspension(member, notification) -> None:
    with translation.override(member.language), timezone.override(member.time_zone or "UTC"):
        context = {
            "recipient": member,
            "notification": notification,
            "data": notification.data,
            "site_url": settings.SITE_URL.rstrip("/"),
            "site_name": settings.SITE_NAME,
        }
        text = render_to_string("moderation/email/suspended.txt", context)
        html = render_to_string("moderation/email/suspended.html", context)
        subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{_('Your account was suspended')}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[member.email],
        headers={"X-Notification-Kind": SUSPENDED},
    )
    message.attach_alternative(html, "text/html")
    message.send()
