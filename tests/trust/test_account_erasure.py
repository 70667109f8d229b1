"""Deleting an account reaches everything every app holds about the member, and the export holds
all of it: a member with data in every table is deleted, then every text column of every table
(information_schema) and the media folder are scanned for what identified them."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from PIL import Image

from campaigns.models import AmbassadorApplication, CampaignMember, CampaignRole
from events.models import OrganizationFollow
from events.services import calendar_token_for
from members.blocking import block
from members.models import User
from members.privacy import delete_account, export_data, export_zip
from members.services import update_profile
from moderation import services as moderation
from notifications.models import Frequency, Notification, NotificationPreference
from organizations.models import Match, NeedStatusChange, OfferState
from pages.impact import ImpactFilter, headline_figures
from tests.factories.campaigns import (
    CampaignFactory,
    CampaignMemberFactory,
    FellowFactory,
    StoryFactory,
)
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import StaffFactory, UserFactory
from tests.factories.moderation import ReportFactory
from tests.factories.organizations import (
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    NeedFactory,
    OfferFactory,
    VentureFactory,
)

pytestmark = pytest.mark.django_db

NAME_FIRST, NAME_LAST = "Zqxfirstname", "Zqxlastname"
EMAIL = "zqxmailbox.private@example.org"
HANDLE = "zqxhandle-77"
BIO_WORD = "zqxbioword"
HEADLINE_WORD = "zqxheadword"
AVATARS = ("zqxoldavatar", "zqxnewavatar")
MARKERS = (NAME_FIRST, NAME_LAST, EMAIL, HANDLE, BIO_WORD, HEADLINE_WORD, *AVATARS)


def _png(name):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return SimpleUploadedFile(f"{name}.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _profile_data(**extra):
    return {
        "display_name": f"{NAME_FIRST} {NAME_LAST}",
        "headline": f"Contadora {HEADLINE_WORD}",
        "bio": f"Trabajo con cooperativas {BIO_WORD} en Maracaibo.",
        "country_of_origin": "VE",
        "country_of_residence": "CO",
        **extra,
    }


@pytest.fixture
def member_everywhere(media, django_capture_on_commit_callbacks):
    """A member with data in every table that can hold some: profile (two avatars over time),
    addresses, two-factor, blocks, organizations, needs, offers, join requests, invitations,
    matches, ventures, campaigns, fellows, stories, events, follows, notifications both ways,
    preferences, reports, the audit log and the admin's history."""
    member = UserFactory(email=EMAIL, handle=HANDLE, profile=None)
    with django_capture_on_commit_callbacks(execute=True):
        update_profile(
            user=member, data=_profile_data(), skills=["Contabilidad"], avatar=_png(AVATARS[0])
        )
        update_profile(user=member, data=_profile_data(), avatar=_png(AVATARS[1]))
    member.refresh_from_db()
    EmailAddress.objects.create(user=member, email=EMAIL, verified=True, primary=True)
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={"secret": "x"})
    other = UserFactory()
    block(blocker=member, blocked=other)
    block(blocker=UserFactory(), blocked=member)

    admin = UserFactory()
    venture = VentureFactory()
    organization = venture.organization
    MembershipFactory(organization=organization, user=admin, role="admin")
    MembershipFactory(organization=organization, user=member, role="editor")
    venture.leads.add(member)
    need = NeedFactory(venture=venture, created_by=member)
    NeedStatusChange.objects.create(need=need, to_status="open", changed_by=member)
    other_need = NeedFactory()
    OfferFactory(need=other_need, member=member, message=f"Puedo ayudar, {BIO_WORD}.")
    OfferFactory(member=member, state=OfferState.ACCEPTED, message=f"Ya ayudé {BIO_WORD}")
    JoinRequestFactory(user=member, message=f"Quiero unirme {BIO_WORD}")
    InvitationFactory(organization=organization, email=EMAIL, invited_by=admin, accepted_by=member)
    Match.objects.create(need=other_need, user=member, score=60, reasons={})

    campaign = CampaignFactory()
    CampaignMemberFactory(campaign=campaign, user=member, role=CampaignRole.AMBASSADOR)
    AmbassadorApplication.objects.create(
        member=member, campaign=campaign, message=f"Me encanta {BIO_WORD}"
    )
    FellowFactory(user=member, invited_email=EMAIL)
    story = StoryFactory(author=member, campaign=campaign, title="Lo que aprendimos")

    event = EventFactory(created_by=member)
    RegistrationFactory(event=event, user=member)
    RegistrationFactory(event=EventFactory(), user=member)
    calendar_token_for(member)
    OrganizationFollow.objects.create(user=member, organization=organization)

    Notification.objects.create(
        recipient=member,
        kind="organizations.offer_accepted",
        data={"member_name": f"{NAME_FIRST} {NAME_LAST}"},
        email_frequency=Frequency.OFF,
    )
    Notification.objects.create(
        recipient=admin,
        actor=member,
        kind="organizations.offer_made",
        data={
            "member_name": f"{NAME_FIRST} {NAME_LAST}",
            "message": f"Puedo ayudar {BIO_WORD}",
            "url": f"https://example.org/members/{HANDLE}/",
        },
        email_frequency=Frequency.OFF,
    )
    Notification.objects.create(
        email=EMAIL, kind="organizations.invitation", data={}, email_frequency=Frequency.OFF
    )
    NotificationPreference.objects.create(
        user=member, kind="organizations.offer_made", frequency=Frequency.DAILY
    )

    ReportFactory(reporter=member, target=other.profile, text="Insultos")
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.warn(actor=staff, member=member, message="Please be kind")
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(member.pk),
        object_repr=str(member),
        action_flag=CHANGE,
        change_message=f"Changed email of {EMAIL}",
    )
    client = Client()
    client.force_login(member)
    return {"member": member, "campaign": campaign, "story": story, "organization": organization}


