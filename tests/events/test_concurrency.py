"""Two hundred members register at once for fifty seats, each on its own database connection."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from events import services
from events.models import Registration, RegistrationState
from members.models import User
from tests.factories.events import EventFactory


@pytest.mark.django_db(transaction=True)
def test_two_hundred_simultaneous_registrations_never_oversell():
    event = EventFactory(capacity=50)
    users = User.objects.bulk_create(
        [User(email=f"rush{i}@example.org", handle=f"rush-{i}") for i in range(200)]
    )

    def register(user_id):
        try:
            return services.register(event=event, user=User.objects.get(pk=user_id)).state
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        states = list(pool.map(register, [user.pk for user in users]))

    assert states.count("going") == 50 and states.count("waitlisted") == 150
    registrations = Registration.objects.filter(event=event)
    assert registrations.filter(state=RegistrationState.GOING).count() == 50
    positions = sorted(
        registrations.filter(state=RegistrationState.WAITLISTED).values_list("position", flat=True)
    )
    assert positions == list(range(1, 151))
