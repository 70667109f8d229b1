"""Multi-step writes for organizations, ventures, needs and offers: one transaction each.

Everything that tells someone else goes through organizations.notifications, after commit.
"""

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from core.content_cache import bump_content_version, forget_member
from core.dispatch import enqueue
from core.images import assign_cover
from core.search import weighted_vector
from organizations import notifications, signals, tasks
from organizations.models import (
    CHECK_IN_LATE_DAYS,
    CHECK_IN_MILESTONES,
    CHECK_IN_REMINDER_DAYS,
    NEED_TRANSITIONS,
    CheckIn,
    CheckInAnswer,
    CheckInSide,
    Collaboration,
    CollaborationState,
    Invitation,
    JoinRequest,
    JoinRequestState,
    Membership,
    Need,
    NeedStatus,
    NeedStatusChange,
    Offer,
    OfferState,
    Organization,
    Role,
    Venture,
)
from organizations.permissions import can_offer_help, is_own_offer
from organizations.signals import outcome_shared

INVITATION_DAYS = 14
INVITATION_SALT = "organizations.invitation"


class ServiceError(Exception):
    """A rule of the domain refused the change; the message is shown to the person."""


class LastAdminError(ServiceError):
    pass


class InvalidTransition(ServiceError):
    pass


class OfferNotAllowed(ServiceError):
    pass


class InvalidInvitation(ServiceError):
    pass


class CheckInNotAllowed(ServiceError):
    pass


def _after_commit(function, *args):
    transaction.on_commit(lambda: function(*args))


RESERVED_SLUGS = {"new", "invitations"}


def unique_slug(model, text, *, exclude_pk=None):
    base = slugify(text)[:200] or model._meta.model_name
    if base in RESERVED_SLUGS:
        base = f"{base}-{model._meta.model_name}"
    slug, index = base, 2
    existing = model.objects.all()
    if exclude_pk:
        existing = existing.exclude(pk=exclude_pk)
    while existing.filter(slug=slug).exists():
        slug = f"{base}-{index}"
        index += 1
    return slug


# --- Search vectors -------------------------------------------------------------------------------
ORGANIZATION_VECTOR = (("name", "A"), ("description", "B"))
NEED_VECTOR = (
    ("title", "A"),
    ("description", "B"),
    ("translations_text", "B"),
    ("city", "C"),
)


def refresh_organization_search(organization_ids):
    Organization.objects.filter(pk__in=organization_ids).update(
        search_vector=weighted_vector(*ORGANIZATION_VECTOR)
    )


def refresh_need_search(need_ids):
    Need.objects.filter(pk__in=need_ids).update(search_vector=weighted_vector(*NEED_VECTOR))


# --- Organizations and teams ----------------------------------------------------------------------
def create_organization(*, creator, causes=(), **fields):
    """The creator becomes the organization's first admin. `verified` is never set here."""
    fields.pop("verified", None)
    with transaction.atomic():
        organization = Organization(**fields)
        organization.slug = unique_slug(Organization, organization.name)
        organization.save()
        organization.causes.set(list(causes))
        Membership.objects.create(organization=organization, user=creator, role=Role.ADMIN)
        refresh_organization_search([organization.pk])
    return organization


def update_organization(*, organization, causes=None, **fields):
    fields.pop("verified", None)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(organization, name, value)
        organization.save()
        if causes is not None:
            organization.causes.set(list(causes))
        refresh_organization_search([organization.pk])
    return organization


def _lock_admins(organization):
    return list(
        Membership.objects.select_for_update()
        .filter(organization=organization, role=Role.ADMIN)
        .values_list("pk", flat=True)
    )


def change_role(*, membership, role):
    with transaction.atomic():
        admins = _lock_admins(membership.organization)
        membership.refresh_from_db()
        if membership.role == Role.ADMIN and role != Role.ADMIN and admins == [membership.pk]:
            raise LastAdminError("last admin")
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def remove_member(*, membership):
    with transaction.atomic():
        admins = _lock_admins(membership.organization)
        if admins == [membership.pk]:
            raise LastAdminError("last admin")
        # Someone who left the team no longer leads its ventures.
        Venture.leads.through.objects.filter(
            venture__organization_id=membership.organization_id, user_id=membership.user_id
        ).delete()
        membership.delete()


def leave_organization(*, organization, user):
    membership = Membership.objects.filter(organization=organization, user=user).first()
    if membership is not None:
        remove_member(membership=membership)


