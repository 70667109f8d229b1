"""Authors delete their own stories (after confirming); campaigns and authors have Atom feeds."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Story
from campaigns.permissions import can_delete_story
from core.choices import Visibility
from tests.factories.campaigns import CampaignFactory, StoryFactory
from tests.factories.members import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_only_the_author_may_delete_a_story():
    story = StoryFactory()
    assert can_delete_story(story.author, story)
    assert not can_delete_story(UserFactory(), story)
    assert not can_delete_story(StaffFactory(), story)  # staff hide stories instead
    assert not can_delete_story(None, story)


def test_the_author_confirms_then_deletes(client):
    story = StoryFactory(title="Lo que aprendí")
    client.force_login(story.author)
    detail = client.get(story.get_absolute_url()).text
    delete_url = reverse("campaigns:story_delete", args=[story.pk])
    assert f'href="{delete_url}"' in detail

    confirm = client.get(delete_url)
    assert confirm.status_code == 200 and "Lo que aprendí" in confirm.text
    assert Story.objects.filter(pk=story.pk).exists()  # a GET only asks

    response = client.post(delete_url)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "campaigns:stories_by_author", args=[story.author.handle]
    )
    assert not Story.objects.filter(pk=story.pk).exists()


def test_others_cannot_delete_nor_see_the_link(client):
    story = StoryFactory()
    delete_url = reverse("campaigns:story_delete", args=[story.pk])
    for other in (UserFactory(), StaffFactory()):
        client.force_login(other)
        assert delete_url not in client.get(story.get_absolute_url()).text
        assert client.post(delete_url).status_code == 403
    client.logout()
    assert client.post(delete_url).status_code == 302  # to sign in
    assert Story.objects.filter(pk=story.pk).exists()


def _entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    return [
        (
            entry.find(f"{ATOM}title").text,
            entry.find(f"{ATOM}author/{ATOM}name").text,
        )
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_campaign_feed_lists_visible_published_stories_and_hides_private_authors(client):
    campaign = CampaignFactory()
    shown = StoryFactory(campaign=campaign, title="Visible", author__profile__display_name="Ana")
    private = StoryFactory(campaign=campaign, title="Members only author")
    private.author.profile.visibility = Visibility.MEMBERS
    private.author.profile.save()
    StoryFactory(campaign=campaign, title="Hidden by staff", is_hidden=True)
    StoryFactory(campaign=campaign, title="Unpublished", published_at=None)
    StoryFactory(title="Another campaign's")
    shown.published_at = timezone.now() - timezone.timedelta(days=1)
    shown.save()

    page = client.get(reverse("campaigns:stories", args=[campaign.slug])).text
    feed_url = reverse("campaigns:stories_feed", args=[campaign.slug])
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert f'href="{feed_url}"' in page

    entries = _entries(client.get(feed_url))
    assert entries == [("Members only author", "a member"), ("Visible", "Ana")]


def test_author_feed_names_them_only_when_their_profile_is_public(client):
    story = StoryFactory(title="Mi historia", author__profile__display_name="Bruno")
    StoryFactory(author=story.author, title="Hidden", is_hidden=True)
    feed_url = reverse("campaigns:stories_by_author_feed", args=[story.author.handle])
    page = client.get(reverse("campaigns:stories_by_author", args=[story.author.handle])).text
    assert f'href="{feed_url}"' in page

    assert _entries(client.get(feed_url)) == [("Mi historia", "Bruno")]
    assert b"Stories by Bruno" in client.get(feed_url).content

    story.author.profile.visibility = Visibility.HIDDEN
    story.author.profile.save()
    response = client.get(feed_url)
    assert _entries(response) == [("Mi historia", "a member")]
    assert b"Bruno" not in response.content


def test_feed_of_a_draft_campaign_is_not_found(client):
    campaign = CampaignFactory(status="draft")
    assert client.get(reverse("campaigns:stories_feed", args=[campaign.slug])).status_code == 404
