"""Demo events: past and upcoming, every format, across the diaspora's time zones, some full."""

from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model

from campaigns.models import Campaign
from events.models import Event, EventFormat, EventStatus, Registration, RegistrationState
from members.demo import ACCOUNTS
from organizations.models import Organization, Role

PLACES = [
    ("America/Bogota", "Bogotá", "CO"),
    ("Europe/Madrid", "Madrid", "ES"),
    ("America/Mexico_City", "Ciudad de México", "MX"),
    ("America/Sao_Paulo", "São Paulo", "BR"),
    ("America/Chicago", "Chicago", "US"),
    ("Europe/Lisbon", "Lisboa", "PT"),
    ("America/Caracas", "Caracas", "VE"),
    ("America/Lima", "Lima", "PE"),
]
# One per place above, in its order: a topic that fits its city and its language (LANGUAGE_BY_ZONE).
TOPICS = [
    "Mentoría para emprendedores sociales",
    "Red de profesionales venezolanos en Madrid",
    "Taller: cómo postular a fondos de cooperación",
    "Oficina de marketing para negócios sociais",
    "Diaspora mentors meetup",
    "Encontro da diáspora brasileira em Lisboa",
    "Remesas que construyen: inversión de impacto",
    "Conversatorio: migración y economía solidaria",
]
LANGUAGE_BY_ZONE = {"America/Sao_Paulo": "pt", "Europe/Lisbon": "pt", "America/Chicago": "en"}


def seed(context):
    rng = context.rng
    wanted_events = context.sizes.get("events", 0)
    wanted_registrations = context.sizes.get("registrations", 0)
    organization_ids = list(Organization.objects.values_list("id", flat=True)[:5000])
    campaign_ids = list(Campaign.objects.values_list("id", flat=True))
    user_ids = list(get_user_model().objects.values_list("id", flat=True))
    if not wanted_events or not (organization_ids or campaign_ids):
        context.log("events: no organizers yet, skipped")
        return
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    formats = list(EventFormat.values)
    # The README's organizer has an upcoming event of her own organization, with registrations:
    # signed in as her, the organizer's tools (edit, attendees, check-in) are there to try.
    organizer_organization_id = (
        Organization.objects.filter(
            memberships__user__email=ACCOUNTS["organizer"], memberships__role=Role.ADMIN
        )
        .values_list("id", flat=True)
        .first()
    )
    events = []
    for index in range(wanted_events):
        zone, city, country = PLACES[index % len(PLACES)]
        event_format = formats[index % 3]
        starts_at = now + timedelta(hours=rng.randint(-24 * 120, 24 * 180))
        by_campaign = campaign_ids and rng.random() < 0.2
        organization_id = None if by_campaign else rng.choice(organization_ids)
        if index == 0 and organizer_organization_id is not None:
            by_campaign, organization_id = False, organizer_organization_id
            starts_at = now + timedelta(days=10)
        events.append(
            Event(
                title=f"{TOPICS[index % len(TOPICS)]} · {city}",
                description="Un espacio para compartir experiencias de la **diáspora** y conectar con emprendedores.",
                organization_id=organization_id,
                campaign_id=rng.choice(campaign_ids) if by_campaign else None,
                format=event_format,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=rng.choice([1, 2, 3])),
                time_zone=zone,
                language=LANGUAGE_BY_ZONE.get(zone, "es"),
                venue="Casa de la Diáspora" if event_format != EventFormat.ONLINE else "",
                city=city if event_format != EventFormat.ONLINE else "",
                country=country if event_format != EventFormat.ONLINE else "",
                join_url=f"https://meet.example.org/demo-{index}"
                if event_format != EventFormat.IN_PERSON
                else "",
                capacity=rng.choice([None, 20, 50, 100, 200]),
                status=EventStatus.CANCELLED if index % 40 == 1 else EventStatus.PUBLISHED,
                cancel_message="Se reprograma por motivos de agenda." if index % 40 == 1 else "",
            )
        )
    events = Event.objects.bulk_create(events, batch_size=1000)
    if not user_ids or not wanted_registrations:
        context.log(f"events: {len(events)} events")
        return
    per_event = max(1, wanted_registrations // len(events))
    registrations = []
    total = 0
    for event in events:
        count = min(len(user_ids), rng.randint(per_event // 2, per_event * 3 // 2 + 1))
        going = 0
        waiting = 0
        for user_id in rng.sample(user_ids, count):
            if event.capacity is None or going < event.capacity:
                state, position = RegistrationState.GOING, None
                going += 1
            else:
                waiting += 1
                state, position = RegistrationState.WAITLISTED, waiting
            registrations.append(
                Registration(event_id=event.pk, user_id=user_id, state=state, position=position)
            )
        if len(registrations) >= 20_000:
            Registration.objects.bulk_create(registrations, batch_size=5000)
            total += len(registrations)
            registrations = []
    Registration.objects.bulk_create(registrations, batch_size=5000)
    total += len(registrations)
    context.log(f"events: {len(events)} events, {total} registrations")
