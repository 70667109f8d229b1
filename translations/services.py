"""Writes of community translations, one transaction each. Search text of translated needs is kept
current by translations.signals (staff hiding a translation saves it outside these services)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from translations import notifications, permissions
from translations.kinds import kind_of
from translations.models import Translation, TranslationStatus


class TranslationNotAllowed(Exception):
    """The member may not (or may no longer) translate this into that language."""


def add_translation(*, translator, target, language, title, text) -> Translation:
    """A member's translation. Written by someone who may review it (the content's own team, or
    staff), it is approved at once: there is no one else to ask."""
    if not permissions.can_translate(translator, target, language):
        raise TranslationNotAllowed(language)
    kind = kind_of(target)
    translation = Translation(
        content_object=target,
        language=language,
        source_language=kind.language(target),
        title=title,
        text=text,
        translator=translator,
    )
    if permissions.can_review_translation(translator, translation):
        translation.status = TranslationStatus.APPROVED
        translation.reviewed_by = translator
        translation.reviewed_at = timezone.now()
    try:
        with transaction.atomic():
            translation.save()
            if not translation.is_reviewed:
                notifications.translation_awaits_review(translation)
    except IntegrityError as error:  # someone else's translation into it was saved meanwhile
        raise TranslationNotAllowed(language) from error
    return translation


def update_translation(*, translation, editor, title, text) -> Translation:
    """The translator's correction; a reviewed translation waits for review again, unless its
    translator may review it."""
    with transaction.atomic():
        translation.title = title
        translation.text = text
        if permissions.can_review_translation(editor, translation):
            translation.status = TranslationStatus.APPROVED
            translation.reviewed_by = editor
            translation.reviewed_at = timezone.now()
        else:
            translation.status = TranslationStatus.PENDING
            translation.reviewed_by = None
            translation.reviewed_at = None
        translation.save()
        if not translation.is_reviewed:
            notifications.translation_awaits_review(translation)
    return translation


def review_translation(*, translation, reviewer, approve: bool) -> Translation:
    with transaction.atomic():
        translation.status = TranslationStatus.APPROVED if approve else TranslationStatus.DECLINED
        translation.reviewed_by = reviewer
        translation.reviewed_at = timezone.now()
        translation.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        notifications.translation_reviewed(translation)
    return translation
