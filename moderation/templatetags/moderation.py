from django import template

from moderation.services import content_type_key

register = template.Library()


@register.filter
def report_key(obj) -> str:
    return content_type_key(obj)
