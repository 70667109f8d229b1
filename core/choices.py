"""Vocabularies shared by every app: ways to help, visibility, spoken languages, time zones."""

import zoneinfo

from django.db import models
from django.utils.translation import gettext_lazy as _


class HelpKind(models.TextChoices):
    """The ways a member can help; a need's category draws from the same list (plus in-kind)."""

    MENTORING = "mentoring", _("Mentoring")
    TECHNICAL = "technical", _("Technical")
    ADMINISTRATIVE = "administrative", _("Administrative")
    FUNDING = "funding", _("Funding")
    CONNECTIONS = "connections", _("Connections")
    TRAINING = "training", _("Training")
    VOLUNTEERING = "volunteering", _("Volunteering")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can see my profile")
    MEMBERS = "members", _("Members only: signed-in members can see my profile")
    HIDDEN = "hidden", _("Hidden: nobody can find or see my profile")


# ISO 639-1 codes of the languages most spoken across the Latin American diaspora and its hosts.
SPOKEN_LANGUAGES = [
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("it", _("Italian")),
    ("de", _("German")),
    ("nl", _("Dutch")),
    ("ca", _("Catalan")),
    ("qu", _("Quechua")),
    ("gn", _("Guarani")),
    ("ay", _("Aymara")),
    ("ht", _("Haitian Creole")),
    ("ja", _("Japanese")),
    ("zh", _("Chinese")),
    ("ar", _("Arabic")),
    ("he", _("Hebrew")),
    ("ru", _("Russian")),
    ("ko", _("Korean")),
]
SPOKEN_LANGUAGE_CODES = [code for code, _label in SPOKEN_LANGUAGES]
_SPOKEN_LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)


def language_name(code: str) -> str:
    """The language's name in the active language (the code itself if unknown).

    Cheaper than Django's get_FOO_display, which hashes every lazy label of the choices (a
    translation each) on every call: 18 lookups per event card on the events list.
    """
    return str(_SPOKEN_LANGUAGE_NAMES.get(code, code))


# IANA zones, shown with spaces ("America/Sao Paulo"); one list for members and event organizers.
TIME_ZONE_CHOICES = sorted(
    (name, name.replace("_", " ")) for name in zoneinfo.available_timezones()
)


# The languages content is written in and translated into: the site's own languages, as ISO 639-1
# codes (Portuguese is `pt` whichever variant the interface uses; settings.LANGUAGES has `pt-br`).
CONTENT_LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("pt", _("Portuguese"))]
CONTENT_LANGUAGE_CODES = [code for code, _label in CONTENT_LANGUAGES]
DEFAULT_CONTENT_LANGUAGE = "es"
# "in Spanish": its own sentence per language, since languages' names are capitalised in English
# only ("en español", not "en Español").
_IN_LANGUAGE = {"en": _("in English"), "es": _("in Spanish"), "pt": _("in Portuguese")}
_FROM_LANGUAGE = {"en": _("from English"), "es": _("from Spanish"), "pt": _("from Portuguese")}


def content_language(locale: str | None) -> str:
    """The content language of an interface locale ("pt-br" -> "pt"); the default if none."""
    code = (locale or "").split("-")[0].lower()
    return code if code in CONTENT_LANGUAGE_CODES else DEFAULT_CONTENT_LANGUAGE


def in_language(code: str) -> str:
    """ "in Spanish", in the active language (for other spoken languages, just the name)."""
    label = _IN_LANGUAGE.get(code)
    return str(label) if label is not None else language_name(code)


def from_language(code: str) -> str:
    label = _FROM_LANGUAGE.get(code)
    return str(label) if label is not None else language_name(code)
