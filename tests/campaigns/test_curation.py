"""Only staff curate: the admin, bulk actions and their history, ambassadors, hiding stories."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from campaigns.models import (
    AmbassadorApplication,
    ApplicationStatus,
    CampaignMember,
    CampaignRole,
    FeaturedFellow,
    Fellow,
)
from campaigns.permissions import can_curate, is_approved_ambassador
from campaigns.selectors import ambassador_campaigns
from campaigns.services import decide_ambassador
from tests.factories.campaigns import CampaignFactory, FellowFactory
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "admin:campaigns_fellow_changelist",
    "admin:campaigns_campaign_changelist",
    "admin:campaigns_ambassadorapplication_changelist",
    "admin:campaigns_story_changelist",
    "admin:campaigns_fellow_import",
]


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_admin_pages_open_for_staff_only(client, member, staff, page):
    FellowFactory(name="Visible Fellow")
    url = reverse(page)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(member)
    assert client.get(url).status_code == 302
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_can_curate_predicate(member, staff):
    assert can_curate(staff)
    assert not can_curate(member)
    assert not can_curate(None)


def test_member_cannot_run_bulk_actions(client, member):
    fellow = FellowFactory(is_published=False)
    client.force_login(member)
    client.post(
        reverse("admin:campaigns_fellow_changelist"),
        {"action": "publish", "_selected_action": [fellow.pk]},
    )
    fellow.refresh_from_db()
    assert not fellow.is_published


def test_bulk_publish_logs_history(client, staff):
    fellows = [FellowFactory(is_published=False) for _ in range(2)]
    client.force_login(staff)
    response = client.post(
        reverse("admin:campaigns_fellow_changelist"),
        {"action": "publish", "_selected_action": [f.pk for f in fellows]},
    )
    assert response.status_code == 302
    assert Fellow.objects.filter(is_published=True).count() == 2
    entries = LogEntry.objects.filter(user=staff, object_id__in=[str(f.pk) for f in fellows])
    assert entries.count() == 2
    assert all("Published" in entry.change_message for entry in entries)


def test_add_to_campaign_shows_intermediate_form_then_features_in_order(client, staff):
    campaign = CampaignFactory()
    fellows = [FellowFactory(name=name) for name in ("Carla", "Bruno", "Ana")]
    client.force_login(staff)
    url = reverse("admin:campaigns_fellow_changelist")
    selected = [f.pk for f in fellows]
    response = client.post(url, {"action": "add_to_campaign", "_selected_action": selected})
    assert response.status_code == 200
    assert "Add fellows to a campaign" in response.text
    assert not FeaturedFellow.objects.exists()
    response = client.post(
        url,
        {
            "action": "add_to_campaign",
            "_selected_action": selected,
            "apply": "1",
            "campaign": campaign.pk,
        },
    )
    assert response.status_code == 302
    names = list(
        FeaturedFellow.objects.filter(campaign=campaign)
        .order_by("order")
        .values_list("fellow__name", flat=True)
    )
    assert names == ["Ana", "Bruno", "Carla"]
    assert LogEntry.objects.filter(change_message__startswith="Featured in").count() == 3


def test_ambassador_request_approve_and_decline(client, member, staff):
    campaign = CampaignFactory()
    client.force_login(member)
    client.post(reverse("campaigns:ambassador", args=[campaign.slug]), {"message": "Me!"})
    application = AmbassadorApplication.objects.get(member=member, campaign=campaign)
    assert application.status == ApplicationStatus.PENDING
    member.profile.refresh_from_db()
    assert member.profile.wants_to_be_ambassador
    assert not is_approved_ambassador(member, campaign)

    # The member cannot approve themselves through the admin.
    client.post(
        reverse("admin:campaigns_ambassadorapplication_changelist"),
        {"action": "approve", "_selected_action": [application.pk]},
    )
    assert not is_approved_ambassador(member, campaign)

    client.force_login(staff)
    queue = client.get(reverse("admin:campaigns_ambassadorapplication_changelist"))
    assert str(member) in queue.text
    client.post(
        reverse("admin:campaigns_ambassadorapplication_changelist"),
        {"action": "approve", "_selected_action": [application.pk]},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.decided_by == staff
    assert is_approved_ambassador(member, campaign)
    assert "Ambassador" in client.get(campaign.get_absolute_url()).text

    other = UserFactory()
    declined = AmbassadorApplication.objects.create(member=other, campaign=campaign)
    client.post(
        reverse("admin:campaigns_ambassadorapplication_changelist"),
        {"action": "decline", "_selected_action": [declined.pk]},
    )
    declined.refresh_from_db()
    assert declined.status == ApplicationStatus.DECLINED
    assert not CampaignMember.objects.filter(user=other, role=CampaignRole.AMBASSADOR).exists()


def test_campaign_admin_has_preview_link_and_sortable_inline(client, staff):
    campaign = CampaignFactory(status="draft")
    client.force_login(staff)
    response = client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))
    assert response.status_code == 200
    assert campaign.get_absolute_url() in response.text
    assert "Preview public page" in response.text


def test_approved_ambassador_badge_shows_on_the_member_profile(client, member, staff):

    campaign = CampaignFactory(title="Unidos")
    profile_url = member.profile.get_absolute_url()
    badge = f'<a href="{campaign.get_absolute_url()}">Unidos</a>'
    client.force_login(member)
    response = client.post(
        reverse("campaigns:ambassador", args=[campaign.slug]), HTTP_HX_REQUEST="true"
    )
    assert "being reviewed" in response.text
    assert not ambassador_campaigns(member).exists()
    assert badge not in client.get(profile_url).text  # pending: no badge yet
    decide_ambassador(
        application=AmbassadorApplication.objects.get(member=member),
        approve=True,
        decided_by=staff,
    )
    assert list(ambassador_campaigns(member)) == [campaign]
    for viewer in (client, Client()):  # the member, and a visitor of their public profile
        page = viewer.get(profile_url).text
        assert badge in page and "Ambassador</span>" in page
    with pytest.raises(PermissionDenied):
        decide_ambassador(
            application=AmbassadorApplication.objects.get(member=member),
            approve=False,
            decided_by=member,
        )
