from django import template

from moderation.services import can_report_shown, content_type_key

register = template.Library()


@register.filter
def report_key(obj) -> str:
    return content_type_key(obj)


@register.filter
def reportable_by(target, user) -> bool:
    """Whether the page shows `user` a Report link for `target` (can_report_shown)."""
    return target is not None and can_report_shown(user, target)
