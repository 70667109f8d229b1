"""Who may translate, review and see community translations: the one place views, templates and
tests ask. Review is the content's own team, through its app's predicate (translations.kinds), or
staff."""

from core.choices import CONTENT_LANGUAGE_CODES
from members.filters import member_languages
from translations.kinds import kind_of
from translations.models import Translation, TranslationStatus


def _is_staff(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active and user.is_staff


def target_languages(user, obj, *, reads=None, existing=None) -> list[str]:
    """The languages `user` may translate `obj` into: site languages other than the original's
    that they read, when they read the original's too, and that have no live translation yet
    (nor text of the content's own). `reads`: the member's languages, `existing`: every translation
    of `obj`, if already read."""
    kind = kind_of(obj)
    if kind is None or user is None or not user.is_authenticated or not user.is_active:
        return []
    reads = member_languages(user) if reads is None else reads
    original = kind.language(obj)
    if original not in reads or not kind.can_view(user, obj):
        return []
    # Hidden ones too: until staff decide, a hidden translation keeps its language's place.
    if existing is None:
        existing = Translation.objects.of(obj)
    taken = {t.language for t in existing if t.status != TranslationStatus.DECLINED}
    return [
        code
        for code in CONTENT_LANGUAGE_CODES
        if code != original
        and code in reads
        and code not in taken
        and not kind.has_own_text(obj, code)
    ]


def can_translate(user, obj, language=None) -> bool:
    languages = target_languages(user, obj)
    return bool(languages) if language is None else language in languages


def can_review_translation(user, translation) -> bool:
    """Approve or decline: staff, or the team of the content (its own app's predicate)."""
    if _is_staff(user):
        return True
    target = translation.content_object
    kind = kind_of(target) if target is not None else None
    if kind is None or user is None or not user.is_authenticated:
        return False
    return kind.can_review(user, target)


def can_edit_translation(user, translation) -> bool:
    """Its translator, while it is live (a declined one is replaced by a new translation)."""
    return (
        user is not None
        and user.is_authenticated
        and translation.translator_id == user.pk
        and translation.status != TranslationStatus.DECLINED
    )


def can_view_translation(user, translation) -> bool:
    """Who may see (and so report) it: whoever sees the content, unless staff hid it or the team
    declined it; its translator and staff still see those."""
    target = translation.content_object
    kind = kind_of(target) if target is not None else None
    if kind is None or not kind.can_view(user, target):
        return False
    if _is_staff(user) or (
        user is not None and user.is_authenticated and translation.translator_id == user.pk
    ):
        return True
    return not translation.is_hidden and translation.status != TranslationStatus.DECLINED
