from django import template
from django.utils.translation import gettext as _

from diaspora.impact import is_suppressed

register = template.Library()


@register.filter
def shown_count(value):
    """A published count as words: "fewer than 5" where the exact number is withheld."""
    return _("fewer than 5") if is_suppressed(value) else value
