from django import template

from core.dates import format_when
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
