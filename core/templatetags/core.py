from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.choices import content_language, in_language, language_name
from core.dates import format_when
from core.disclosure import is_suppressed
from core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def query_transform(context, **kwargs):
    """The current query string with some parameters replaced, for pagination and filter links."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter(name="when")
def when_filter(value, zone=None):
    """A datetime with its date, time and zone name, in the reader's language and time zone (or in
    `zone`, e.g. an event organizer's): see core.dates.format_when."""
    return format_when(value, zone)


@register.simple_tag
def language_label(code):
    """A small "in Spanish" badge when content is written in another language than the reader's
    (the content block itself carries lang="…", WCAG 3.1.2); nothing when they match."""
    if not code or code == content_language(get_language()):
        return ""
    return format_html('<span class="badge lang-label">{}</span>', in_language(code))


@register.filter(name="language_name")
def language_name_filter(code):
    """A language's name in the reader's language ("pt" -> "Portugués"): emails store the code,
    and each reader gets the name in theirs."""
    return language_name(code) if code else ""


@register.filter
def shown_count(value):
    """A published count in words: "fewer than 5" where the exact number is withheld, else the
    number grouped the way the reader's language writes it (12,345 / 12.345)."""
    if is_suppressed(value):
        return _("fewer than 5")
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    return value
