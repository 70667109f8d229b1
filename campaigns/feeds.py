"""Atom feeds of stories (django.contrib.syndication): a campaign's, and an author's.

Feeds are read by anyone, signed in or not: only visible, published stories, and the author is
named only where their profile may be shown to a visitor (else "a member")."""

from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Story
from campaigns.permissions import can_name_author
from core.markdown import render_markdown

FEED_LENGTH = 30


def author_name(story) -> str:
    if can_name_author(None, story.author):
        return story.author.get_full_name()
    return _("a member")


class _StoriesFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        return render_markdown(story.body)

    def item_link(self, story):
        return story.get_absolute_url()

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return story.updated_at

    def item_author_name(self, story):
        return author_name(story)

    def _stories(self):
        return (
            Story.objects.visible()
            .select_related("author__profile")
            .order_by("-published_at", "-pk")
        )


class CampaignStoriesFeed(_StoriesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Campaign.objects.public(), slug=slug)

    def title(self, campaign):
        return _("Stories from %(title)s") % {"title": campaign.display_title}

    def link(self, campaign):
        return reverse("campaigns:stories", args=[campaign.slug])

    def items(self, campaign):
        return self._stories().filter(campaign=campaign)[:FEED_LENGTH]


class AuthorStoriesFeed(_StoriesFeed):
    def get_object(self, request, handle):
        return get_object_or_404(
            get_user_model().objects.select_related("profile"), handle=handle, is_active=True
        )

    def title(self, author):
        if can_name_author(None, author):
            return _("Stories by %(name)s") % {"name": author.get_full_name()}
        return _("Stories by a member")

    def link(self, author):
        return reverse("campaigns:stories_by_author", args=[author.handle])

    def items(self, author):
        return self._stories().filter(author=author)[:FEED_LENGTH]
