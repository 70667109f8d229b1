"""Every message moderation sends, in one module, through the shared notification pipeline.

`notifications.services` stores each notification (the member's inbox), respects their preferences
and emails it in their language and time zone from templates/moderation/email/<kind>.{txt,html}.
What staff typed (a reason, a warning) travels in `data` and is shown as written; everything around
it is translated when rendered.
"""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register_kind
from notifications.services import notify

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
    link_url_name="code_of_conduct",
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
    link_url_name="code_of_conduct",
)
register_kind(
    SUSPENDED,
    label=_("Your account was suspended"),
    email_template="moderation/email/suspended",
    always_email=True,
    reaches_inactive=True,  # the suspended account is inactive, and must still learn why
    link_url_name="code_of_conduct",
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
    """Stored in the member's inbox like every notification and emailed through the pipeline,
    though the account is now inactive (the kind reaches inactive accounts)."""
    notify(recipient=member, kind=SUSPENDED, data={"reason": reason})
