"""Generated faces: initials and a colour derived from a stable key (a handle, a slug), drawn as
inline SVG, for people and organizations without a picture. No domain: the apps decide whose name
may be shown (members.templatetags.faces).

The colour is a hue taken from a hash of the key, darkened until white text on it reaches a
contrast ratio of at least 4.5:1 (WCAG 2.x, AA for normal text).
"""

import colorsys
import hashlib
import unicodedata
from functools import lru_cache

from django.utils.html import format_html
from django.utils.safestring import mark_safe

MIN_CONTRAST = 4.5
WHITE = (1.0, 1.0, 1.0)


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb) -> float:
    red, green, blue = (_channel(c) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@lru_cache(maxsize=4096)  # a page draws dozens of faces, each a loop of colour conversions
def colour_for(key: str) -> str:
    """A background colour (#rrggbb) for `key`, always the same for the same key, on which white
    text has a contrast of at least 4.5:1."""
    digest = hashlib.sha256((key or "").encode()).digest()
    hue = int.from_bytes(digest[:2], "big") % 360 / 360
    saturation = 0.45 + digest[2] % 20 / 100  # 0.45..0.64
    lightness = 0.42
    while True:
        rgb = colorsys.hls_to_rgb(hue, lightness, saturation)
        colour = "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in rgb))
        # Measured on the colour as written (8 bits a channel), not the exact one.
        if contrast_ratio(hex_to_rgb(colour), WHITE) >= MIN_CONTRAST or lightness <= 0.05:
            return colour
        lightness -= 0.02


def hex_to_rgb(colour: str):
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def initials(name: str, *, letters: int = 2) -> str:
    """Up to two capital letters: the first of the first and of the last word ("Lucía del
    Montaño" → "LM"); a single word gives its first letter. Punctuation and digits are skipped."""
    words = []
    for word in (name or "").split():
        letter = next((ch for ch in word if unicodedata.category(ch).startswith("L")), "")
        if letter:
            words.append(letter)
    if not words:
        return ""
    picked = words[:1] + (words[-1:] if len(words) > 1 and letters > 1 else [])
    return "".join(picked).upper()


def initials_svg(*, text: str, key: str, size: int, label: str = "", css_class: str = "avatar"):
    """A round (or, with css_class containing "monogram", rounded-square) badge of initials.

    With a label it is an image named by it (role="img", aria-label); without, decorative."""
    background = colour_for(key)
    radius = size / 2 if "monogram" not in css_class else size / 6
    font = round(size * (0.42 if len(text) < 2 else 0.38), 1)
    if label:
        accessible = format_html('role="img" aria-label="{}"', label)
    else:
        accessible = mark_safe('aria-hidden="true" focusable="false"')
    return format_html(
        '<svg class="{cls}" width="{s}" height="{s}" viewBox="0 0 {s} {s}" {acc}'
        ' xmlns="http://www.w3.org/2000/svg">'
        '<rect width="{s}" height="{s}" rx="{r}" fill="{bg}"/>'
        '<text x="50%" y="50%" dy=".35em" text-anchor="middle" fill="#ffffff"'
        ' font-family="system-ui, sans-serif" font-size="{f}" font-weight="600">{t}</text></svg>',
        cls=css_class,
        s=size,
        acc=accessible,
        r=radius,
        bg=background,
        f=font,
        t=text,
    )


def anonymous_svg(*, size: int, label: str = "", css_class: str = "avatar"):
    """A neutral silhouette for a member whose name and picture this reader may not see."""
    if label:
        accessible = format_html('role="img" aria-label="{}"', label)
    else:
        accessible = mark_safe('aria-hidden="true" focusable="false"')
    return format_html(
        '<svg class="{cls} avatar-anonymous" width="{s}" height="{s}" viewBox="0 0 24 24" {acc}'
        ' xmlns="http://www.w3.org/2000/svg"><rect width="24" height="24" rx="12" fill="#5c6370"/>'
        '<circle cx="12" cy="9.5" r="4" fill="#ffffff"/>'
        '<path d="M4.5 20.5a7.5 7.5 0 0 1 15 0" fill="#ffffff"/></svg>',
        cls=css_class,
        s=size,
        acc=accessible,
    )
