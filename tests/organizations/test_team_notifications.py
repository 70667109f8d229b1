"""Join requests, their answers, accepted invitations and ambassador decisions tell the people
concerned, after commit, in their language, by inbox and email."""

import pytest
from django.core import mail
from django.db import transaction

from campaigns import services as campaign_services
from campaigns.models import AmbassadorApplication
from notifications.models import Notification
from organizations import services
from organizations.models import Role
from tests.factories.campaigns import CampaignFactory
from tests.factories.members import StaffFactory, UserFactory
from tests.factories.organizations import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    return OrganizationFactory(name="Fundación Ñandú")


@pytest.fixture
def admins(organization):
    return [MembershipFactory(organization=organization, role=Role.ADMIN).user for _ in range(2)]


@pytest.fixture
def editor(organization):
    return MembershipFactory(organization=organization, role=Role.EDITOR).user


def _kinds_of(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_join_request_tells_the_admins_only(
    organization, admins, editor, django_capture_on_commit_callbacks
):
    asker = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_to_join(organization=organization, user=asker, message="Quiero ayudar")
    for admin in admins:
        assert _kinds_of(admin) == ["organizations.join_requested"]
    assert _kinds_of(editor) == []
    assert sorted(message.to[0] for message in mail.outbox) == sorted(a.email for a in admins)
    assert "Quiero ayudar" in mail.outbox[0].body
    assert asker.profile.display_name in mail.outbox[0].body


@pytest.mark.parametrize("accept", [True, False])
def test_the_answer_tells_the_requester_in_their_language(
    accept, organization, admins, django_capture_on_commit_callbacks
):
    asker = UserFactory(language="es")
    join_request = services.request_to_join(organization=organization, user=asker)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_join_request(join_request=join_request, accept=accept, decided_by=admins[0])
    expected = "organizations.join_accepted" if accept else "organizations.join_declined"
    assert _kinds_of(asker) == [expected]
    (message,) = mail.outbox
    assert message.to == [asker.email]
    assert "Fundación Ñandú" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_nothing_is_sent_when_the_transaction_rolls_back(organization, admins):
    """Notify after commit: a join request that is never committed tells nobody."""

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        services.request_to_join(organization=organization, user=UserFactory())
        raise Rollback
    assert not Notification.objects.filter(kind="organizations.join_requested").exists()


def test_an_accepted_invitation_tells_the_inviter_and_the_admins(
    organization, admins, editor, django_capture_on_commit_callbacks
):
    invitee = UserFactory()
    invitation = services.invite(
        organization=organization, email=invitee.email, role=Role.EDITOR, invited_by=editor
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_invitation(invitation=invitation, user=invitee)
    for person in [editor, *admins]:
        assert _kinds_of(person) == ["organizations.invitation_accepted"]
    assert "organizations.invitation_accepted" not in _kinds_of(invitee)


@pytest.mark.parametrize("approve", [True, False])
def test_an_ambassador_decision_tells_the_applicant(approve, django_capture_on_commit_callbacks):
    applicant = UserFactory()
    application = AmbassadorApplication.objects.create(
        campaign=CampaignFactory(title="Salud"), member=applicant
    )
    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.decide_ambassador(
            application=application, approve=approve, decided_by=StaffFactory()
        )
    expected = "campaigns.ambassador_approved" if approve else "campaigns.ambassador_declined"
    assert _kinds_of(applicant) == [expected]
    (message,) = mail.outbox
    assert message.to == [applicant.email] and "Salud" in message.body

    # Deciding the same again tells nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.decide_ambassador(
            application=application, approve=approve, decided_by=StaffFactory()
        )
    assert len(mail.outbox) == 1