def add_member(*, organization, user, role):
    """Add, or raise to `role` if already a member with a lesser role; never demotes."""
    rank = {Role.MEMBER: 0, Role.EDITOR: 1, Role.ADMIN: 2}
    membership, created = Membership.objects.get_or_create(
        organization=organization, user=user, defaults={"role": role}
    )
    if not created and rank[Role(role)] > rank[Role(membership.role)]:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def set_verified(*, organizations, verified, actor):
    """The verified badge, for many organizations at once (an admin action). Returns how many.

    Each organization whose badge changed gets an entry in the admin's log, by `actor`, as the
    campaigns' curation actions do: a bulk update writes no history of its own."""
    with transaction.atomic():
        changed = list(
            Organization.objects.filter(pk__in=[o.pk for o in organizations]).exclude(
                verified=verified
            )
        )
        Organization.objects.filter(pk__in=[o.pk for o in changed]).update(verified=verified)
        if changed:
            LogEntry.objects.log_actions(
                user_id=actor.pk,
                queryset=changed,
                action_flag=CHANGE,
                change_message="Verified" if verified else "Verified badge removed",
            )
        bump_content_version()  # an update sends no signal: visitors' pages show the badge
    return len(changed)


# --- Invitations ----------------------------------------------------------------------------------
def invitation_token(invitation):
    return signing.dumps(
        {"i": invitation.pk, "e": invitation.email.lower()}, salt=INVITATION_SALT, compress=True
    )


def invitation_url(invitation):
    return reverse("organizations:invitation", kwargs={"token": invitation_token(invitation)})


def invitation_from_token(token, *, now=None):
    """The pending invitation a token points to; InvalidInvitation for tampered or stale tokens."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=timedelta(days=INVITATION_DAYS))
    except signing.SignatureExpired as error:
        raise InvalidInvitation("expired") from error
    except signing.BadSignature as error:
        raise InvalidInvitation("tampered") from error
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(pk=data.get("i"), email__iexact=data.get("e", ""))
        .first()
    )
    if invitation is None:
        raise InvalidInvitation("unknown")
    now = now or timezone.now()
    if invitation.cancelled_at or invitation.accepted_at or invitation.expires_at <= now:
        raise InvalidInvitation("used or expired")
    return invitation


def invite(*, organization, email, role, invited_by, language="en"):
    email = email.strip()
    with transaction.atomic():
        # A fresh invitation replaces any earlier pending one for the same address.
        Invitation.objects.pending().filter(organization=organization, email__iexact=email).update(
            cancelled_at=timezone.now()
        )
        invitation = Invitation.objects.create(
            organization=organization,
            email=email,
            role=role,
            invited_by=invited_by,
            language=language,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
    _after_commit(notifications.invitation_sent, invitation)
    return invitation


def email_belongs_to(user, email):
    if user.email.lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def accept_invitation(*, invitation, user):
    if not email_belongs_to(user, invitation.email):
        raise InvalidInvitation("wrong address")
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_pending:
            raise InvalidInvitation("used or expired")
        membership = add_member(
            organization=invitation.organization, user=user, role=invitation.role
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        if JoinRequest.objects.filter(
            organization=invitation.organization, user=user, state=JoinRequestState.PENDING
        ).update(state=JoinRequestState.ACCEPTED, decided_at=timezone.now()):
            # An update sends no signal: the admins' homes listed the request.
            forget_member(*signals.team_admins(invitation.organization_id))
    _after_commit(notifications.invitation_accepted, invitation)
    return membership


def cancel_invitation(*, invitation):
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        cancelled_at=timezone.now()
    )
    signals.forget_invitees(invitation)  # an update sends no signal; the invitee's home lists it


# --- Join requests --------------------------------------------------------------------------------
def request_to_join(*, organization, user, message=""):
    if Membership.objects.filter(organization=organization, user=user).exists():
        raise ServiceError("already a member")
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                organization=organization, user=user, message=message
            )
    except IntegrityError as error:
        raise ServiceError("already requested") from error
    _after_commit(notifications.join_requested, join_request)
    return join_request


def decide_join_request(*, join_request, accept, decided_by):
    with transaction.atomic():
        join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if join_request.state != JoinRequestState.PENDING:
            raise ServiceError("already decided")
        join_request.state = JoinRequestState.ACCEPTED if accept else JoinRequestState.DECLINED
        join_request.decided_by = decided_by
        join_request.decided_at = timezone.now()
        join_request.save(update_fields=["state", "decided_by", "decided_at"])
        if accept:
            add_member(
                organization=join_request.organization, user=join_request.user, role=Role.MEMBER
            )
            signals.join_request_accepted.send(sender=JoinRequest, join_request=join_request)
    _after_commit(notifications.join_request_decided, join_request)
    return join_request


# --- Ventures -------------------------------------------------------------------------------------
def _team_only(organization, users):
    """Leads are chosen among the organization's members; anyone else is dropped."""
    ids = [user.pk for user in users]
    return list(
        Membership.objects.filter(organization=organization, user_id__in=ids).values_list(
            "user_id", flat=True
        )
    )


