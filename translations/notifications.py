"""What community translation tells people, through the shared notification pipeline (inbox,
preferences, email in the reader's language): a translation awaits review, to those who may
review it; the review's outcome, to its translator.

Who may review is translations.permissions.can_review_translation and nothing else: the content's
team is only where the candidates are looked for (its organization's members, a venture's leads,
a campaign event's ambassadors, a story's author); the predicate decides among them. Content no
team of members may review (a campaign; or a team with nobody left) goes to staff.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.kinds import register_kind
from notifications.services import notify
from translations.kinds import kind_of
from translations.permissions import can_review_translation

AWAITING_REVIEW = "translations.awaiting_review"
APPROVED = "translations.approved"
DECLINED = "translations.declined"

register_kind(
    AWAITING_REVIEW,
    label=_("A community translation awaits your review"),
    email_template="translations/email/awaiting_review",
    description=_("When a member translates content your team manages, so you can approve it."),
)
register_kind(
    APPROVED,
    label=_("Your translation was approved"),
    email_template="translations/email/approved",
    description=_("What the team decided about a translation you wrote."),
)
register_kind(
    DECLINED,
    label=_("Your translation was declined"),
    email_template="translations/email/declined",
    description=_("What the team decided about a translation you wrote."),
)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _candidates(target):
    """Members of the content's team, wherever its kind keeps them (the predicate then decides)."""
    users = get_user_model().objects.filter(is_active=True)
    organization_id = getattr(target, "organization_id", None)
    venture = getattr(target, "venture", None) if hasattr(target, "venture_id") else None
    if venture is None and target._meta.label_lower == "organizations.venture":
        venture = target
    wanted = Q(pk__in=[])
    if venture is not None:
        wanted |= Q(memberships__organization_id=venture.organization_id) | Q(led_ventures=venture)
    elif organization_id is not None:
        wanted |= Q(memberships__organization_id=organization_id)
    if getattr(target, "campaign_id", None) is not None and hasattr(target, "starts_at"):
        wanted |= Q(campaign_memberships__campaign_id=target.campaign_id)
    if getattr(target, "author_id", None) is not None:
        wanted |= Q(pk=target.author_id)
    return users.filter(wanted).distinct()


def reviewers_of(translation) -> list:
    """Who is asked to review `translation`: its content's team members who may review it, or,
    when none may, the staff (who may review every kind). Never its translator."""
    target = translation.content_object
    if target is None or kind_of(target) is None:
        return []
    others = ~Q(pk=translation.translator_id) if translation.translator_id else Q()
    team = [
        user
        for user in _candidates(target).filter(others).select_related("profile")
        if can_review_translation(user, translation)
    ]
    if team:
        return team
    staff = get_user_model().objects.filter(others, is_active=True, is_staff=True)
    return [
        user
        for user in staff.select_related("profile")
        if can_review_translation(user, translation)
    ]


def _data(translation, target) -> dict:
    translator = translation.translator
    return {
        "title": translation.title,
        "original_title": kind_of(target).title(target),
        "language": translation.language,
        "translator_name": translator.get_full_name() if translator else "",
        # The content's page opens on its translation panel (approve or decline).
        "url": _absolute(target.get_absolute_url() + "#translations"),
    }


def translation_awaits_review(translation) -> None:
    """Ask the reviewers; once per version of it (a corrected translation asks again)."""
    target = translation.content_object
    if target is None:
        return
    data = _data(translation, target)
    version = int(translation.updated_at.timestamp()) if translation.updated_at else 0
    for recipient in reviewers_of(translation):
        notify(
            recipient=recipient,
            kind=AWAITING_REVIEW,
            target=translation,
            actor=translation.translator,
            data=data,
            dedupe_key=f"{AWAITING_REVIEW}:{translation.pk}:{version}:{recipient.pk}",
        )


def translation_reviewed(translation) -> None:
    """Tell the translator what the team decided (not when they reviewed it themselves)."""
    translator = translation.translator
    target = translation.content_object
    if translator is None or not translator.is_active or target is None:
        return
    if translation.reviewed_by_id == translator.pk:
        return
    kind = APPROVED if translation.is_reviewed else DECLINED
    data = _data(translation, target)
    if kind == DECLINED:
        # A declined translation is no longer shown: the link opens the content, to try again.
        data["url"] = _absolute(target.get_absolute_url())
    notify(
        recipient=translator,
        kind=kind,
        target=translation,
        actor=None,
        data=data,
        dedupe_key=f"{kind}:{translation.pk}:{int(translation.reviewed_at.timestamp())}",
    )
