"""Whoever may approve a community translation is told it awaits review (the content's team with
the right role; staff for content no team reviews), by inbox and email in their language, linking
to the content's translation panel; the translator hears what was decided."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from tests.factories.campaigns import CampaignFactory, StoryFactory
from tests.factories.members import StaffFactory, UserFactory
from tests.factories.organizations import MembershipFactory
from tests.translations.conftest import reader
from translations.notifications import APPROVED, AWAITING_REVIEW, DECLINED

pytestmark = pytest.mark.django_db

TRANSLATE = {"language": "pt", "title": "Ajuda com a cozinha", "text": "Procuramos voluntários."}


def _translate(client, translator, target, kind_key="organizations.need"):
    client.force_login(translator)
    url = reverse("translations:translate", args=[kind_key, target.pk])
    assert client.post(url, TRANSLATE).status_code == 302


def test_the_needs_editors_are_asked_to_review_not_plain_members(
    client, brazilian, organizer, spanish_need, django_capture_on_commit_callbacks
):
    plain = MembershipFactory(organization=spanish_need.venture.organization, role="member").user
    with django_capture_on_commit_callbacks(execute=True):
        _translate(client, brazilian, spanish_need)
    asked = Notification.objects.filter(kind=AWAITING_REVIEW)
    assert [n.recipient for n in asked] == [organizer]
    assert not Notification.objects.filter(recipient=plain).exists()
    assert not Notification.objects.filter(recipient=brazilian).exists()
    (email,) = mail.outbox
    assert email.to == [organizer.email]
    # In the reviewer's language (Spanish), naming the translator, linking to the panel.
    assert "Portugués" in email.body and "Ayuda con la cocina comunitaria" in email.body
    assert brazilian.get_full_name() in email.body
    assert spanish_need.get_absolute_url() + "#translations" in email.body

    client.force_login(organizer)
    inbox = client.get(reverse("notifications:inbox")).text
    assert spanish_need.get_absolute_url() + "#translations" in inbox
    page = client.get(spanish_need.get_absolute_url()).text
    assert 'id="translations"' in page and 'value="approve"' in page


def test_the_translator_hears_the_decision(
    client, brazilian, organizer, spanish_need, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _translate(client, brazilian, spanish_need)
    translation = Notification.objects.get(kind=AWAITING_REVIEW).target
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("translations:review", args=[translation.pk]), {"decision": "approve"})
    approved = Notification.objects.get(kind=APPROVED)
    assert approved.recipient == brazilian
    assert mail.outbox[-1].to == [brazilian.email]
    assert "Português" in mail.outbox[-1].body  # the translator reads Portuguese


def test_a_declined_translation_tells_its_translator(
    client, brazilian, organizer, spanish_need, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _translate(client, brazilian, spanish_need)
    translation = Notification.objects.get(kind=AWAITING_REVIEW).target
    client.force_login(organizer)
    client.post(reverse("translations:review", args=[translation.pk]), {"decision": "decline"})
    assert Notification.objects.get(kind=DECLINED).recipient == brazilian


def test_the_team_translating_itself_asks_nobody(client, organizer, spanish_need):
    organizer.profile.languages = ["es", "pt"]
    organizer.profile.save(update_fields=["languages"])
    _translate(client, organizer, spanish_need)
    assert not Notification.objects.filter(kind__startswith="translations.").exists()


def test_content_without_a_team_goes_to_staff(client, django_capture_on_commit_callbacks):
    staff = StaffFactory()
    campaign = CampaignFactory(status="live", original_language="es")
    with django_capture_on_commit_callbacks(execute=True):
        _translate(client, reader("es", "pt"), campaign, kind_key="campaigns.campaign")
    assert [n.recipient for n in Notification.objects.filter(kind=AWAITING_REVIEW)] == [staff]


def test_a_story_is_reviewed_by_its_author(client):
    author = UserFactory()
    story = StoryFactory(author=author, language="es")
    _translate(client, reader("es", "pt"), story, kind_key="campaigns.story")
    assert [n.recipient for n in Notification.objects.filter(kind=AWAITING_REVIEW)] == [author]
