"""Staff actions in the admin that change what the public sees leave a trace in the admin's log,
bulk ones included: verifying organizations (a bulk update, no save signal) and deleting stories."""

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from campaigns.models import Story
from organizations.models import Organization
from tests.factories.campaigns import StoryFactory
from tests.factories.members import StaffFactory
from tests.factories.organizations import OrganizationFactory

pytestmark = pytest.mark.django_db


def _staff_client():
    staff = StaffFactory()  # with two-factor, as every staff account must be
    client = Client()
    client.force_login(staff)
    return client, staff


def _entries(model, flag):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), action_flag=flag
    )


def test_verifying_and_unverifying_organizations_is_logged_per_organization():
    client, staff = _staff_client()
    first, second = OrganizationFactory(verified=False), OrganizationFactory(verified=False)
    changelist = reverse("admin:organizations_organization_changelist")

    client.post(changelist, {"action": "verify", "_selected_action": [first.pk, second.pk]})

    assert set(Organization.objects.filter(verified=True)) == {first, second}
    entries = _entries(Organization, CHANGE)
    assert {int(e.object_id) for e in entries} == {first.pk, second.pk}
    assert {e.user_id for e in entries} == {staff.pk}
    assert {e.change_message for e in entries} == {"Verified"}

    client.post(changelist, {"action": "unverify", "_selected_action": [first.pk]})
    assert not Organization.objects.get(pk=first.pk).verified
    assert _entries(Organization, CHANGE).filter(object_id=str(first.pk)).count() == 2

    # Verifying what is verified already changes nothing, and logs nothing.
    client.post(changelist, {"action": "verify", "_selected_action": [second.pk]})
    assert _entries(Organization, CHANGE).filter(object_id=str(second.pk)).count() == 1


def test_deleting_stories_in_bulk_is_logged_per_story():
    client, staff = _staff_client()
    stories = StoryFactory.create_batch(2)
    client.post(
        reverse("admin:campaigns_story_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [story.pk for story in stories],
            "post": "yes",
        },
    )
    assert not Story.objects.exists()
    entries = _entries(Story, DELETION)
    assert {int(e.object_id) for e in entries} == {story.pk for story in stories}
    assert {e.user_id for e in entries} == {staff.pk}
