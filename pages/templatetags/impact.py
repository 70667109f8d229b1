import datetime

from django import template
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from pages.impact import is_suppressed

register = template.Library()


@register.filter
def shown_count(value):
    """A published count in words: "fewer than 5" where the exact number is withheld, else the
    number grouped the way the reader's language writes it (12,345 / 12.345)."""
    if is_suppressed(value):
        return _("fewer than 5")
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    return value


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
