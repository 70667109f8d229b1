"""Icons, flags and cover pictures: `{% load icons %}`.

- `{% icon "map-pin" %}`: a vendored heroicon inlined (read once, then kept in memory), hidden from
  assistive technology; `{% icon "map-pin" label=_("Place") %}` makes it an image named by the label.
- `{% flag "CO" %}` or `{% flag profile.country_of_origin %}`: the country's flag as an image whose
  alt text is the country's name in the reader's language (vendored flag-icons; no emoji, which
  Chromium and Windows show as empty boxes). `decorative=True` where the name is printed beside it.
- `{% cover obj sizes="..." %}`: a campaign's, event's, venture's or story's cover picture with
  srcset, sizes, width, height, lazy loading and its alt text (core.images).
"""

import re
from functools import cache

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django_countries.fields import Country

from core.images import cover_field_name, srcset_candidates
from core.widgets import country_name

register = template.Library()

HEROICONS = "vendor/heroicons-2.2.0/24/outline"
FLAGS = "vendor/flag-icons-7.5.0/flags/4x3"
_ICON_NAME = re.compile(r"^[a-z0-9-]{1,60}$")


@cache
def _icon_markup(name: str) -> str:
    """The SVG's inner markup (paths) and its viewBox, read once per process."""
    if not _ICON_NAME.match(name):
        return ""
    for directory in settings.STATICFILES_DIRS:
        path = directory / HEROICONS / f"{name}.svg"
        if path.is_file():
            text = path.read_text()
            inner = text[text.index(">") + 1 : text.rindex("</svg>")].strip()
            return inner
    return ""


@register.simple_tag
def icon(name, label="", size=20, css_class=""):
    inner = _icon_markup(name)
    if not inner:
        return ""
    classes = f"icon {css_class}".strip()
    accessible = (
        format_html('role="img" aria-label="{}"', label)
        if label
        else mark_safe('aria-hidden="true" focusable="false"')
    )
    return format_html(
        '<svg class="{}" width="{}" height="{}" viewBox="0 0 24 24" fill="none" stroke="currentColor"'
        ' stroke-width="1.5" {} xmlns="http://www.w3.org/2000/svg">{}</svg>',
        classes,
        size,
        size,
        accessible,
        mark_safe(inner),  # noqa: S308 - our vendored file, never user input
    )


@cache
def _flag_exists(code: str) -> bool:
    return any(
        (directory / FLAGS / f"{code}.svg").is_file() for directory in settings.STATICFILES_DIRS
    )


@cache
def _flag_url(code: str) -> str:
    # static() looks the file up in the storage's manifest on every call: 50 flags a directory page.
    return static(f"{FLAGS}/{code}.svg")


@register.simple_tag
def flag(country, height=15, decorative=False):
    """`<img src alt="Colombia" width height>`: 4:3, `height` pixels high; nothing for no country."""
    code = country.code if isinstance(country, Country) else str(country or "")
    code = code.strip().lower()
    if not code or not _flag_exists(code):
        return ""
    name = "" if decorative else country_name(code.upper())
    return format_html(
        '<img class="flag" src="{}" alt="{}" width="{}" height="{}">',
        _flag_url(code),
        name,
        round(height * 4 / 3),
        height,
    )


@register.simple_tag
def cover(obj, sizes="100vw", css_class="cover", lazy=True):
    """The cover of `obj` (its COVER_FIELD, "cover" by default) as a responsive image; nothing
    when it has none. Alt text: the `<field>_alt` the author wrote, else empty (the title is
    printed beside every cover)."""
    field = cover_field_name(obj)
    picture = getattr(obj, field, None)
    if not picture:
        return ""
    width = getattr(obj, f"{field}_width", None)
    height = getattr(obj, f"{field}_height", None)
    alt = getattr(obj, f"{field}_alt", "") or ""
    # A cover that is not lazy is the page's hero, usually its largest paint: fetched first.
    loading = (
        mark_safe(' loading="lazy" decoding="async"')
        if lazy
        else mark_safe(' fetchpriority="high"')
    )
    if not (width and height):  # a picture from before covers kept their size
        return format_html(
            '<img class="{}" src="{}" alt="{}"{}>', css_class, picture.url, alt, loading
        )
    srcset = format_html_join(
        ", ", "{} {}w", srcset_candidates(picture, width, picture.field.widths)
    )
    return format_html(
        '<img class="{}" src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}>',
        css_class,
        picture.url,
        srcset,
        sizes,
        width,
        height,
        alt,
        loading,
    )
