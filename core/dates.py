"""Dates and times as the reader reads them: their language's format, their time zone, named.

A time without its zone is ambiguous for members spread over a dozen countries, so every clock
time the site shows goes through `format_when` (the `when` template filter): the date and time in
the active language's DATETIME_FORMAT, in the active (or given) time zone, then that zone's name
and offset, e.g. "5 de marzo de 2026 a las 18:00 (hora de Bogotá, GMT-5)".
"""

import datetime
import zoneinfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import zones


def zone_from_name(name) -> zoneinfo.ZoneInfo | None:
    """The IANA zone called `name`, or None for a blank, unknown or malformed name."""
    if not name or not isinstance(name, str) or len(name) > 64:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def gmt_offset(offset: datetime.timedelta | None) -> str:
    """timedelta(hours=-5) -> "GMT-5"; +5:30 -> "GMT+5:30"; zero -> "GMT"."""
    minutes = int((offset or datetime.timedelta()).total_seconds() // 60)
    if not minutes:
        return "GMT"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}:{rest:02d}" if rest else f"GMT{sign}{hours}"


def zone_city(zone_name: str) -> str:
    """'America/Argentina/Buenos_Aires' -> 'Buenos Aires', 'America/New_York' -> 'Nueva York':
    the city's name in the active language (CLDR, core.zones)."""
    return zones.zone_city(zone_name)


def zone_label(local: datetime.datetime) -> str:
    """The name of the zone an aware `local` datetime is in: "Bogota time, GMT-5", or "UTC"."""
    key = getattr(local.tzinfo, "key", None) or timezone.get_current_timezone_name()
    offset = gmt_offset(local.utcoffset())
    if key in ("UTC", "Etc/UTC", "GMT", "Etc/GMT", "Universal", "Zulu"):
        return "UTC"
    if "/" not in key or key.startswith("Etc/"):
        return offset
    return _("%(city)s time, %(offset)s") % {"city": zone_city(key), "offset": offset}


def format_when(value, zone=None) -> str:
    """`value` (an aware datetime) in `zone` (a name or tzinfo; default the active zone), as the
    active language writes a date and time, followed by the zone's name."""
    if not isinstance(value, datetime.datetime):
        return ""
    if isinstance(zone, str):
        zone = zone_from_name(zone)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    local = timezone.localtime(value, zone or timezone.get_current_timezone())
    text = formats.date_format(local, "DATETIME_FORMAT")
    return f"{text} ({zone_label(local)})"


def format_end(end, start, zone=None) -> str:
    """When something that began at `start` ends, for a line under format_when's: the time alone
    on the same day in `zone` (default the active zone), else the date and time; no zone name (the
    line above gives it)."""
    if not isinstance(end, datetime.datetime) or not isinstance(start, datetime.datetime):
        return ""
    zone = zone_from_name(zone) if isinstance(zone, str) else zone
    zone = zone or timezone.get_current_timezone()
    local_end, local_start = timezone.localtime(end, zone), timezone.localtime(start, zone)
    if local_end.date() == local_start.date():
        return formats.time_format(local_end, "TIME_FORMAT")
    return formats.date_format(local_end, "DATETIME_FORMAT")


def format_day(value, zone=None) -> str:
    """The date only, as the active language writes it (DATE_FORMAT): a date as it is, a datetime
    on the day it is in `zone` (default the active zone), since dates change at midnight."""
    if isinstance(value, datetime.datetime):
        if isinstance(zone, str):
            zone = zone_from_name(zone)
        if timezone.is_naive(value):
            value = timezone.make_aware(value, datetime.UTC)
        value = timezone.localtime(value, zone or timezone.get_current_timezone()).date()
    if not isinstance(value, datetime.date):
        return ""
    return formats.date_format(value, "DATE_FORMAT")


# The date and time with its zone: one name for templates that show a moment (format_when).
format_moment = format_when
