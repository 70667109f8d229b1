from django import template

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