def create_venture(*, organization, leads=(), causes=(), **fields):
    with transaction.atomic():
        cover = fields.pop("cover", None)
        venture = Venture(organization=organization, **fields)
        assign_cover(venture, "cover", cover)
        venture.slug = unique_slug(Venture, venture.name)
        venture.save()
        venture.leads.set(_team_only(organization, leads))
        venture.causes.set(list(causes))
    return venture


def update_venture(*, venture, leads=None, causes=None, **fields):
    fields.pop("organization", None)
    cover = fields.pop("cover", None)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(venture, name, value)
        assign_cover(venture, "cover", cover)
        venture.save()
        if leads is not None:
            # The form offers the organization's members; leads from outside it (a linked
            # fellow, made lead by campaigns) are not the form's to drop.
            outside = venture.leads.exclude(memberships__organization=venture.organization)
            venture.leads.set(
                [*_team_only(venture.organization, leads), *outside.values_list("pk", flat=True)]
            )
        if causes is not None:
            venture.causes.set(list(causes))
    return venture


# --- Needs ----------------------------------------------------------------------------------------
def create_need(*, venture, created_by, skills=(), status=NeedStatus.DRAFT, **fields):
    fields.pop("is_hidden", None)
    with transaction.atomic():
        need = Need.objects.create(venture=venture, created_by=created_by, status=status, **fields)
        need.skills.set(list(skills))
        NeedStatusChange.objects.create(
            need=need, from_status="", to_status=status, changed_by=created_by
        )
        refresh_need_search([need.pk])
    return need


def update_need(*, need, skills=None, **fields):
    # Status moves only through change_need_status; staff hide needs in the admin.
    fields.pop("status", None)
    fields.pop("is_hidden", None)
    fields.pop("venture", None)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(need, name, value)
        need.save()
        if skills is not None:
            need.skills.set(list(skills))
        refresh_need_search([need.pk])
    return need


def change_need_status(*, need, to_status, changed_by):
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        if to_status not in NEED_TRANSITIONS[NeedStatus(need.status)]:
            raise InvalidTransition(f"{need.status} → {to_status}")
        change = NeedStatusChange.objects.create(
            need=need, from_status=need.status, to_status=to_status, changed_by=changed_by
        )
        need.status = to_status
        need.save(update_fields=["status", "updated_at"])
    return change


def close_expired_needs(*, today=None) -> int:
    """Close the open needs whose deadline has passed (each with a history entry by nobody) and
    tell their teams after commit. Safe to run twice: a closed need is not closed again."""
    today = today or timezone.localdate()
    closed = []
    with transaction.atomic():
        expired = (
            Need.objects.filter(status=NeedStatus.OPEN, deadline__lt=today)
            .select_for_update(skip_locked=True)
            .order_by("pk")
        )
        for need in expired:
            NeedStatusChange.objects.create(
                need=need, from_status=need.status, to_status=NeedStatus.CLOSED, changed_by=None
            )
            need.status = NeedStatus.CLOSED
            need.save(update_fields=["status", "updated_at"])  # its matches go (signals)
            closed.append(need.pk)
        if closed:
            enqueue(tasks.tell_needs_expired, closed)
    return len(closed)


# --- Offers ---------------------------------------------------------------------------------------
def make_offer(*, need, member, message):

    if not can_offer_help(member, need):
        raise OfferNotAllowed("not allowed")
    try:
        with transaction.atomic():
            offer = Offer.objects.create(need=need, member=member, message=message.strip())
    except IntegrityError as error:
        raise OfferNotAllowed("already offered") from error
    _after_commit(notifications.offer_made, offer)
    return offer


