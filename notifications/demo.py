"""Demo notifications for existing members. Rows are marked as already emailed so that a
worker started on demo data does not send (or sweep) half a million emails."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from members.demo import account_user_ids
from members.models import User
from notifications.models import Frequency, Notification

TITLES = [
    "Bienvenida a la comunidad",
    "Nueva necesidad en Medellín: diseño de marca",
    "Convite: encontro da diáspora em Lisboa",
    "Tu oferta fue aceptada por Cooperativa Café Ñuñoa",
    "Mentoría en finanzas para emprendedoras de Tijuana",
]
BATCH = 10_000


def seed(context):
    total = context.sizes.get("notifications", 0)
    member_ids = list(User.objects.filter(is_active=True).values_list("id", flat=True))
    if not total or not member_ids:
        return
    rng = context.rng
    now = timezone.now()
    created = 0
    # The README's accounts have an inbox to show whatever the random draw.
    firsts = [pk for pk in sorted(account_user_ids()) for _ in range(3)]
    while created < total:
        rows = []
        for _ in range(min(BATCH, total - created)):
            when = now - timedelta(minutes=rng.randint(1, 60 * 24 * 60))
            rows.append(
                Notification(
                    recipient_id=firsts.pop() if firsts else rng.choice(member_ids),
                    kind=rng.choice(["members.welcome", "members.newsletter"]),
                    data={"title": rng.choice(TITLES)},
                    email_frequency=Frequency.IMMEDIATELY,
                    emailed_at=when,
                    read_at=when + timedelta(hours=1) if rng.random() < 0.6 else None,
                )
            )
        Notification.objects.bulk_create(rows, batch_size=BATCH)
        created += len(rows)
    # created_at is auto_now_add; spread it over the last two months in one statement.
    Notification.objects.filter(created_at__gte=now).update(created_at=models_emailed_at())
    context.log(f"notifications: {created}")


def models_emailed_at():

    return F("emailed_at")
