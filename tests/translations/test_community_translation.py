"""A need written in Spanish reaches Portuguese readers in Portuguese: a member who reads both
translates it, the need's team approves, and readers (and the board's search) get the translation."""

import pytest
from django.urls import reverse

from moderation import services as moderation
from organizations.models import Need
from tests.factories.campaigns import CampaignFactory
from tests.factories.members import StaffFactory, UserFactory
from tests.factories.translations import TranslationFactory
from tests.translations.conftest import in_portuguese, reader
from translations.models import Translation, TranslationStatus

pytestmark = pytest.mark.django_db

TRANSLATE = {
    "language": "pt",
    "title": "Ajuda com a cozinha comunitária",
    "text": "Procuramos voluntários para a **cozinha** do refeitório.",
}


def _translate_url(need):
    return reverse("translations:translate", args=["organizations.need", need.pk])


def test_a_spanish_need_reaches_a_portuguese_reader_through_an_approved_translation(
    client, brazilian, organizer, spanish_need
):
    client.force_login(brazilian)
    assert in_portuguese("Translate") in client.get(spanish_need.get_absolute_url()).text
    response = client.post(_translate_url(spanish_need), TRANSLATE)
    assert response.status_code == 302
    translation = Translation.objects.get()
    assert translation.status == TranslationStatus.PENDING
    assert translation.source_language == "es" and translation.translator == brazilian

    client.force_login(organizer)
    client.post(reverse("translations:review", args=[translation.pk]), {"decision": "approve"})
    translation.refresh_from_db()
    assert translation.status == TranslationStatus.APPROVED
    assert translation.reviewed_by == organizer

    portuguese_reader = reader("pt")
    client.force_login(portuguese_reader)
    page = client.get(spanish_need.get_absolute_url()).content.decode()
    assert '<h1 lang="pt">Ajuda com a cozinha comunitária</h1>' in page
    assert "cozinha</strong> do refeitório" in page
    assert brazilian.get_full_name() in page and "?original=1" in page
    assert "not yet reviewed" not in page

    original = client.get(spanish_need.get_absolute_url() + "?original=1").content.decode()
    assert '<h1 lang="es">Ayuda con la cocina comunitaria</h1>' in original

    # Found by a Portuguese search on the needs board, and the Spanish words still find it.
    board = reverse("organizations:board")
    assert spanish_need.get_absolute_url() in client.get(board, {"q": "cozinha"}).content.decode()
    assert spanish_need.get_absolute_url() in client.get(board, {"q": "cocina"}).content.decode()
    assert (
        spanish_need.get_absolute_url() not in client.get(board, {"q": "jardim"}).content.decode()
    )


def test_an_unreviewed_translation_is_shown_marked_as_not_yet_reviewed(client, spanish_need):
    TranslationFactory(target=spanish_need)
    client.force_login(reader("pt"))
    page = client.get(spanish_need.get_absolute_url()).content.decode()
    assert "Ajuda com a cozinha comunitária" in page
    assert in_portuguese("Community translation, not yet reviewed") in page


def test_readers_of_the_original_language_get_the_original(client, spanish_need):
    TranslationFactory(target=spanish_need, status=TranslationStatus.APPROVED)
    client.force_login(reader("es", interface="es"))
    page = client.get(spanish_need.get_absolute_url()).content.decode()
    assert "Ayuda con la cocina comunitaria" in page
    assert "Ajuda com a cozinha" not in page


def test_a_declined_translation_is_not_shown_and_makes_room_for_a_new_one(
    client, brazilian, organizer, spanish_need
):
    translation = TranslationFactory(target=spanish_need)
    client.force_login(organizer)
    client.post(reverse("translations:review", args=[translation.pk]), {"decision": "decline"})
    client.force_login(reader("pt"))
    assert "Ajuda com a cozinha" not in client.get(spanish_need.get_absolute_url()).content.decode()
    client.force_login(brazilian)
    assert client.post(_translate_url(spanish_need), TRANSLATE).status_code == 302
    assert Translation.objects.exclude(status=TranslationStatus.DECLINED).count() == 1


