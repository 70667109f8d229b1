"""People and organizations shown by face: `{% load faces %}`.

- `{% avatar person 48 %}`: a member's photo, or their initials on a colour derived from their
  handle (core.faces), or a neutral silhouette when this reader may not see who they are.
  `person` is a User or a Profile. A User goes through members.permissions.can_see_name, like
  `{% name_for %}` (one query each unless the list marked `name_shown`, mark_names_shown); a
  Profile is shown as the page shows its display name (the page listed it). Alt text is
  "Photo of <name>" (or the name on the initials); `decorative=True` where the name is printed
  right beside it, so screen readers do not hear it twice.
- `{% org_logo organization 48 %}`: the organization's logo, or a monogram of its name.

Pages that list people select the profile with the user (select_related("profile") or
("user")) so no face costs a query.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.faces import anonymous_svg, initials, initials_svg
from core.images import srcset_candidates
from members.models import Profile
from members.permissions import can_see_name

register = template.Library()


def _profile_of(user):
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def face_of(viewer, person):
    """(name or "", key for the colour, picture or None, shown?) of a User or a Profile (or a
    campaign's fellow: public by curation, with a name, a slug and a photo)."""
    if person is None or person == "":
        return "", "", None, False
    if hasattr(person, "photo") and hasattr(person, "slug"):
        return person.name, person.slug, person.photo or None, True
    if isinstance(person, Profile):
        user = person.user
        return person.display_name or user.handle, user.handle, person.avatar or None, True
    if getattr(person, "is_deleted", False) or not can_see_name(viewer, person):
        return "", "", None, False
    profile = _profile_of(person)
    name = profile.display_name if profile is not None and profile.display_name else person.handle
    return name, person.handle, (profile.avatar or None) if profile is not None else None, True


def _srcset(picture, size):
    """srcset and sizes for a picture kept in several widths (a fellow's photo: a
    core.images.CoverImageField), so a 40 px face does not download the 480 px file."""
    widths = getattr(picture.field, "widths", None)
    width = getattr(picture.instance, f"{picture.field.name}_width", None) if widths else None
    if not width:
        return ""
    candidates = format_html_join(", ", "{} {}w", srcset_candidates(picture, width, widths))
    return format_html(' srcset="{}" sizes="{}px"', candidates, size)


@register.simple_tag(takes_context=True)
def avatar(context, person, size=40, decorative=False, lazy=True):
    request = context.get("request")
    viewer = getattr(request, "user", None)
    size = int(size)
    name, key, picture, shown = face_of(viewer, person)
    if not shown:
        label = "" if decorative else gettext("a member")
        return anonymous_svg(size=size, label=label)
    if picture:
        alt = "" if decorative else gettext("Photo of %(name)s") % {"name": name}
        return format_html(
            '<img class="avatar" src="{}"{} alt="{}" width="{}" height="{}"{}>',
            picture.url,
            _srcset(picture, size),
            alt,
            size,
            size,
            # A page's own portrait (a fellow's page) is in the first screen: not lazy.
            mark_safe(' loading="lazy" decoding="async"') if lazy else "",
        )
    return initials_svg(
        text=initials(name) or "?", key=key, size=size, label="" if decorative else name
    )


@register.simple_tag
def org_logo(organization, size=40, decorative=False):
    if organization is None:
        return ""
    size = int(size)
    name = organization.name
    if organization.logo:
        alt = "" if decorative else gettext("Logo of %(name)s") % {"name": name}
        return format_html(
            '<img class="org-logo" src="{}" alt="{}" width="{}" height="{}" loading="lazy"'
            ' decoding="async">',
            organization.logo.url,
            alt,
            size,
            size,
        )
    return initials_svg(
        text=initials(name) or "?",
        key=organization.slug or name,
        size=size,
        label="" if decorative else name,
        css_class="org-logo monogram",
    )
