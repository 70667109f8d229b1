"""Keep matches current. Signals (not services) because members must not import organizations:
a profile saved by the members app still has to trigger matching here."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import Signal

from core.content_cache import forget_member, watch_member_content
from core.dispatch import enqueue
from members.models import Profile, ProfileSkill, User
from organizations import tasks
from organizations.models import (
    Invitation,
    JoinRequest,
    Match,
    Membership,
    Need,
    NeedSkill,
    Offer,
    Role,
)

# Sent inside the transaction that accepts (kwargs: `offer`, `join_request`): apps above this one
# (conversations opens a conversation between the people concerned) hook in without this app
# knowing them.
offer_accepted = Signal()
join_request_accepted = Signal()

# Sent inside organizations.services.answer_check_in's transaction when a side answers with an
# outcome it lets be shared publicly: `check_in` (its collaboration, need and venture loaded) and
# `author` (who answered). Apps above (campaigns) connect to it to make a draft story; a receiver
# returns what it made (anything with get_absolute_url) so the answering page can link to it.
outcome_shared = Signal()


def need_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return

    enqueue(tasks.match_need, instance.pk)


def need_skills_changed(sender, instance, action, reverse=False, **kwargs):
    if action.startswith("post_") and not reverse and isinstance(instance, Need):
        enqueue(tasks.match_need, instance.pk)


def profile_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return

    enqueue(tasks.match_member, instance.pk)


def profile_skills_changed(sender, instance, action, reverse=False, **kwargs):
    if action.startswith("post_") and not reverse and isinstance(instance, Profile):
        enqueue(tasks.match_member, instance.pk)


def offer_saved(sender, instance, raw=False, **kwargs):
    """Someone who offered is no longer a match for that need."""
    if raw:
        return
    Match.objects.filter(need_id=instance.need_id, user_id=instance.member_id).delete()


# Whose own pages (the home's sections, pages.home) show these rows: their cached copies are
# dropped when the rows change (core.content_cache.watch_member_content).
def invitees(invitation):
    """Members whose home lists the invitation: it names their address."""
    return User.objects.filter(email__iexact=invitation.email).values_list("pk", flat=True)


def team_admins(organization_id):
    """Who decides on join requests: their home lists the pending ones."""
    return Membership.objects.filter(organization_id=organization_id, role=Role.ADMIN).values_list(
        "user_id", flat=True
    )


def forget_invitees(invitation):
    """For writes that send no signal (an update)."""
    forget_member(*invitees(invitation))


def connect():
    watch_member_content(Membership, lambda membership: [membership.user_id])
    watch_member_content(Invitation, invitees)
    watch_member_content(JoinRequest, lambda request: team_admins(request.organization_id))
    post_save.connect(need_saved, sender=Need, dispatch_uid="matching_need_saved")
    post_save.connect(profile_saved, sender=Profile, dispatch_uid="matching_profile_saved")
    post_save.connect(offer_saved, sender=Offer, dispatch_uid="matching_offer_saved")
    m2m_changed.connect(need_skills_changed, sender=NeedSkill, dispatch_uid="matching_need_skills")
    m2m_changed.connect(
        profile_skills_changed, sender=ProfileSkill, dispatch_uid="matching_profile_skills"
    )
