"""Community translations in any app's templates (loaded like `{% ambassador_badges %}`: pages of
lower apps show what this app adds, without their views importing it).

    {% reader_version need as version %}   the version this reader gets (title, text, language)
    {% listed_version need page as version %}  the same, for a card of a list (`page`: the list's
                                           objects, their translations fetched in one query)
    {% translation_note version %}         "Translated by … from Spanish · Show original"
                                           (a card's: "Translated by … from Spanish", no links)
    {% translation_panel version %}        "Translate", and the reviewers' approve/decline
    {% translation_contributions member %} "3 translations" on a profile
"""

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.choices import content_language, from_language, in_language
from members.filters import member_languages
from translations import permissions, selectors

register = template.Library()

# A sentence each: "into" reads differently in every language ("al español", "para o espanhol").
TRANSLATE_INTO = {
    "en": _("Translate into English"),
    "es": _("Translate into Spanish"),
    "pt": _("Translate into Portuguese"),
}


@register.simple_tag(takes_context=True)
def reader_version(context, obj):
    request = context.get("request")
    original = request is not None and request.GET.get("original") == "1"
    user = context.get("user")
    return selectors.reader_version(
        obj,
        language=content_language(get_language()),
        original=original,
        with_all=user is not None and user.is_authenticated,
    )


@register.simple_tag
def listed_version(obj, alongside=None):
    """A card's version of `obj` in the reader's language; `alongside`: the objects of the list
    it is one of (a page, a queryset, a list; any kinds), so one query serves the whole list."""
    return selectors.listed_version(
        obj, language=content_language(get_language()), alongside=alongside
    )


@register.inclusion_tag("translations/_note.html", takes_context=True)
def translation_note(context, version):
    translation = version.translation if version else None
    available = version.available if version else None
    return {
        "version": version,
        "listed": version.listed if version else False,
        "translation": translation,
        "available": available,
        "from_original": from_language(version.original_language) if version else "",
        "into_reader": in_language(available.language) if available else "",
        "path": context["request"].path if "request" in context else "",
        "user": context.get("user"),
    }


@register.inclusion_tag("translations/_panel.html", takes_context=True)
def translation_panel(context, version):
    user = context.get("user")
    if version is None or user is None or not user.is_authenticated:
        return {"show": False}
    target = version.obj
    translations = version.translations
    if translations is None:
        translations = list(selectors.translations_of(target))
    languages = permissions.target_languages(
        user, target, reads=member_languages(user), existing=translations
    )
    reviewable = []
    mine = []
    for translation in translations:
        if permissions.can_review_translation(user, translation):
            reviewable.append(translation)
        elif permissions.can_edit_translation(user, translation):
            mine.append(translation)
    return {
        "show": bool(languages or reviewable or mine),
        "kind_key": version.kind.key,
        "target": target,
        "languages": [(code, TRANSLATE_INTO[code]) for code in languages],
        "reviewable": reviewable,
        "mine": mine,
        "user": user,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("translations/_contributions.html")
def translation_contributions(member):
    return {"count": selectors.contribution_count(member)}