def answer_offer(*, offer, answered_by, accept, reply=""):
    with transaction.atomic():
        offer = (
            Offer.objects.select_for_update(of=("self",)).select_related("need").get(pk=offer.pk)
        )
        if offer.state != OfferState.PENDING:
            raise OfferNotAllowed("already answered")
        if is_own_offer(answered_by, offer):
            raise OfferNotAllowed("own offer")
        offer.state = OfferState.ACCEPTED if accept else OfferState.DECLINED
        offer.reply = reply.strip()
        offer.answered_by = answered_by
        offer.answered_at = timezone.now()
        offer.save(update_fields=["state", "reply", "answered_by", "answered_at", "updated_at"])
        if accept:
            signals.offer_accepted.send(sender=Offer, offer=offer)
            start_collaboration(offer=offer, started_by=answered_by)
    _after_commit(notifications.offer_accepted if accept else notifications.offer_declined, offer)
    return offer


def withdraw_offer(*, offer):
    with transaction.atomic():
        updated = Offer.objects.filter(pk=offer.pk, state=OfferState.PENDING).update(
            state=OfferState.WITHDRAWN, updated_at=timezone.now()
        )
        if updated:
            bump_content_version()  # an update sends no signal; offers are counted publicly
    if not updated:
        raise OfferNotAllowed("not pending")


