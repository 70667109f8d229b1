"""Multi-step writes in campaigns: invitations, joining, ambassador decisions, curation."""

from datetime import timedelta

from django.contrib.admin.models import CHANGE, LogEntry
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns import notifications
from campaigns.models import (
    AmbassadorApplication,
    ApplicationStatus,
    Campaign,
    CampaignMember,
    CampaignRole,
    CampaignStatus,
    FeaturedFellow,
    Fellow,
    Story,
)
from campaigns.notifications import FELLOW_INVITATION
from campaigns.permissions import can_curate, can_delete_story
from core.content_cache import bump_content_version
from core.images import cover_file_names
from notifications.services import notify_address
from organizations.models import Venture

INVITATION_SALT = "campaigns.fellow-invitation"
INVITATION_MAX_AGE = timedelta(days=14)


class InvitationError(Exception):
    """The invitation link is invalid, expired, superseded, or meant for another address."""


def make_invitation_token(fellow) -> str:
    return signing.dumps({"fellow": fellow.pk, "email": fellow.invited_email}, salt=INVITATION_SALT)


def invite_fellow(*, fellow, email, invited_by, base_url="") -> str:
    """Record the invitation and email a signed, expiring link. A new invitation voids older ones."""
    with transaction.atomic():
        fellow = Fellow.objects.select_for_update().get(pk=fellow.pk)
        fellow.invited_email = email.strip().lower()
        fellow.invited_at = timezone.now()
        fellow.invited_by = invited_by
        fellow.save(update_fields=["invited_email", "invited_at", "invited_by", "updated_at"])
        token = make_invitation_token(fellow)
        link = base_url + reverse("campaigns:fellow_invitation", kwargs={"token": token})
        notify_address(
            email=fellow.invited_email,
            language=invited_by.language if invited_by else "",
            kind=FELLOW_INVITATION,
            target=fellow,
            actor=invited_by,
            data={"name": fellow.name, "url": link, "days": INVITATION_MAX_AGE.days},
        )
    return token


