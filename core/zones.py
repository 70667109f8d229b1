"""Time zones named as people name them, in the active language, from the Unicode CLDR (babel):
"Bogotá (hora de Colombia)", "Bogotá (horário da Colômbia)", "Bogota (Colombia Time)".

The zones offered are IANA's own list of places (tzdata's zone.tab: one zone per place, with its
country), grouped by country in the reader's language. A stored name may be an older alias
("America/Buenos_Aires", "Asia/Calcutta", as some browsers report): `canonical_zone` finds the
zone of the list it stands for.
"""

import functools
import importlib.resources
import unicodedata
import zoneinfo

from babel import Locale
from babel.core import UnknownLocaleError, get_global
from babel.dates import get_timezone_location, get_timezone_name
from django.utils.translation import get_language, to_locale

UTC_NAMES = frozenset({"UTC", "Etc/UTC", "GMT", "Etc/GMT", "Universal", "Zulu", "Etc/Universal"})


@functools.cache
def _zone_countries() -> dict[str, str]:
    """{IANA zone: ISO country code} of every zone IANA lists as a place (zone.tab)."""
    text = importlib.resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text("utf-8")
    zones = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        country, _coordinates, zone, *_comment = line.split("\t")
        zones[zone] = country
    return zones


@functools.cache
def _by_cldr_id() -> dict[str, str]:
    """{CLDR's id of a zone: the IANA zone of the list} (CLDR keeps older ids: Asia/Calcutta)."""
    aliases = get_global("zone_aliases")
    return {aliases.get(zone, zone): zone for zone in _zone_countries()}


def canonical_zone(name: str) -> str:
    """The zone of the offered list that `name` is (itself, or the one an alias stands for);
    `name` unchanged when it is none of them (UTC, a blank, an unknown name)."""
    if not name or name in _zone_countries():
        return name or ""
    if name in UTC_NAMES:
        return "UTC"
    aliases = get_global("zone_aliases")
    return _by_cldr_id().get(aliases.get(name, name), name)


def _locale(language: str | None = None) -> Locale:
    try:
        return Locale.parse(to_locale(language or get_language() or "en"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _sort_key(text: str) -> str:
    """Alphabetical as a reader expects it: accents and case do not move a name (Á beside A)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _lower_first(text: str) -> str:
    # CLDR's Portuguese capitalises the name ("Horário da Colômbia"); inside brackets it is not.
    return text[:1].lower() + text[1:] if text[:1].isupper() and text[1:2].islower() else text


@functools.lru_cache(maxsize=4096)
def _city(zone: str, locale_id: str) -> str:
    if zone in UTC_NAMES:
        return "UTC"
    try:
        return get_timezone_location(zone, locale=locale_id, return_city=True)
    except (LookupError, ValueError, zoneinfo.ZoneInfoNotFoundError):
        return zone.rsplit("/", 1)[-1].replace("_", " ")


def zone_city(zone: str, language: str | None = None) -> str:
    """'America/Sao_Paulo' -> 'São Paulo'; 'America/New_York' -> 'Nueva York' in Spanish."""
    return _city(zone, str(_locale(language)))


@functools.lru_cache(maxsize=4096)
def _zone_name(zone: str, locale_id: str) -> str:
    if zone in UTC_NAMES:
        return "UTC"
    city = _city(zone, locale_id)
    try:
        generic = get_timezone_name(zone, width="long", locale=locale_id)
    except (LookupError, ValueError, zoneinfo.ZoneInfoNotFoundError):
        return city
    if locale_id.startswith("pt"):
        generic = _lower_first(generic)
    return f"{city} ({generic})"


def zone_name(zone: str, language: str | None = None) -> str:
    """The zone as the reader names it: "Bogotá (hora de Colombia)"; the id itself if unknown."""
    if not zone:
        return ""
    return _zone_name(zone, str(_locale(language)))


@functools.lru_cache(maxsize=8)
def _grouped(locale_id: str) -> tuple:
    locale = Locale.parse(locale_id)
    groups: dict[str, list] = {}
    for zone, country in _zone_countries().items():
        groups.setdefault(locale.territories.get(country, country), []).append(
            (zone, _zone_name(zone, locale_id))
        )
    choices = [("UTC", "UTC")]
    for country in sorted(groups, key=_sort_key):
        choices.append((country, sorted(groups[country], key=lambda choice: _sort_key(choice[1]))))
    return tuple(choices)


def time_zone_choices() -> list:
    """Choices for a form's select: UTC, then each country (in the active language's
    alphabetical order) with its zones by city. A callable: a form's field evaluates it when it
    renders, in the language of that request."""
    locale = _locale()
    return list(_grouped(str(locale)))


def time_zone_ids() -> frozenset:
    return frozenset({"UTC", *_zone_countries()})
