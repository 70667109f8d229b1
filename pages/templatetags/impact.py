import datetime

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.disclosure import is_suppressed
from core.templatetags.core import shown_count

register = template.Library()
# The impact pages load only this library; the filter itself lives with the rule (core).
register.filter("shown_count", shown_count)


@register.filter
def month_label(value):
    """ "2026-03" (how the tables and CSVs key a month) as the reader's language names it:
    "March 2026", "marzo de 2026", "março de 2026"."""
    try:
        month = datetime.datetime.strptime(str(value), "%Y-%m").date()
    except ValueError:
        return value
    return date_format(month, "YEAR_MONTH_FORMAT")


@register.filter
def shown_hours(value):
    """Hours given, or words saying they are withheld along with a small count of helpers."""
    if is_suppressed(value):
        return _("not shown (few helpers)")
    return shown_count(value)
