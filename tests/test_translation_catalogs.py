"""Every catalog under locale/ is complete, and its translations keep their msgid's placeholders.

Spanish and Brazilian Portuguese are first-class: an untranslated or fuzzy entry shows English (a
fuzzy one is ignored by msgfmt), and a placeholder lost or renamed in a translation raises KeyError
or prints a raw `%(name)s` on the page. This checks the .po sources, including the pending
fragments of locale/pending/, so a catalog cannot land half done.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.db.models.enums import Choices
from django.utils.functional import Promise
from django.utils.translation import override

from campaigns.models import TRANSLATED_LANGUAGE_CHOICES
from core.choices import SPOKEN_LANGUAGES

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
CATALOGS = sorted(LOCALE_DIR.rglob("*.po"))

# %(name)s / %s / %d ... as Python's %-formatting reads them ("%%" is a literal percent sign).
PERCENT_PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*\d*(?:\.\d+)?(?P<type>[%a-zA-Z])"
)
# {name} / {0} / {} / {name!r:>10} as str.format reads them ("{{" and "}}" are literal braces).
BRACE_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{(?P<field>[^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}")


def percent_placeholders(text: str) -> tuple:
    named, positional = set(), []
    for match in PERCENT_PLACEHOLDER.finditer(text):
        if match["type"] == "%":
            continue
        if match["name"] is not None:
            named.add(match["name"])
        else:
            positional.append(match["type"])
    return named, positional


def brace_placeholders(text: str) -> set:
    return {m["field"] for m in BRACE_PLACEHOLDER.finditer(text) if m["field"] is not None}


def _uses_percent_format(entry) -> bool:
    if "no-python-format" in entry.flags:
        return False
    return "python-format" in entry.flags or bool(re.search(r"%\(\w+\)", entry.msgid))


def _uses_brace_format(entry) -> bool:
    if "no-python-brace-format" in entry.flags:
        return False
    return "python-brace-format" in entry.flags or bool(re.search(r"\{\w*\}", entry.msgid))


def _placeholders(entry, text: str) -> tuple:
    return (
        percent_placeholders(text) if _uses_percent_format(entry) else None,
        brace_placeholders(text) if _uses_brace_format(entry) else None,
    )


def _nplurals(catalog) -> int | None:
    match = re.search(r"nplurals\s*=\s*(\d+)", catalog.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else None


def catalog_problems(path: Path) -> list[str]:
    """Each untranslated, fuzzy or placeholder-breaking entry of one .po file, described."""
    catalog = polib.pofile(str(path))
    nplurals = _nplurals(catalog)
    problems = []
    for entry in catalog:
        if entry.obsolete:
            continue
        where = f"{path.relative_to(LOCALE_DIR.parent)}:{entry.linenum}: {entry.msgid!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy")
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
            if nplurals is not None and len(forms) != nplurals:
                problems.append(
                    f"{where} has {len(forms)} plural forms, the header says {nplurals}"
                )
            if not forms or not all(forms):
                problems.append(f"{where} is untranslated (a plural form is empty)")
            expected = _placeholders(entry, entry.msgid_plural)
            for index, form in enumerate(forms):
                # The first form (one item) may leave the count out: "un miembro".
                fits = _fits if index == 0 else _matches
                if form and not fits(_placeholders(entry, form), expected):
                    problems.append(f"{where} msgstr[{index}] changes the placeholders: {form!r}")
        else:
            if not entry.msgstr:
                problems.append(f"{where} is untranslated")
            elif _placeholders(entry, entry.msgstr) != _placeholders(entry, entry.msgid):
                problems.append(f"{where} changes the placeholders: {entry.msgstr!r}")
    return problems


def _matches(found: tuple, expected: tuple) -> bool:
    return found == expected


def _fits(found: tuple, expected: tuple) -> bool:
    """Names a subset of the expected ones (no KeyError), positional ones exactly (no TypeError)."""
    (found_percent, found_brace), (expected_percent, expected_brace) = found, expected
    if found_percent is not None:
        found_named, found_positional = found_percent
        expected_named, expected_positional = expected_percent
        if not found_named <= expected_named or found_positional != expected_positional:
            return False
    return found_brace is None or found_brace <= expected_brace


def test_there_are_catalogs_to_check():
    languages = {path.parent.parent.name for path in LOCALE_DIR.glob("*/LC_MESSAGES/django.po")}
    assert {"es", "pt_BR"} <= languages


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: str(path.relative_to(LOCALE_DIR)))
def test_catalog_is_complete_and_keeps_placeholders(path):
    problems = catalog_problems(path)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


BROKEN_CATALOG = r"""
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Fine"
msgstr "Bien"

