from django import template

from organizations import permissions

register = template.Library()


@register.filter
def can_contact_about(offer, user) -> bool:
    """{% if offer|can_contact_about:request.user %}: organizations.permissions decides."""
    return permissions.can_contact_about_offer(user, offer)