def fellow_for_invitation(token) -> Fellow:
    try:
        data = signing.loads(
            token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired as error:
        raise InvitationError(_("This invitation has expired. Ask us for a new one.")) from error
    except signing.BadSignature as error:
        raise InvitationError(_("This invitation link is not valid.")) from error
    fellow = Fellow.objects.filter(pk=data.get("fellow")).first()
    if fellow is None or fellow.invited_email != data.get("email"):
        raise InvitationError(_("This invitation is no longer valid. Ask us for a new one."))
    return fellow


def accept_fellow_invitation(*, token, user) -> Fellow:
    """Link the fellow record to the signed-in member whose address the invitation was sent to."""
    fellow = fellow_for_invitation(token)
    if user.email.strip().lower() != fellow.invited_email:
        raise InvitationError(
            _("This invitation was sent to another email address. Sign in with that address.")
        )
    with transaction.atomic():
        fellow = Fellow.objects.select_for_update().get(pk=fellow.pk)
        if fellow.user_id and fellow.user_id != user.pk:
            raise InvitationError(_("This fellow page is already linked to another account."))
        if Fellow.objects.filter(user=user).exclude(pk=fellow.pk).exists():
            raise InvitationError(_("Your account is already linked to another fellow page."))
        fellow.user = user
        fellow.linked_at = fellow.linked_at or timezone.now()
        fellow.save(update_fields=["user", "linked_at", "updated_at"])
        make_fellow_lead(fellow=fellow)
    return fellow


def make_fellow_lead(*, fellow, venture_ids=None) -> None:
    """Make the fellow's account a lead of their ventures (or of those in `venture_ids`).

    Organizations lets a venture's leads manage it (organizations.permissions.can_manage_venture)
    and knows nothing of fellows, so the link is kept here: on linking, and whenever ventures are
    added to a linked fellow (campaigns.signals). Adding an existing lead again is a no-op.
    """
    if fellow.user_id is None:
        return

    Lead = Venture.leads.through
    ventures = fellow.ventures.all()
    if venture_ids is not None:
        ventures = ventures.filter(pk__in=venture_ids)
    with transaction.atomic():
        Lead.objects.bulk_create(
            [
                Lead(venture_id=pk, user_id=fellow.user_id)
                for pk in ventures.values_list("pk", flat=True)
            ],
            ignore_conflicts=True,
        )


def drop_fellow_lead(*, fellow, venture_ids) -> None:
    """The fellow no longer leads these ventures: their account stops leading them, unless it is
    also on the venture's organization team (then the team chose it as lead)."""
    if fellow.user_id is None:
        return

    Venture.leads.through.objects.filter(
        user_id=fellow.user_id, venture_id__in=list(venture_ids)
    ).exclude(venture__organization__memberships__user_id=fellow.user_id).delete()


def join_campaign(*, campaign, user, role) -> CampaignMember:
    if campaign.status != CampaignStatus.LIVE:
        raise ValidationError(_("Only live campaigns can be joined."))
    if role not in (CampaignRole.SUPPORTER, CampaignRole.MENTOR):
        raise PermissionDenied(_("Ambassadors are approved by staff."))
    with transaction.atomic():
        membership, created = CampaignMember.objects.select_for_update().get_or_create(
            campaign=campaign, user=user, defaults={"role": role}
        )
        # An approved ambassador keeps that role; otherwise switching supporter/mentor is fine.
        if not created and membership.role != CampaignRole.AMBASSADOR and membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
    return membership


def leave_campaign(*, campaign, user) -> None:
    with transaction.atomic():
        CampaignMember.objects.filter(campaign=campaign, user=user).delete()


def request_ambassador(*, campaign, user, message="") -> AmbassadorApplication:
    if campaign.status != CampaignStatus.LIVE:
        raise ValidationError(_("Only live campaigns take ambassadors."))
    with transaction.atomic():
        profile = getattr(user, "profile", None)
        if profile is not None and not profile.wants_to_be_ambassador:
            profile.wants_to_be_ambassador = True
            profile.save(update_fields=["wants_to_be_ambassador", "updated_at"])
        application, created = AmbassadorApplication.objects.get_or_create(
            campaign=campaign, member=user, defaults={"message": message}
        )
        if not created and application.status == ApplicationStatus.DECLINED:
            application.status = ApplicationStatus.PENDING
            application.message = message or application.message
            application.save(update_fields=["status", "message"])
    return application


def _log_change(*, user, obj, message):
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def decide_ambassador(*, application, approve: bool, decided_by, note="") -> AmbassadorApplication:
    """Approve (the member becomes the campaign's ambassador) or decline. Staff only."""

    if not can_curate(decided_by):
        raise PermissionDenied
    with transaction.atomic():
        application = AmbassadorApplication.objects.select_for_update().get(pk=application.pk)
        previous_status = application.status
        application.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.DECLINED
        application.decided_by = decided_by
        application.decided_at = timezone.now()
        if note:
            application.note = note
        application.save(update_fields=["status", "decided_by", "decided_at", "note"])
        if approve:
            CampaignMember.objects.update_or_create(
                campaign_id=application.campaign_id,
                user_id=application.member_id,
                defaults={"role": CampaignRole.AMBASSADOR},
            )
        else:
            CampaignMember.objects.filter(
                campaign_id=application.campaign_id,
                user_id=application.member_id,
                role=CampaignRole.AMBASSADOR,
            ).update(role=CampaignRole.SUPPORTER)
            bump_content_version()  # an update sends no signal; the page lists ambassadors
        _log_change(
            user=decided_by,
            obj=application,
            message=f"Ambassador application {application.status}",
        )
        if application.status != previous_status:
            transaction.on_commit(lambda: notifications.ambassador_decided(application))
    return application


def delete_story(*, story, by) -> None:
    """The author deletes their story for good; its image leaves storage once that commits."""

    if not can_delete_story(by, story):
        raise PermissionDenied
    images = cover_file_names(story.image.name, story.image_width) if story.image else []
    storage = story.image.storage
    with transaction.atomic():
        story.delete()
        if images:
            transaction.on_commit(lambda: [storage.delete(name) for name in images])


def set_fellows_published(*, fellows, published: bool, by) -> int:
    """Bulk publish/unpublish, with one admin history entry per fellow changed."""
    with transaction.atomic():
        changed = list(
            Fellow.objects.filter(pk__in=[f.pk for f in fellows]).exclude(is_published=published)
        )
        Fellow.objects.filter(pk__in=[f.pk for f in changed]).update(
            is_published=published, updated_at=timezone.now()
        )
        if changed:
            bump_content_version()  # an update sends no signal; visitors' pages list fellows
        message = "Published (bulk action)" if published else "Unpublished (bulk action)"
        for fellow in changed:
            _log_change(user=by, obj=fellow, message=message)
    return len(changed)


def feature_fellows(*, campaign: Campaign, fellows, by) -> int:
    """Add fellows to a campaign's featured list, after those already there. Returns how many."""
    with transaction.atomic():
        existing = set(
            FeaturedFellow.objects.filter(campaign=campaign).values_list("fellow_id", flat=True)
        )
        next_order = (
            FeaturedFellow.objects.filter(campaign=campaign).aggregate(top=Max("order"))["top"] or 0
        )
        added = []
        for fellow in fellows:
            if fellow.pk in existing:
                continue
            next_order += 1
            added.append(FeaturedFellow(campaign=campaign, fellow=fellow, order=next_order))
        FeaturedFellow.objects.bulk_create(added)
        if added:
            bump_content_version()  # bulk_create sends no signal
        for featured in added:
            _log_change(user=by, obj=featured.fellow, message=f"Featured in {campaign}")
    return len(added)


def draft_story_from_outcome(*, check_in, author):
    """A shared outcome (organizations.signals.outcome_shared) as a draft story for the person who
    shared it to edit and publish (published_at stays empty: only its author sees it). Filed
    under a public campaign featuring a fellow of the venture, if there is one."""

    collaboration = check_in.collaboration
    need = collaboration.need
    venture = need.venture
    campaign = (
        Campaign.objects.public()
        .filter(featured__fellow__ventures=venture, featured__fellow__is_published=True)
        .order_by("-pk")
        .first()
    )
    with translation.override(getattr(author, "language", None) or None):
        intro = _("%(helper)s helped %(venture)s with “%(need)s”.") % {
            "helper": collaboration.helper.get_full_name(),
            "venture": venture.name,
            "need": need.title,
        }
    return Story.objects.create(
        author=author,
        campaign=campaign,
        title=f"{venture.name}: {need.title}"[:200],
        body=f"{intro}\n\n{check_in.what_changed}",
        published_at=None,
    )
