"""Demo outcomes: every accepted demo offer is a collaboration (as the data migration makes them),
those past 30 days were checked in on by both sides, some shared what changed, some teams said
thank you, and a third of the helpers show their contributions. Runs after campaigns.demo, whose
offers it leaves as they are (the README's accounts walk the loop themselves)."""

from datetime import timedelta

from django.utils import timezone

from members.demo import account_user_ids
from members.models import Profile
from organizations.models import (
    CheckIn,
    CheckInAnswer,
    CheckInSide,
    Collaboration,
    CollaborationState,
    NeedStatus,
    Offer,
    OfferState,
)

BATCH = 5000
OUTCOMES = [
    "Ya llevamos la contabilidad al día y pudimos pedir una subvención.",
    "Lanzamos el sitio web y recibimos 40 inscripciones la primera semana.",
    "El equipo aprendió a usar la hoja de cálculo para el inventario.",
    "Conseguimos dos aliados nuevos en Madrid para la campaña de donaciones.",
    "Agora temos um plano de comunicação e já publicamos três boletins.",
    "Os professores voluntários ganharam um roteiro de aulas de programação.",
]
THANKS = [
    "¡Gracias por tu paciencia y tus sábados!",
    "Sin tu ayuda no habríamos llegado a tiempo. ¡Mil gracias!",
    "Obrigado por compartilhar tanto conhecimento com a equipe!",
]
STATE_FOR_NEED = {
    NeedStatus.FULFILLED: CollaborationState.DONE,
    NeedStatus.CLOSED: CollaborationState.DID_NOT_HAPPEN,
}


def seed(context):
    rng = context.rng
    now = timezone.now()
    accepted = (
        Offer.objects.filter(state=OfferState.ACCEPTED, collaboration__isnull=True)
        .exclude(member_id__in=account_user_ids())
        .select_related("need__venture")
        .order_by("pk")
    )
    collaborations = []
    for offer in accepted.iterator(chunk_size=BATCH):
        started = offer.answered_at or offer.created_at
        state = STATE_FOR_NEED.get(offer.need.status, CollaborationState.GOING)
        if now - started < timedelta(days=30):
            state = CollaborationState.GOING  # too young to have been asked
        collaborations.append(
            Collaboration(
                offer=offer,
                need_id=offer.need_id,
                organization_id=offer.need.venture.organization_id,
                helper_id=offer.member_id,
                started_at=started,
                state=state,
                ended_at=started + timedelta(days=30)
                if state != CollaborationState.GOING
                else None,
                hours=rng.randint(2, 60) if state != CollaborationState.DID_NOT_HAPPEN else 0,
                thanks=rng.choice(THANKS)
                if state == CollaborationState.DONE and rng.random() < 0.4
                else "",
                thanked_by_id=offer.answered_by_id,
                thanked_at=started + timedelta(days=31),
            )
        )
    Collaboration.objects.bulk_create(collaborations, batch_size=BATCH)

    answers = {
        CollaborationState.DONE: CheckInAnswer.DONE,
        CollaborationState.GOING: CheckInAnswer.GOING,
        CollaborationState.DID_NOT_HAPPEN: CheckInAnswer.DID_NOT_HAPPEN,
    }
    check_ins = []
    for collaboration in collaborations:
        asked = collaboration.started_at + timedelta(days=30)
        if asked > now:
            continue
        for side in CheckInSide.values:
            answered = rng.random() < 0.8
            shared = answered and collaboration.state == CollaborationState.DONE
            shared = shared and rng.random() < 0.5
            check_ins.append(
                CheckIn(
                    collaboration=collaboration,
                    side=side,
                    milestone=30,
                    sent_at=asked,
                    reminded_at=None if answered else asked + timedelta(days=7),
                    answered_at=asked + timedelta(days=rng.randint(0, 6)) if answered else None,
                    answered_by_id=(
                        collaboration.helper_id
                        if side == CheckInSide.HELPER
                        else collaboration.offer.answered_by_id
                    )
                    if answered
                    else None,
                    answer=answers[collaboration.state] if answered else "",
                    hours=collaboration.hours if answered else None,
                    what_changed=rng.choice(OUTCOMES) if shared else "",
                    share_publicly=shared,
                )
            )
    CheckIn.objects.bulk_create(check_ins, batch_size=BATCH)

    helper_ids = sorted({collaboration.helper_id for collaboration in collaborations})
    showing = [pk for pk in helper_ids if rng.random() < 0.35]
    Profile.objects.filter(user_id__in=showing).update(show_contributions=True)
    context.log(
        f"  {len(collaborations)} collaborations, {len(check_ins)} check-ins, "
        f"{len(showing)} profiles showing contributions"
    )
