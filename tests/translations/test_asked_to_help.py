"""Members who read several languages are asked, on their home page, to translate the open needs
that matter most to them (their matches first) and lack a translation into a language they read."""

import pytest
from django.urls import reverse

from organizations.models import Match
from tests.factories.organizations import NeedFactory
from tests.factories.translations import TranslationFactory
from tests.translations.conftest import in_portuguese, reader
from translations.selectors import needs_to_translate

pytestmark = pytest.mark.django_db


def test_home_asks_a_bilingual_member_to_translate_needs_that_lack_it(client, brazilian):
    need = NeedFactory(language="es", title="Contadora para la cooperativa")
    client.force_login(brazilian)
    assert reverse("translations:asked_to_help") in client.get(reverse("home")).content.decode()
    page = client.get(reverse("translations:asked_to_help")).content.decode()
    assert in_portuguese("Asked to help: translate a need") in page and need.title in page
    assert reverse("translations:translate", args=["organizations.need", need.pk]) in page


def test_matches_first_at_most_three_and_translated_ones_left_out(brazilian):
    newest = [NeedFactory(language="es") for _ in range(3)]
    matched = NeedFactory(language="es")
    Match.objects.create(need=matched, user=brazilian, score=80, reasons={})
    translated = NeedFactory(language="es")
    TranslationFactory(target=translated)
    portuguese = NeedFactory(language="pt")
    TranslationFactory(target=portuguese, language="es", source_language="pt")
    NeedFactory(language="en")  # Not in a language they read.
    asked = needs_to_translate(brazilian, brazilian.profile.languages)
    assert asked[0] == matched and len(asked) == 3
    assert translated not in asked and portuguese not in asked
    assert set(asked[1:]) <= set(newest)


def test_members_who_read_one_language_are_not_asked(client):
    NeedFactory(language="es")
    member = reader("es", interface="es")
    assert needs_to_translate(member, member.profile.languages) == []
    client.force_login(member)
    assert reverse("translations:asked_to_help") not in client.get(reverse("home")).content.decode()
    assert "Asked to help" not in client.get(reverse("translations:asked_to_help")).content.decode()
