"""Content records the language it is written in: lang="…" on its block (WCAG 3.1.2), an
"in Spanish" label for readers of another language, and a "Languages I read" filter."""

import pytest
from django.urls import reverse
from django.utils import translation

from campaigns.forms import StoryForm
from core.choices import in_language
from members.forms import ProfileForm
from organizations.forms import NeedForm
from tests.factories.campaigns import CampaignFactory, StoryFactory
from tests.factories.events import EventFactory
from tests.factories.organizations import NeedFactory, OrganizationFactory
from tests.translations.conftest import reader

pytestmark = pytest.mark.django_db


def test_new_content_starts_in_the_authors_interface_language(member):
    with translation.override("pt-br"):
        assert NeedForm().initial["language"] == "pt"
        assert StoryForm().initial["language"] == "pt"
    with translation.override("en"):
        assert NeedForm().initial["language"] == "en"
    need = NeedFactory(language="es")
    with translation.override("pt-br"):
        assert NeedForm(instance=need).initial["language"] == "es"  # what it was written in
    member.language = "pt-br"
    assert ProfileForm.initial_for(member, member.profile)["bio_language"] == "es"


def test_a_need_carries_its_language_and_a_label_for_readers_of_another(client):
    need = NeedFactory(language="es")
    client.force_login(reader("pt"))
    page = client.get(need.get_absolute_url()).content.decode()
    with translation.override("pt-br"):  # the reader's interface
        label = in_language("es")
    assert '<h1 lang="es">' in page and f'lang-label">{label}<' in page
    board = client.get(reverse("organizations:board")).content.decode()
    assert '<h2 class="card-title" lang="es">' in board and label in board

    client.force_login(reader("es", interface="es"))
    assert "lang-label" not in client.get(need.get_absolute_url()).content.decode()


def test_stories_events_organizations_and_bios_carry_their_language(client):
    story = StoryFactory(language="en")
    event = EventFactory(language="es")
    organization = OrganizationFactory(language="pt")
    author = story.author
    author.profile.bio = "Sou de Recife."
    author.profile.bio_language = "pt"
    author.profile.save()
    client.force_login(reader("es", interface="es"))
    assert '<h1 lang="en">' in client.get(story.get_absolute_url()).content.decode()
    assert 'lang="es"' in client.get(event.get_absolute_url()).content.decode()
    assert '<div lang="pt">' in client.get(organization.get_absolute_url()).content.decode()
    profile = client.get(reverse("members:profile", args=[author.handle])).content.decode()
    assert 'lang="pt"' in profile


def test_the_needs_board_filters_to_the_languages_i_read(client):
    spanish = NeedFactory(language="es", title="Contadora para la cooperativa")
    portuguese = NeedFactory(language="pt", title="Contadora para a cooperativa")
    board = reverse("organizations:board")
    client.force_login(reader("pt"))
    page = client.get(board, {"in_my_languages": "on"}).content.decode()
    assert portuguese.get_absolute_url() in page
    assert spanish.get_absolute_url() not in page
    unfiltered = client.get(board).content.decode()
    assert 'name="in_my_languages"' in unfiltered and spanish.get_absolute_url() in unfiltered


def test_visitors_do_not_get_the_languages_i_read_filter(client):
    NeedFactory(language="es")
    assert (
        'name="in_my_languages"' not in client.get(reverse("organizations:board")).content.decode()
    )
    assert client.get(reverse("organizations:board"), {"in_my_languages": "on"}).status_code == 200


def test_events_organizations_and_stories_filter_to_the_languages_i_read(client):
    spanish_event = EventFactory(language="es", title="Encuentro en Lima")
    english_event = EventFactory(language="en", title="Meetup in London")
    spanish_org = OrganizationFactory(language="es", name="Fundación Sur")
    english_org = OrganizationFactory(language="en", name="North Foundation")
    english_story = StoryFactory(
        language="en", title="How I came to London", campaign=CampaignFactory()
    )
    spanish_story = StoryFactory(
        language="es", title="Cómo llegué a Lima", campaign=english_story.campaign
    )
    client.force_login(reader("en", interface="en"))
    events = client.get(reverse("events:list"), {"in_my_languages": "on"}).content.decode()
    assert english_event.title in events and spanish_event.title not in events
    directory = client.get(
        reverse("organizations:directory"), {"in_my_languages": "on"}
    ).content.decode()
    assert english_org.name in directory and spanish_org.name not in directory
    stories_url = reverse("campaigns:stories", args=[english_story.campaign.slug])
    stories = client.get(stories_url, {"in_my_languages": "on"}).content.decode()
    assert english_story.title in stories and spanish_story.title not in stories
