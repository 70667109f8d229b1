"""Who approves a community translation: the content's own team (its app's predicate) or staff."""

import pytest

from campaigns.models import CampaignMember, CampaignRole
from tests.factories.campaigns import CampaignFactory, StoryFactory
from tests.factories.events import EventFactory
from tests.factories.members import StaffFactory, UserFactory
from tests.factories.organizations import MembershipFactory, NeedFactory, VentureFactory
from tests.factories.translations import TranslationFactory
from translations.permissions import can_review_translation

pytestmark = pytest.mark.django_db


def _member_with_role(organization, role):
    return MembershipFactory(organization=organization, role=role).user


def test_need_translations_are_reviewed_by_who_manages_its_venture():
    venture = VentureFactory()
    lead = UserFactory()
    venture.leads.add(MembershipFactory(organization=venture.organization, user=lead).user)
    translation = TranslationFactory(target=NeedFactory(venture=venture))
    organization = venture.organization
    expected = {
        "admin": (_member_with_role(organization, "admin"), True),
        "editor": (_member_with_role(organization, "editor"), True),
        "plain member": (_member_with_role(organization, "member"), False),
        "venture lead": (lead, True),
        "outsider": (UserFactory(), False),
        "staff": (StaffFactory(), True),
        "translator": (translation.translator, False),
    }
    for who, (user, allowed) in expected.items():
        assert can_review_translation(user, translation) is allowed, who


def test_venture_translations_are_reviewed_by_its_team():
    venture = VentureFactory()
    translation = TranslationFactory(target=venture, title="Escola andina")
    assert can_review_translation(_member_with_role(venture.organization, "editor"), translation)
    assert not can_review_translation(UserFactory(), translation)


def test_story_translations_are_reviewed_by_the_author_or_staff():
    story = StoryFactory()
    translation = TranslationFactory(target=story)
    assert can_review_translation(story.author, translation)
    assert can_review_translation(StaffFactory(), translation)
    assert not can_review_translation(UserFactory(), translation)


def test_event_translations_are_reviewed_by_its_organizers():
    organization = VentureFactory().organization
    event = EventFactory(organization=organization)
    translation = TranslationFactory(target=event)
    assert can_review_translation(_member_with_role(organization, "editor"), translation)
    assert not can_review_translation(_member_with_role(organization, "member"), translation)
    assert not can_review_translation(UserFactory(), translation)

    campaign_event = EventFactory(organization=None, campaign=CampaignFactory(status="live"))
    ambassador = UserFactory()
    CampaignMember.objects.create(
        campaign=campaign_event.campaign, user=ambassador, role=CampaignRole.AMBASSADOR
    )
    assert can_review_translation(ambassador, TranslationFactory(target=campaign_event))


def test_campaign_translations_are_reviewed_by_staff_only():
    translation = TranslationFactory(target=CampaignFactory(status="live"), source_language="en")
    assert can_review_translation(StaffFactory(), translation)
    assert not can_review_translation(UserFactory(), translation)
    assert not can_review_translation(None, translation)
