"""Deleting an account reaches every app: seats go back, open offers close, others' content stays."""

import pytest

from events.models import Registration, RegistrationState
from members.privacy import delete_account, export_data
from organizations.models import Offer, OfferState
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import OfferFactory

pytestmark = pytest.mark.django_db


def test_deleting_a_member_frees_their_seat_for_the_waitlist_and_withdraws_open_offers():
    leaving = UserFactory()
    waiting = UserFactory()
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, user=leaving, state=RegistrationState.GOING)
    RegistrationFactory(event=event, user=waiting, state=RegistrationState.WAITLISTED, position=1)
    pending = OfferFactory(member=leaving)
    accepted = OfferFactory(member=leaving, state=OfferState.ACCEPTED)

    delete_account(leaving)

    assert Registration.objects.get(user=leaving).state == RegistrationState.CANCELLED
    assert Registration.objects.get(user=waiting).state == RegistrationState.GOING
    pending.refresh_from_db()
    accepted.refresh_from_db()
    assert pending.state == OfferState.WITHDRAWN
    assert accepted.state == OfferState.ACCEPTED  # the team's record of help stays
    assert Offer.objects.count() == 2


def test_export_includes_offers_registrations_and_stories():
    member = UserFactory()
    OfferFactory(member=member, message="Puedo ayudar con la contabilidad")
    RegistrationFactory(user=member)
    data = export_data(member)
    assert data["offers"][0]["message"] == "Puedo ayudar con la contabilidad"
    assert len(data["event_registrations"]) == 1
    assert data["stories"] == []
