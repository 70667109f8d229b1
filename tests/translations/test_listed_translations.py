"""Lists show a reader the community translation into their language, marked as the detail page
marks it, in one query for the whole list: the needs board and its search, an organization's
page, the events list, the stories, the visitor home."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.content_cache import bump_content_version
from tests.factories.campaigns import StoryFactory
from tests.factories.events import EventFactory
from tests.factories.organizations import NeedFactory
from tests.factories.translations import TranslationFactory
from tests.translations.conftest import in_portuguese, reader
from translations.models import TranslationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def portuguese_reader(client):
    member = reader("pt")
    client.force_login(member)
    return member


def _translated_need(status=TranslationStatus.APPROVED, **need):
    need = NeedFactory(title="Ayuda con la cocina comunitaria", language="es", **need)
    translation = TranslationFactory(
        target=need, title="Ajuda com a cozinha comunitária", status=status
    )
    return need, translation


def test_board_and_its_search_show_the_translated_title_marked(client, portuguese_reader):
    need, translation = _translated_need()
    for query in ({}, {"q": "cozinha"}):
        page = client.get(reverse("organizations:board"), query).text
        assert (
            f'<h2 class="card-title" lang="pt"><a href="{need.get_absolute_url()}">'
            "Ajuda com a cozinha comunitária</a></h2>" in page
        )
        assert "Ayuda con la cocina comunitaria" not in page
        assert translation.translator.get_full_name() in page  # "Translated by …"
        assert in_portuguese("Community translation, not yet reviewed") not in page


def test_a_pending_translation_is_shown_labelled_as_not_reviewed(client, portuguese_reader):
    _translated_need(status=TranslationStatus.PENDING)
    page = client.get(reverse("organizations:board")).text
    assert "Ajuda com a cozinha comunitária" in page
    assert in_portuguese("Community translation, not yet reviewed") in page


def test_a_declined_or_hidden_translation_is_not_listed(client, portuguese_reader):
    _translated_need(status=TranslationStatus.DECLINED)
    page = client.get(reverse("organizations:board")).text
    assert "Ayuda con la cocina comunitaria" in page and "Ajuda com" not in page


def test_a_spanish_reader_gets_the_original(client):
    _translated_need()
    client.force_login(reader("es", interface="es"))
    page = client.get(reverse("organizations:board")).text
    assert "Ayuda con la cocina comunitaria" in page and "Ajuda com" not in page


def test_board_reads_every_cards_translation_in_one_query(
    client, portuguese_reader, django_assert_max_num_queries
):
    _translated_need()
    client.get(reverse("organizations:board"))
    bump_content_version()
    with django_assert_max_num_queries(100) as few:
        client.get(reverse("organizations:board"))
    for _index in range(12):
        _translated_need()
    bump_content_version()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("organizations:board")).text
    assert page.count("Ajuda com a cozinha comunitária") == 13
    translation_queries = [
        q for q in few.captured_queries if "translations_translation" in q["sql"]
    ]
    assert len(translation_queries) == 1


def test_organization_page_events_stories_and_visitor_home_show_translations(
    client, portuguese_reader
):
    need, _translation = _translated_need()
    event = EventFactory(
        title="Taller de cocina",
        language="es",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
    )
    TranslationFactory(target=event, title="Oficina de cozinha", status=TranslationStatus.APPROVED)
    story = StoryFactory(title="Mi historia", language="es")
    TranslationFactory(target=story, title="Minha história", status=TranslationStatus.APPROVED)

    organization_page = client.get(need.venture.organization.get_absolute_url()).text
    assert "Ajuda com a cozinha comunitária" in organization_page
    assert "Oficina de cozinha" in client.get(reverse("events:list")).text
    by_author = reverse("campaigns:stories_by_author", kwargs={"handle": story.author.handle})
    assert "Minha história" in client.get(by_author).text
    client.logout()
    client.cookies["django_language"] = "pt-br"
    home = client.get(reverse("home"), headers={"accept-language": "pt-br"}).text
    assert "Ajuda com a cozinha comunitária" in home and "Minha história" in home