def test_only_members_who_read_both_languages_may_translate(client, spanish_need):
    portuguese_only = reader("pt")
    client.force_login(portuguese_only)
    assert client.get(_translate_url(spanish_need)).status_code == 403
    assert client.post(_translate_url(spanish_need), TRANSLATE).status_code == 403
    assert not Translation.objects.exists()


def test_a_language_already_translated_is_not_offered_again(client, brazilian, spanish_need):
    TranslationFactory(target=spanish_need)
    client.force_login(brazilian)
    assert client.get(_translate_url(spanish_need)).status_code == 403
    page = client.get(spanish_need.get_absolute_url()).content.decode()
    assert _translate_url(spanish_need) not in page


def test_bad_input_gives_field_errors_and_saves_nothing(client, brazilian, spanish_need):
    client.force_login(brazilian)
    response = client.post(
        _translate_url(spanish_need), {**TRANSLATE, "title": "", "language": "en"}
    )
    assert response.status_code == 400
    assert not Translation.objects.exists()


def test_the_team_translating_its_own_need_is_approved_at_once(client, organizer, spanish_need):
    organizer.profile.languages = ["es", "pt"]
    organizer.profile.save(update_fields=["languages"])
    client.force_login(organizer)
    client.post(_translate_url(spanish_need), TRANSLATE)
    assert Translation.objects.get().status == TranslationStatus.APPROVED


def test_editing_a_reviewed_translation_sends_it_back_for_review(client, brazilian, spanish_need):
    translation = TranslationFactory(
        target=spanish_need, translator=brazilian, status=TranslationStatus.APPROVED
    )
    client.force_login(brazilian)
    response = client.post(
        reverse("translations:edit", args=[translation.pk]),
        {"title": "Cozinha comunitária", "text": "Texto novo."},
    )
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.title == "Cozinha comunitária"
    assert translation.status == TranslationStatus.PENDING
    client.force_login(UserFactory())
    assert client.get(reverse("translations:edit", args=[translation.pk])).status_code == 403


def test_a_translation_is_reportable_and_hiding_it_takes_it_out_of_pages_and_search(
    client, member, spanish_need
):
    translation = TranslationFactory(target=spanish_need, status=TranslationStatus.APPROVED)
    assert "cozinha" in Need.objects.get(pk=spanish_need.pk).translations_text
    client.force_login(member)
    report_url = reverse("report", args=["translations.translation", translation.pk])
    assert client.post(report_url, {"reason": "spam"}).status_code == 302

    moderation.hide(actor=StaffFactory(), target=translation, reason="Spam")
    assert "cozinha" not in Need.objects.get(pk=spanish_need.pk).translations_text
    client.force_login(reader("pt"))
    assert "Ajuda com a cozinha" not in client.get(spanish_need.get_absolute_url()).content.decode()
    board = client.get(reverse("organizations:board"), {"q": "cozinha"}).content.decode()
    assert spanish_need.get_absolute_url() not in board


def test_a_translation_of_a_need_nobody_may_see_is_not_shown_or_reportable(client, spanish_need):
    translation = TranslationFactory(target=spanish_need)
    Need.objects.filter(pk=spanish_need.pk).update(status="draft")
    client.force_login(reader("pt", "es"))
    report_url = reverse("report", args=["translations.translation", translation.pk])
    assert client.get(report_url).status_code == 404


def test_a_campaign_shows_its_community_translation_in_its_cached_body(client, brazilian):

    campaign = CampaignFactory(original_language="es", description="Una campaña por el **agua**.")
    TranslationFactory(
        target=campaign,
        title="Campanha da água",
        text="Uma campanha pela **água**.",
        status=TranslationStatus.APPROVED,
    )
    client.force_login(reader("pt"))
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Uma campanha pela <strong>água</strong>." in page
    original = client.get(campaign.get_absolute_url() + "?original=1").content.decode()
    assert "Una campaña por el <strong>agua</strong>." in original
    # Someone who does not read Spanish is told why they cannot translate it.
    url = reverse("translations:translate", args=["campaigns.campaign", campaign.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert in_portuguese("Say which languages you read on your profile") in response.text