def _text_columns():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t
              ON t.table_name = c.table_name AND t.table_schema = c.table_schema
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'tsvector',
                                  'ARRAY', 'character')
            ORDER BY 1, 2
            """
        )
        return cursor.fetchall()


def _found_in_database(markers):
    found = []
    patterns = [f"%{marker}%" for marker in markers]
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            cursor.execute(
                f'SELECT "{column}"::text FROM "{table}" WHERE "{column}"::text ILIKE ANY(%s)',  # noqa: S608
                [patterns],
            )
            found += [(table, column, row[0][:120]) for row in cursor.fetchall()]
    return found


def _found_in_media(media, markers):
    if not media.exists():
        return []
    return [
        str(path)
        for path in media.rglob("*")
        if any(marker.lower() in path.name.lower() for marker in markers)
    ]


def test_markers_are_there_before_deletion(member_everywhere, media):
    """The scan finds what it looks for (the test below proves an absence)."""
    found_tables = {table for table, _column, _value in _found_in_database(MARKERS)}
    assert {"members_profile", "members_user", "organizations_offer"} <= found_tables
    assert _found_in_media(media, [AVATARS[1]])


def test_replacing_an_avatar_removes_the_earlier_one(member_everywhere, media):
    assert not _found_in_media(media, [AVATARS[0]])
    assert _found_in_media(media, [AVATARS[1]])


def test_the_export_holds_everything(member_everywhere):
    member = member_everywhere["member"]
    data = export_data(member)
    for section in (
        "account",
        "profile",
        "blocks",
        "offers",
        "memberships",
        "join_requests",
        "venture_leads",
        "matches",
        "invitations",
        "campaign_memberships",
        "ambassador_applications",
        "fellow",
        "stories",
        "event_registrations",
        "organization_follows",
        "notifications",
        "notification_preferences",
        "reports_made",
    ):
        assert data.get(section), section
    archive = zipfile.ZipFile(io.BytesIO(export_zip(member)))
    assert any(AVATARS[1] in name for name in archive.namelist())
    assert BIO_WORD in json.loads(archive.read("data.json"))["profile"]["bio"]


def test_deletion_leaves_nothing_that_identified_the_member(
    member_everywhere, media, django_capture_on_commit_callbacks
):
    member = member_everywhere["member"]
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(member)
    assert _found_in_database(MARKERS) == []
    assert _found_in_media(media, MARKERS) == []
    # What others depend on stays, under "deleted member".
    campaign = member_everywhere["campaign"]
    assert not CampaignMember.objects.filter(campaign=campaign).exists()
    assert headline_figures(ImpactFilter(campaign=campaign))["members"] == 0
    page = Client().get(member_everywhere["story"].get_absolute_url()).content.decode()
    assert "deleted member" in page
    assert f"deleted-{member.pk}-" not in page
