"""What a link shows when it is shared: the meta description, Open Graph and Twitter card tags.

Base.html renders `{% share_meta %}` (the site's defaults) in its `{% block meta %}`; a public page
overrides the block with its object's title, description and cover. Pages of content hidden from
visitors never override it, so nothing of theirs is put into a preview."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from core.images import cover_field_name
from core.markdown import render_markdown

register = template.Library()

DEFAULT_IMAGE = "img/share-default.png"
DEFAULT_IMAGE_SIZE = (1200, 630)
DESCRIPTION_LENGTH = 200
# Where objects keep their picture, after their cover (COVER_FIELD: a campaign's hero_image, a
# story's image, an event's or venture's cover): a fellow's photo, a logo, an avatar. The first
# with a file is shared.
IMAGE_FIELDS = ("photo", "logo", "avatar")


@register.simple_tag(name="site_tagline")
def site_tagline() -> str:
    return _("Diaspora know-how for the changemakers of Latin America")


def default_description() -> str:
    return _(
        "Latin Americans living abroad offer their skills, contacts and time to the social "
        "entrepreneurs and organizations of their home region: needs, events and stories."
    )


def absolute(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + "/" + url.lstrip("/")


def plain_text(text, length=DESCRIPTION_LENGTH) -> str:
    """Markdown as one line of plain text, cut at a word near `length` characters."""
    if not text:
        return ""
    words = " ".join(strip_tags(render_markdown(str(text))).split())
    return Truncator(words).chars(length)


def _stored_size(obj, name):
    """The picture's width and height as noted on the row beside it (covers keep
    `<name>_width` and `<name>_height`), else (None, None): never read from the file itself,
    which costs a disk or storage read (and a decode) on every view of the page."""
    return getattr(obj, f"{name}_width", None), getattr(obj, f"{name}_height", None)


def _picture_of(obj):
    """(url, width, height, alt) of the picture `obj` is shared with, or None: its cover first
    (the stored file, the widest copy at most 1440 px: previews want 1200), then a photo, logo or
    avatar. Sizes and alt text come from the row beside the file (covers keep `<name>_width`,
    `_height`, `_alt`); none is read from the file."""
    for name in dict.fromkeys((cover_field_name(obj), *IMAGE_FIELDS)):
        field = getattr(obj, name, None)
        if field and getattr(field, "name", None):
            try:
                url = field.url
            except ValueError:
                continue
            return url, *_stored_size(obj, name), getattr(obj, f"{name}_alt", "") or ""
    return None


@register.inclusion_tag("core/_share_meta.html", takes_context=True)
def share_meta(context, title="", description="", image=None, kind="website"):
    """The description, Open Graph and Twitter card tags for this page. `image` is the object
    whose cover (or photo, logo, avatar) is shown, else the default picture."""
    request = context.get("request")
    url = absolute(request.path) if request is not None else absolute("/")
    picture = _picture_of(image) if image is not None else None
    if picture is None:
        picture = (static(DEFAULT_IMAGE), *DEFAULT_IMAGE_SIZE, settings.SITE_NAME)
    return {
        "site_name": settings.SITE_NAME,
        "title": str(title).strip() or settings.SITE_NAME,
        "description": plain_text(description) or default_description(),
        "url": url,
        "kind": kind,
        "image_url": absolute(picture[0]),
        "image_width": picture[1],
        "image_height": picture[2],
        "image_alt": picture[3],
        "locale": to_locale(get_language() or settings.LANGUAGE_CODE),
    }