def expire_stale_offers(*, now=None):
    """Close offers left unanswered for 14 days and thank each member. Safe to run twice."""
    now = now or timezone.now()
    with transaction.atomic():
        stale = list(
            Offer.objects.stale(now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("need", "member")
        )
        for offer in stale:
            offer.state = OfferState.EXPIRED
            offer.answered_at = now
        Offer.objects.bulk_update(stale, ["state", "answered_at"])
        if stale:
            bump_content_version()  # bulk_update sends no signal
        for offer in stale:
            _after_commit(notifications.offer_expired, offer)
    return len(stale)


# --- Collaborations and check-ins -----------------------------------------------------------------
def start_collaboration(*, offer, started_by):
    """An accepted offer starts a collaboration; an open need moves to "in progress" (recorded
    in its history like every move). Called inside answer_offer's transaction."""
    need = offer.need
    collaboration, _created = Collaboration.objects.get_or_create(
        offer=offer,
        defaults={
            "need": need,
            "organization_id": Venture.objects.values_list("organization_id", flat=True).get(
                pk=need.venture_id
            ),
            "helper_id": offer.member_id,
            "started_at": offer.answered_at or timezone.now(),
        },
    )
    if Need.objects.filter(pk=need.pk, status=NeedStatus.OPEN).exists():
        change_need_status(need=need, to_status=NeedStatus.IN_PROGRESS, changed_by=started_by)
    return collaboration


def _as_datetime(now):
    """`now` as given to a task (an ISO string through the broker) or to a service."""
    if now is None:
        return timezone.now()
    if isinstance(now, str):
        return datetime.fromisoformat(now)
    return now


def due_milestone(collaboration, now):
    """The latest milestone the collaboration has reached, unless missed by too long."""
    age = now - collaboration.started_at
    reached = [days for days in CHECK_IN_MILESTONES if age >= timedelta(days=days)]
    if not reached or age >= timedelta(days=reached[-1] + CHECK_IN_LATE_DAYS):
        return None
    return reached[-1]


def check_in_recipients(collaboration, side):
    """Who is asked: the helper, or the team that manages the venture; active accounts only
    (never a deleted or suspended member)."""
    if side == CheckInSide.HELPER:
        helper = collaboration.helper
        return [helper] if helper.is_active else []
    return list(notifications.team_recipients(collaboration.need.venture))


def send_check_ins(*, now=None) -> dict:
    """Ask both sides of each going collaboration how it went at 30 and 90 days, and ask once
    more a week later when unanswered. Safe to run twice: a check-in row is written once per
    collaboration, side and milestone (a unique constraint), a reminder is claimed once."""
    now = _as_datetime(now)
    oldest = now - timedelta(days=max(CHECK_IN_MILESTONES) + CHECK_IN_LATE_DAYS)
    due = (
        Collaboration.objects.filter(
            state=CollaborationState.GOING,
            started_at__lte=now - timedelta(days=min(CHECK_IN_MILESTONES)),
            started_at__gt=oldest,
        )
        .select_related("helper", "need__venture__organization")
        .order_by("pk")
    )
    sent = 0
    for collaboration in due:
        milestone = due_milestone(collaboration, now)
        if milestone is None:
            continue
        for side in CheckInSide.values:
            recipients = check_in_recipients(collaboration, side)
            if not recipients:
                continue
            with transaction.atomic():
                check_in, created = CheckIn.objects.get_or_create(
                    collaboration=collaboration,
                    side=side,
                    milestone=milestone,
                    defaults={"sent_at": now},
                )
                if created:
                    notifications.check_in_sent(check_in, recipients)
                    sent += 1
    return {"sent": sent, "reminded": remind_check_ins(now=now)}


def remind_check_ins(*, now=None) -> int:
    now = _as_datetime(now)
    waiting = (
        CheckIn.objects.unanswered()
        .filter(reminded_at__isnull=True, sent_at__lte=now - timedelta(days=CHECK_IN_REMINDER_DAYS))
        .exclude(collaboration__state=CollaborationState.DID_NOT_HAPPEN)
        .select_related("collaboration__helper", "collaboration__need__venture__organization")
        .order_by("pk")
    )
    reminded = 0
    for check_in in waiting:
        with transaction.atomic():
            claimed = CheckIn.objects.filter(pk=check_in.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            recipients = check_in_recipients(check_in.collaboration, check_in.side)
            if claimed and recipients:
                notifications.check_in_sent(check_in, recipients, reminder=True)
                reminded += 1
    return reminded


def answer_check_in(
    *, check_in, answered_by, answer, hours, what_changed="", share_publicly=False, now=None
):
    """Record one side's answer. The team's "done" or "did not happen" ends the collaboration;
    once none on the need is going, the need is fulfilled (if any was done) or open again.
    A shared outcome is offered to other apps (organizations.signals.outcome_shared), which may
    turn it into a draft story: their answers are returned."""

    now = now or timezone.now()
    with transaction.atomic():
        check_in = CheckIn.objects.select_for_update().get(pk=check_in.pk)
        if check_in.answered_at is not None:
            raise CheckInNotAllowed("already answered")
        check_in.answer = answer
        check_in.hours = hours
        check_in.what_changed = what_changed.strip()
        check_in.share_publicly = bool(share_publicly and check_in.what_changed)
        check_in.answered_at = now
        check_in.answered_by = answered_by
        check_in.save()
        collaboration = (
            Collaboration.objects.select_for_update(of=("self",))
            .select_related("need__venture__organization")
            .get(pk=check_in.collaboration_id)
        )
        helper_reported = collaboration.check_ins.filter(
            side=CheckInSide.HELPER, answered_at__isnull=False
        ).exists()
        if check_in.side == CheckInSide.HELPER or not helper_reported:
            collaboration.hours = hours or 0
        ends = {CheckInAnswer.DONE, CheckInAnswer.DID_NOT_HAPPEN}
        if check_in.side == CheckInSide.TEAM and answer in ends and collaboration.is_going:
            collaboration.state = answer  # the answers and the states share their values
            collaboration.ended_at = now
        collaboration.save()
        if check_in.side == CheckInSide.TEAM:
            settle_need(need=collaboration.need, changed_by=answered_by)
        drafts = []
        if check_in.is_shared:
            check_in.collaboration = collaboration
            responses = outcome_shared.send(sender=CheckIn, check_in=check_in, author=answered_by)
            drafts = [response for _receiver, response in responses if response is not None]
    return drafts


def settle_need(*, need, changed_by):
    """When no collaboration on an in-progress need is going any more: fulfilled if one was
    done (crediting its helpers, see selectors.credited_helpers), else open for offers again."""
    states = set(need.collaborations.values_list("state", flat=True))
    if not states or CollaborationState.GOING in states:
        return
    current = Need.objects.values_list("status", flat=True).get(pk=need.pk)
    if CollaborationState.DONE in states:
        if current == NeedStatus.OPEN:
            change_need_status(need=need, to_status=NeedStatus.IN_PROGRESS, changed_by=changed_by)
            current = NeedStatus.IN_PROGRESS
        if current == NeedStatus.IN_PROGRESS:
            change_need_status(need=need, to_status=NeedStatus.FULFILLED, changed_by=changed_by)
    elif current == NeedStatus.IN_PROGRESS:
        change_need_status(need=need, to_status=NeedStatus.OPEN, changed_by=changed_by)


def thank_helper(*, collaboration, thanked_by, text):
    """The team's public thank-you (shown on the helper's profile if they show contributions).
    It may be reworded; the helper is told once."""
    with transaction.atomic():
        collaboration = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
        collaboration.thanks = text.strip()
        collaboration.thanked_by = thanked_by
        collaboration.thanked_at = timezone.now()
        collaboration.save(update_fields=["thanks", "thanked_by", "thanked_at"])
    _after_commit(notifications.helper_thanked, collaboration)
    return collaboration
