"""Markdown for every user-written text: rendered with python-markdown, then sanitised with nh3."""

import functools

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "a",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str | None) -> SafeString:
    """Turn member-written markdown into safe HTML; raw HTML and unsafe links are dropped."""
    if not text:
        return mark_safe("")
    return mark_safe(_clean_html(str(text)))  # noqa: S308 - nh3 output is sanitised


# A pure function of the text: the same bio, need or story is rendered on every view of it, and
# python-markdown builds a new parser (its extensions, processors and patterns) for each call.
@functools.lru_cache(maxsize=1024)
def _clean_html(text: str) -> str:
    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener ugc",
    )
