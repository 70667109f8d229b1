from django import template

from core.templatetags.icons import icon
from organizations import permissions
from organizations.selectors import contributions_of

register = template.Library()


@register.filter
def can_contact_about(offer, user) -> bool:
    """{% if offer|can_contact_about:request.user %}: organizations.permissions decides."""
    return permissions.can_contact_about_offer(user, offer)


@register.filter
def check_in_for(check_ins, offer_pk):
    """{{ check_ins|check_in_for:offer.pk }}: the waiting check-in of an offer, if any."""
    return check_ins.get(offer_pk) if check_ins else None


@register.inclusion_tag("organizations/_contributions.html", takes_context=True)
def profile_contributions(context, profile):
    """What a member's help did, on their profile (members knows nothing of organizations): shown
    with their consent (Profile.show_contributions); the owner sees a preview either way."""

    request = context.get("request")
    viewer = getattr(request, "user", None)
    is_owner = viewer is not None and viewer.is_authenticated and viewer.pk == profile.user_id
    if not profile.show_contributions and not is_owner:
        return {"contributions": None}
    return {
        "contributions": contributions_of(profile.user),
        "is_owner": is_owner,
        "consented": profile.show_contributions,
    }


NEED_CATEGORY_ICONS = {
    "mentoring": "academic-cap",
    "technical": "wrench-screwdriver",
    "administrative": "clipboard-document-list",
    "funding": "banknotes",
    "connections": "link",
    "training": "presentation-chart-bar",
    "volunteering": "hand-raised",
    "in_kind": "gift",
}


@register.simple_tag
def need_icon(category, size=28):
    """{% need_icon need.category %}: the category's icon (decorative: its name is printed)."""
    return icon(NEED_CATEGORY_ICONS.get(category, "sparkles"), size=size)
