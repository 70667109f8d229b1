"""Reads of community translations: the version of a piece of content a reader gets, a member's
translations, and needs that wait for a translation into a language a member reads."""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, Subquery

from core.choices import CONTENT_LANGUAGE_CODES
from organizations.models import Match, Need
from translations.kinds import Kind, kind_of
from translations.models import Translation, TranslationStatus


@dataclass
class ReaderVersion:
    """What a reader gets of `obj`: its original, or the translation into their language."""

    obj: object
    kind: Kind
    title: str
    text: str
    language: str  # of what is shown: the lang="…" of the content block
    original_language: str
    translation: Translation | None = None  # shown instead of the original
    available: Translation | None = None  # into the reader's language, even if not shown
    # Every translation of it (any status), when read: the page's panel reuses them.
    translations: list | None = None
    listed: bool = False  # a card in a list: its note is a marker, without the page's links

    @property
    def is_translated(self) -> bool:
        return self.translation is not None

    @property
    def showing_original_instead(self) -> bool:
        """A translation into the reader's language exists, but they asked for the original."""
        return self.translation is None and self.available is not None


def reader_version(
    obj, *, language: str, original: bool = False, with_all: bool = False
) -> ReaderVersion | None:
    """`language`: the reader's content language. The original if it is already in it (or the
    content has its own text in it), else its live translation into it (reviewed or not) unless
    the reader asked for the `original`. `with_all`: read every translation of it (one query) for
    the page's translation panel, whatever the reader gets."""
    kind = kind_of(obj)
    if kind is None:
        return None
    version = ReaderVersion(
        obj=obj,
        kind=kind,
        title=kind.title(obj),
        text=kind.text(obj),
        language=kind.language(obj),
        original_language=kind.language(obj),
    )
    in_reader_language = language == version.original_language or kind.has_own_text(obj, language)
    if with_all or not in_reader_language:
        version.translations = list(translations_of(obj))
    if in_reader_language:
        return version
    version.available = next(
        (
            translation
            for translation in version.translations
            if translation.language == language
            and not translation.is_hidden
            and translation.status != TranslationStatus.DECLINED
        ),
        None,
    )
    if version.available is not None and not original:
        version.translation = version.available
        version.title = version.available.title
        version.text = version.available.text
        version.language = language
    return version


# The attribute a listed object carries: {reader's language: its live translation into it, or None}.
_LISTED = "_listed_translations"


def _needs_translation(obj, kind, language) -> bool:
    return language != kind.language(obj) and not kind.has_own_text(obj, language)


def attach_listed_translations(objects, *, language: str) -> None:
    """For every translatable object of `objects` (any kinds, mixed) written in another language
    than `language`, its live translation into it (reviewed or not, the translator's name with
    it): one query for the whole list, none when every object is in the reader's language or was
    already attached. Cards then read it with `listed_version`."""
    pending = {}
    for obj in objects:
        kind = kind_of(obj)
        if kind is None or obj.pk is None or language in getattr(obj, _LISTED, {}):
            continue
        if not _needs_translation(obj, kind, language):
            obj.__dict__.setdefault(_LISTED, {})[language] = None
            continue
        pending.setdefault((obj._meta.app_label, obj._meta.model_name), {})[obj.pk] = obj
    if not pending:
        return
    wanted = Q()
    for (app_label, model), by_pk in pending.items():
        wanted |= Q(
            content_type__app_label=app_label,
            content_type__model=model,
            object_id__in=list(by_pk),
        )
    found = {
        (t.content_type.app_label, t.content_type.model, t.object_id): t
        for t in Translation.objects.shown()
        .filter(wanted, language=language)
        .select_related("content_type", "translator__profile")
    }
    for (app_label, model), by_pk in pending.items():
        for pk, obj in by_pk.items():
            obj.__dict__.setdefault(_LISTED, {})[language] = found.get((app_label, model, pk))


def listed_version(obj, *, language: str, alongside=None) -> ReaderVersion | None:
    """What a reader gets of `obj` as a card in a list: its translation into `language` if one
    is live, marked. `alongside`: the list's objects, fetched together (attach_listed_translations)
    the first time one of them is asked for."""
    kind = kind_of(obj)
    if kind is None:
        return None
    if language not in getattr(obj, _LISTED, {}):
        attach_listed_translations(
            [obj] if alongside is None else [*alongside, obj], language=language
        )
    # A list may leave the long text out of its query (deferred): a card reads none of it then.
    deferred = obj.get_deferred_fields()
    version = ReaderVersion(
        obj=obj,
        kind=kind,
        title=kind.title(obj),
        text="" if kind.text_field in deferred else kind.text(obj),
        language=kind.language(obj),
        original_language=kind.language(obj),
        listed=True,
    )
    translation = obj.__dict__[_LISTED][language]
    if translation is not None:
        version.translation = version.available = translation
        version.title = translation.title
        version.text = translation.text
        version.language = language
    return version


def translations_of(obj):
    """Every translation of `obj`, for its reviewers' panel."""
    return Translation.objects.of(obj).select_related("translator__profile").order_by("language")


def contribution_count(user) -> int:
    """How many live translations a member has given (their profile's contributions)."""
    return Translation.objects.shown().filter(translator=user).count()


def reads_several_languages(languages) -> bool:
    return len([code for code in languages if code in CONTENT_LANGUAGE_CODES]) >= 2


def needs_to_translate(user, languages, *, limit=3):
    """Open needs written in a language the member reads that lack a translation into another
    one they read: their matches first (best score first), then the newest."""
    readable = [code for code in languages if code in CONTENT_LANGUAGE_CODES]
    if not reads_several_languages(readable):
        return []
    live = (
        Translation.objects.filter(
            content_type__app_label="organizations", content_type__model="need"
        )
        .filter(object_id=OuterRef("pk"))
        .exclude(status=TranslationStatus.DECLINED)
    )
    lacking = Q()
    for code in readable:
        lacking |= ~Q(language=code) & Q(~Exists(live.filter(language=code)))
    my_score = Match.objects.filter(need=OuterRef("pk"), user=user).values("score")[:1]
    return list(
        Need.objects.open()
        .filter(language__in=readable)
        .filter(lacking)
        .exclude(created_by=user)
        .annotate(my_score=Subquery(my_score))
        .select_related("venture__organization")
        .order_by(F("my_score").desc(nulls_last=True), "-created_at", "-pk")[:limit]
    )
