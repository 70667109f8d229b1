"""A translator's translations: in their data export, on their profile, anonymised when they
delete their account (the text stays for its readers)."""

import pytest
from django.urls import reverse

from members.privacy import delete_account, export_data
from tests.factories.translations import TranslationFactory
from tests.translations.conftest import in_portuguese, reader
from translations.models import Translation, TranslationStatus

pytestmark = pytest.mark.django_db


def test_translations_are_in_the_translators_export(brazilian, spanish_need):
    TranslationFactory(target=spanish_need, translator=brazilian)
    TranslationFactory(language="en", title="Someone else's")
    exported = export_data(brazilian)["translations"]
    assert [item["title"] for item in exported] == ["Ajuda com a cozinha comunitária"]
    assert exported[0]["of"] == "organizations.need"
    assert exported[0]["language"] == "pt" and exported[0]["translated_from"] == "es"


def test_deleting_the_account_keeps_the_translation_without_its_translator(
    client, brazilian, spanish_need
):
    translation = TranslationFactory(
        target=spanish_need, translator=brazilian, status=TranslationStatus.APPROVED
    )
    name = brazilian.get_full_name()
    delete_account(brazilian)
    translation.refresh_from_db()
    assert translation.translator is None
    assert Translation.objects.filter(pk=translation.pk).exists()
    client.force_login(reader("pt"))
    page = client.get(spanish_need.get_absolute_url()).content.decode()
    assert "Ajuda com a cozinha comunitária" in page
    assert name not in page
    assert (
        in_portuguese("Translated by a former member %(from)s").split("%(from)s")[0].strip() in page
    )


def test_the_profile_counts_the_translations_given(client, brazilian):
    for _ in range(3):
        TranslationFactory(translator=brazilian)
    TranslationFactory(translator=brazilian, is_hidden=True)
    client.force_login(reader("pt"))
    page = client.get(reverse("members:profile", args=[brazilian.handle])).content.decode()
    assert in_portuguese("%(count)s translation", "%(count)s translations", 3) in page
