"""A blocked member cannot see the blocker's profile, find it in the directory, or offer to their needs."""

import pytest
from django.urls import reverse

from members.blocking import block
from organizations import permissions as org_permissions
from tests.factories.members import UserFactory
from tests.factories.organizations import NeedFactory

pytestmark = pytest.mark.django_db


def test_blocked_member_cannot_see_the_blockers_profile(client):
    blocker, blocked = UserFactory(), UserFactory()
    client.force_login(blocked)
    url = reverse("members:profile", kwargs={"handle": blocker.handle})
    assert client.get(url).status_code == 200
    block(blocker=blocker, blocked=blocked)
    assert client.get(url).status_code == 404
    directory = client.get(reverse("members:directory")).content.decode()
    assert blocker.handle not in directory


def test_blocked_member_cannot_offer_to_the_blockers_needs(client):
    blocker, blocked = UserFactory(), UserFactory()
    need = NeedFactory(created_by=blocker)
    assert org_permissions.can_offer_help(blocked, need)
    block(blocker=blocker, blocked=blocked)
    assert not org_permissions.can_offer_help(blocked, need)
    client.force_login(blocked)
    response = client.post(
        reverse("organizations:offer_create", args=[need.pk]), {"message": "Hola"}
    )
    assert response.status_code in (403, 404)
    assert not need.offers.exists()


def test_profile_page_has_report_link_and_block_button(client):
    viewer, other = UserFactory(), UserFactory()
    client.force_login(viewer)
    page = client.get(reverse("members:profile", kwargs={"handle": other.handle})).content.decode()
    assert reverse("report", args=["members.profile", other.profile.pk]) in page
    assert reverse("privacy:block", args=[other.handle]) in page
