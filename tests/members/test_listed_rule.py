"""members.permissions.is_listed_to (a profile page's check on the loaded row) answers exactly what
listed_people (the SQL rule every listing uses) answers, for every kind of viewer and profile."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from core.choices import Visibility
from members.blocking import block
from members.models import Profile, User
from members.permissions import is_listed_to
from tests.factories.members import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_loaded_row_check_agrees_with_the_sql_rule(django_assert_max_num_queries):
    member = UserFactory()
    blocker, blocked = UserFactory(), UserFactory()
    viewers = {
        "visitor": AnonymousUser(),
        "member": member,
        "blocked by the profile": blocked,
        "blocker of the profile": blocker,
        "staff with two-factor": StaffFactory(),
        "staff without two-factor": StaffFactory(totp=False),
    }
    cases = itertools.product(Visibility.values, [False, True], [True, False])
    for visibility, is_hidden, is_active in cases:
        owner = UserFactory(is_active=is_active)
        Profile.objects.filter(user=owner).update(visibility=visibility, is_hidden=is_hidden)
        block(blocker=owner, blocked=blocked)
        block(blocker=blocker, blocked=owner)
        for label, viewer in viewers.items():
            viewer = viewer if isinstance(viewer, AnonymousUser) else User.objects.get(pk=viewer.pk)
            expected = Profile.objects.visible_to(viewer).filter(pk=owner.pk).exists()
            profile = Profile.objects.select_related("user").get(pk=owner.pk)
            with django_assert_max_num_queries(2):  # staff's two-factor, a block
                answer = is_listed_to(viewer, profile)
            assert answer == expected, (label, visibility, is_hidden, is_active)
            # Without its user the profile is asked in SQL: the same answer.
            assert is_listed_to(viewer, Profile.objects.get(pk=owner.pk)) == expected
