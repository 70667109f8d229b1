from django import template

from organizations import permissions

register = template.Library()


@register.filter
def contact_emails_visible_to(offer, user) -> bool:
    """{% if offer|contact_emails_visible_to:request.user %}: organizations.permissions decides."""
    return permissions.can_see_contact_emails(user, offer)
