"""Blocking, data export and account deletion."""

import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from members import privacy
from members.blocking import blocked_user_ids, is_blocked_between
from members.models import Block, MemberSession, User
from moderation.models import Report
from tests.factories.members import UserFactory
from tests.factories.moderation import ReportFactory

pytestmark = pytest.mark.django_db


def _png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_block_and_unblock(client, member):
    other = UserFactory()
    client.force_login(member)
    assert client.post(reverse("privacy:block", args=[other.handle])).status_code == 302
    assert is_blocked_between(member, other) and is_blocked_between(other, member)
    assert blocked_user_ids(other) == {member.pk}
    assert client.get(reverse("privacy:index")).status_code == 200
    client.post(reverse("privacy:unblock", args=[other.handle]))
    assert not is_blocked_between(member, other)


def test_block_refuses_get_anonymous_and_self(client, member):
    other = UserFactory()
    assert client.post(reverse("privacy:block", args=[other.handle])).status_code == 302
    client.force_login(member)
    assert client.get(reverse("privacy:block", args=[other.handle])).status_code == 405
    assert client.post(reverse("privacy:block", args=[member.handle])).status_code == 404
    assert not Block.objects.exists()


def test_export_contains_everything_about_the_member_and_their_files(client, member):
    member.profile.bio = "Ingeniera de Maracaibo"
    member.profile.avatar = SimpleUploadedFile("me.png", _png_bytes(), content_type="image/png")
    member.profile.save()
    other = UserFactory()
    Block.objects.create(blocker=member, blocked=other)
    ReportFactory(reporter=member, target=other.profile, text="Insulto xenófobo")
    client.force_login(member)
    response = client.get(reverse("privacy:export"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == member.email
    assert data["profile"]["bio"] == "Ingeniera de Maracaibo"
    assert data["blocks"][0]["blocked"] == other.handle
    assert data["reports_made"][0]["text"] == "Insulto xenófobo"
    assert any(name.startswith("files/avatars/") for name in archive.namelist())
    # Nothing about the other member's private data.
    assert other.email not in archive.read("data.json").decode()


def test_export_requires_login(client):
    response = client.get(reverse("privacy:export"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_delete_requires_reauthentication(client, member):
    client.force_login(member)
    response = client.post(reverse("privacy:delete"), {"confirm": "delete"})
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    member.refresh_from_db()
    assert member.is_active


def test_delete_account_erases_personal_data_and_ends_sessions(client, member):
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    member.profile.bio = "Private story"
    member.profile.avatar = SimpleUploadedFile("me.png", _png_bytes(), content_type="image/png")
    member.profile.save()
    avatar_storage, avatar_name = member.profile.avatar.storage, member.profile.avatar.name
    other = UserFactory()
    others_report = ReportFactory(reporter=other, target=member.profile)
    client.force_login(member)
    # The reauthentication form: entering the password again.
    response = client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery"})
    assert response.status_code == 302
    response = client.post(reverse("privacy:delete"), {"confirm": "delete"})
    assert response.status_code == 302
    old_email = member.email
    member.refresh_from_db()
    assert not member.is_active and not member.has_usable_password()
    assert member.email != old_email and member.email.endswith("@deleted.invalid")
    assert member.profile.bio == "" and member.profile.display_name == ""
    assert not member.profile.avatar and not avatar_storage.exists(avatar_name)
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not MemberSession.objects.filter(session_key=client.session.session_key).exists() or (
        "_auth_user_id" not in client.session
    )
    # Nothing of anyone else is deleted.
    assert User.objects.filter(pk=other.pk, is_active=True).exists()
    assert Report.objects.filter(pk=others_report.pk).exists()


def test_delete_account_service_ends_every_session(member, django_capture_on_commit_callbacks):

    first, second = Client(), Client()
    first.force_login(member)
    second.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.delete_account(member)
    assert "_auth_user_id" not in second.session
    assert second.get(reverse("privacy:index")).status_code == 302
