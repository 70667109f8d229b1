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

from core.markdown import render_markdown

register = template.Library()

DEFAULT_IMAGE = "img/share-default.png"
DEFAULT_IMAGE_SIZE = (1200, 630)
DESCRIPTION_LENGTH = 200
# Where objects keep their picture: covers (campaigns, events, ventures, stories), a story's image,
# a fellow's photo, a logo, an avatar. The first with a file is shared.
IMAGE_FIELDS = ("cover", "image", "photo", "logo", "avatar")


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


@register.inclusion_tag("core/_share_meta.html", takes_context=True)
def share_meta(context, title="", description="", image=None, kind="website"):
    """The description, Open Graph and Twitter card tags for this page. `image` is the object
    whose cover is shown (core.templatetags.share.cover_image), else the default picture."""
    request = context.get("request")
    url = absolute(request.path) if request is not None else absolute("/")
    picture = None
    if image is not None:
        for name in IMAGE_FIELDS:
            field = getattr(image, name, None)
            if field and getattr(field, "name", None):
                try:
                    picture = (field.url, *_stored_size(image, name))
                except ValueError:
                    continue
                break
    if picture is None:
        picture = (static(DEFAULT_IMAGE), *DEFAULT_IMAGE_SIZE)
    return {
        "site_name": settings.SITE_NAME,
        "title": str(title).strip() or settings.SITE_NAME,
        "description": plain_text(description) or default_description(),
        "url": url,
        "kind": kind,
        "image_url": absolute(picture[0]),
        "image_width": picture[1],
        "image_height": picture[2],
        "locale": to_locale(get_language() or settings.LANGUAGE_CODE),
    }
