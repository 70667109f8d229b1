"""Multi-step writes for organizations, ventures, needs and offers: one transaction each.

Everything that tells someone else goes through organizations.notifications, after commit.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from core.dispatch import enqueue
from core.search import weighted_vector
from organizations import notifications
from organizations.models import (
    NEED_TRANSITIONS,
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
        JoinRequest.objects.filter(
            organization=invitation.organization, user=user, state=JoinRequestState.PENDING
        ).update(state=JoinRequestState.ACCEPTED, decided_at=timezone.now())
    return membership


def cancel_invitation(*, invitation):
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        cancelled_at=timezone.now()
    )


# --- Join requests --------------------------------------------------------------------------------
def request_to_join(*, organization, user, message=""):
    if Membership.objects.filter(organization=organization, user=user).exists():
        raise ServiceError("already a member")
    try:
        with transaction.atomic():
            return JoinRequest.objects.create(organization=organization, user=user, message=message)
    except IntegrityError as error:
        raise ServiceError("already requested") from error


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
        venture = Venture(organization=organization, **fields)
        venture.slug = unique_slug(Venture, venture.name)
        venture.save()
        venture.leads.set(_team_only(organization, leads))
        venture.causes.set(list(causes))
    return venture


def update_venture(*, venture, leads=None, causes=None, **fields):
    fields.pop("organization", None)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(venture, name, value)
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
            from organizations import tasks

            enqueue(tasks.tell_needs_expired, closed)
    return len(closed)


# --- Offers ---------------------------------------------------------------------------------------
def make_offer(*, need, member, message):
    from organizations.permissions import can_offer_help

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
        offer.state = OfferState.ACCEPTED if accept else OfferState.DECLINED
        offer.reply = reply.strip()
        offer.answered_by = answered_by
        offer.answered_at = timezone.now()
        offer.save(update_fields=["state", "reply", "answered_by", "answered_at", "updated_at"])
    _after_commit(notifications.offer_accepted if accept else notifications.offer_declined, offer)
    return offer


def withdraw_offer(*, offer):
    with transaction.atomic():
        updated = Offer.objects.filter(pk=offer.pk, state=OfferState.PENDING).update(
            state=OfferState.WITHDRAWN, updated_at=timezone.now()
        )
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
        for offer in stale:
            _after_commit(notifications.offer_expired, offer)
    return len(stale)
