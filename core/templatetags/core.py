from django import template
from django.conf import settings
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.choices import content_language, in_language, language_name
from core.dates import format_day, format_end, format_moment, format_when
from core.disclosure import is_suppressed
from core.markdown import render_markdown
from core.widgets import country_name

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


@register.filter(name="ends")
def ends_filter(end, start):
    """`{{ event.ends_at|ends:event.starts_at }}`: see core.dates.format_end."""
    return format_end(end, start)


@register.filter(name="day")
def day_filter(value, zone=None):
    """A date (or a datetime's day in the reader's zone) as the reader's language writes it."""
    return format_day(value, zone)


@register.filter(name="moment")
def moment_filter(value, zone=None):
    """A datetime's date and time with its zone, as `when` (core.dates.format_when)."""
    return format_moment(value, zone)


@register.filter(is_safe=True)
def page_title(title):
    """A page's <title>: "Sign in · Diaspora Changemakers". The site name never twice: a page
    titled with the site name alone (or untitled) is the site name."""
    title = str(title or "").strip()
    name = settings.SITE_NAME
    if not title or title == name:
        return conditional_escape(name)
    suffix = f" · {name}"
    if title.endswith(suffix):
        title = title[: -len(suffix)]
    return format_html("{} · {}", mark_safe(title), name)  # noqa: S308 - rendered by the engine


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


@register.filter(name="country_name")
def country_name_filter(country):
    """A country's name in the reader's language (core.widgets.country_name)."""
    return country_name(country)