#, python-format
msgid "Hello %(name)s"
msgstr "Hola %(nombre)s"

#, python-brace-format
msgid "From {origin}"
msgstr "Desde"

msgid "Forgotten"
msgstr ""

#, fuzzy
msgid "Online"
msgstr "lema"

#, python-format
msgid "%(count)s member"
msgid_plural "%(count)s members"
msgstr[0] "un miembro"
msgstr[1] ""

#, python-format
msgid "%s of %s"
msgstr "%s de"

#, python-format
msgid "%(count)s hour"
msgid_plural "%(count)s hours"
msgstr[0] "%(count)s hora"
msgstr[1] "%(count)s horas (100%%)"

#, python-format
msgid "%(count)s day"
msgid_plural "%(count)s days"
msgstr[0] "%(count)s día"
msgstr[1] "%(n)s días"

msgid "One seat"
msgid_plural "Seats"
msgstr[0] "Una plaza"
"""


def test_the_checker_names_each_broken_entry(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.LOCALE_DIR", tmp_path)
    path = tmp_path / "xx" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    path.write_text(BROKEN_CATALOG, encoding="utf-8")
    problems = "\n".join(catalog_problems(path))
    assert "'Hello %(name)s' changes the placeholders" in problems
    assert "'From {origin}' changes the placeholders" in problems
    assert "'Forgotten' is untranslated" in problems
    assert "'Online' is fuzzy" in problems
    assert "'%(count)s member' is untranslated (a plural form is empty)" in problems
    assert "'%s of %s' changes the placeholders" in problems
    assert "'%(count)s day' msgstr[1] changes the placeholders" in problems
    assert "'One seat' has 1 plural forms, the header says 2" in problems
    assert "Fine" not in problems and "hour" not in problems
    # The first plural form may drop the count ("un miembro"), it is the empty second that fails.
    assert "msgstr[0]" not in problems


def _choice_classes():

    ours = {
        "core",
        "members",
        "notifications",
        "organizations",
        "campaigns",
        "events",
        "moderation",
        "pages",
    }
    found, pending = set(), [Choices]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.split(".")[0] in ours and subclass.__members__:
                found.add(subclass)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def _choice_lists():

    return {
        "settings.LANGUAGES": settings.LANGUAGES,
        "SPOKEN_LANGUAGES": SPOKEN_LANGUAGES,
        "TRANSLATED_LANGUAGE_CHOICES": TRANSLATED_LANGUAGE_CHOICES,
        **{f"{cls.__module__}.{cls.__name__}": cls.choices for cls in _choice_classes()},
    }


def test_choice_labels_are_marked_and_translated_in_every_language():
    """Need categories, event formats and statuses, visibility, ways to help, language names...:
    each label is lazily translated (not a plain str, frozen in English at import) and has a
    translation in each site catalog."""

    choice_lists = _choice_lists()
    assert {"core.choices.HelpKind", "organizations.models.NeedCategory"} <= set(choice_lists)
    catalogs = {
        path.parent.parent.name: {
            entry.msgid for entry in polib.pofile(str(path)) if entry.translated()
        }
        for path in LOCALE_DIR.glob("*/LC_MESSAGES/django.po")
    }
    # A branch's new labels wait in locale/pending/<branch>.<language>.po until the lead merges
    # them into the catalogs (branches may not edit those): they count as translated.
    aliases = {"pt": "pt_BR"}
    for path in (LOCALE_DIR / "pending").glob("*.po"):
        language = path.stem.rsplit(".", 1)[-1]
        language = aliases.get(language, language)
        if language in catalogs:
            catalogs[language] |= {
                entry.msgid for entry in polib.pofile(str(path)) if entry.translated()
            }
    problems = []
    for name, choices in choice_lists.items():
        for value, label in choices:
            if not isinstance(label, Promise):
                problems.append(f"{name} {value!r}: label {label!r} is not marked for translation")
                continue
            with override(None):
                msgid = str(label)
            problems += [
                f"{name} {value!r}: {msgid!r} has no {language} translation"
                for language, msgids in catalogs.items()
                if msgid not in msgids
            ]
    assert not problems, "\n".join(problems)
