from django import template
from django.contrib.auth.models import AnonymousUser

from members.permissions import shown_name

register = template.Library()


@register.simple_tag
def name_for(person, viewer):
    """`{% name_for story.author request.user %}`: the name of a member this viewer may see
    (members.permissions.shown_name); never call `get_full_name` where others read it."""
    if not hasattr(viewer, "is_authenticated"):
        # A fragment rendered without a request (the visitor home, cached for everyone) is read by
        # visitors: `request.user` is then the template engine's empty string.
        viewer = AnonymousUser()
    return shown_name(viewer, person)
