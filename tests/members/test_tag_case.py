"""A tag typed in another case is the existing tag (TAGGIT_CASE_INSENSITIVE), never a second one:
matching joins needs and members on the tag, so "Traducción" and "traducción" must be one."""

import pytest
from django.urls import reverse

from members.models import Cause, Profile, Skill
from organizations.models import Need
from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory, VentureFactory
from tests.members.test_profile_forms import valid_data

pytestmark = pytest.mark.django_db


def test_profile_skills_and_causes_reuse_existing_tags_whatever_the_case(client):
    translation = Skill.objects.create(name="traducción", slug="traducción")
    python = Skill.objects.create(name="Python", slug="python")
    health = Cause.objects.create(name="salud", slug="salud")
    newcomer = UserFactory(profile=None)
    client.force_login(newcomer)
    response = client.post(
        reverse("members:onboarding"),
        valid_data(skills="TRADUCCIÓN, python, Traducción", causes="Salud"),
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=newcomer)
    assert set(profile.skills.all()) == {translation, python}
    assert list(profile.causes.all()) == [health]
    assert Skill.objects.count() == 2
    assert Cause.objects.count() == 1


def test_need_skills_reuse_existing_tags_whatever_the_case(client):
    translation = Skill.objects.create(name="traducción", slug="traducción")
    membership = MembershipFactory(role="admin")
    venture = VentureFactory(organization=membership.organization)
    client.force_login(membership.user)
    response = client.post(
        reverse("organizations:need_create", args=[venture.slug]),
        {
            "title": "Traductora para el sitio",
            "description": "Del español al portugués.",
            "category": "volunteering",
            "languages": ["es", "pt"],
            "is_remote": "on",
            "skills": "Traducción",
        },
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    need = Need.objects.get(title="Traductora para el sitio")
    assert list(need.skills.all()) == [translation]
    assert Skill.objects.count() == 1
