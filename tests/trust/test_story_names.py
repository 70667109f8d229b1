"""Story pages show an author's name only to those the author's profile is listed to ("a member"
otherwise), and handles never derive from the private email address."""

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from core.choices import Visibility
from members.models import User
from tests.factories.campaigns import CampaignFactory, StoryFactory
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def authors():
    campaign = CampaignFactory()
    authors = {
        "public": UserFactory(profile__display_name="Zqpublic Author"),
        "hidden": UserFactory(profile__display_name="Zqhidden Author", profile__is_hidden=True),
        "private": UserFactory(
            profile__display_name="Zqprivate Author", profile__visibility=Visibility.HIDDEN
        ),
        "members_only": UserFactory(
            profile__display_name="Zqmembers Author", profile__visibility=Visibility.MEMBERS
        ),
    }
    # The campaign page shows the newest three: the public author's story last, so it is one.
    stories = {
        key: StoryFactory(author=user, campaign=campaign)
        for key, user in reversed(list(authors.items()))
    }
    return campaign, authors, stories


def _pages(campaign, author, story):
    return [
        story.get_absolute_url(),
        reverse("campaigns:stories_by_author", args=[author.handle]),
        reverse("campaigns:stories", args=[campaign.slug]),
        campaign.get_absolute_url(),
    ]


@pytest.mark.parametrize("as_member", [False, True])
def test_story_pages_show_only_names_the_viewer_may_see(authors, as_member):
    campaign, authors, stories = authors
    client = Client()
    if as_member:
        client.force_login(UserFactory())
    shown = {"public", "members_only"} if as_member else {"public"}
    for key, author in authors.items():
        for url in _pages(campaign, author, stories[key]):
            # The campaign page is cached alike for everyone: the visitors' rule.
            expected = {"public"} if url == campaign.get_absolute_url() else shown
            page = client.get(url).content.decode()
            if key in expected:
                assert author.profile.display_name in page, (key, url)
            else:
                assert author.profile.display_name not in page, (key, url)
                assert "a member" in page, (key, url)


def test_campaign_page_uses_the_visitor_rule_for_members_too(authors):
    campaign, authors, _ = authors
    client = Client()
    client.force_login(UserFactory())
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert authors["public"].profile.display_name in page
    assert authors["members_only"].profile.display_name not in page


def test_the_author_sees_their_own_name(authors):
    _, authors, stories = authors
    client = Client()
    client.force_login(authors["hidden"])
    page = client.get(stories["hidden"].get_absolute_url()).content.decode()
    assert "Zqhidden Author" in page


def test_new_handles_do_not_derive_from_the_email():
    user = User.objects.create_user("maria.gonzalez.secret@example.org", "x-password-2020")
    assert "maria" not in user.handle
    assert "gonzalez" not in user.handle
    assert "secret" not in user.handle


def test_migration_regenerates_handles_made_from_the_email():
    derived = UserFactory(email="ana.perez@example.org", handle="anaperez-1a2b3c")
    plain = UserFactory(email="ana.perez@example.org".replace("ana", "eva"), handle="person-kept")
    migration = importlib.import_module("members.migrations.0014_handles_not_from_email")
    migration.regenerate_handles(apps, None)
    derived.refresh_from_db()
    plain.refresh_from_db()
    assert not derived.handle.startswith("anaperez")
    assert derived.handle.startswith("member-")
    assert plain.handle == "person-kept"
