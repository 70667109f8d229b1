from django import template

from members.permissions import shown_name

register = template.Library()


@register.simple_tag
def name_for(person, viewer):
    """`{% name_for story.author request.user %}`: the name of a member this viewer may see
    (members.permissions.shown_name); never call `get_full_name` where others read it."""
    return shown_name(viewer, person)
