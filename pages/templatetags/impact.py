from django import template

from core.templatetags.core import shown_count

register = template.Library()
register.filter("shown_count", shown_count)
