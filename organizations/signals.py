"""Keep matches current. Signals (not services) because members must not import organizations:
a profile saved by the members app still has to trigger matching here."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import Signal

from core.dispatch import enqueue
from members.models import Profile, ProfileSkill
from organizations import tasks
from organizations.models import Match, Need, NeedSkill, Offer

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


def connect():
    post_save.connect(need_saved, sender=Need, dispatch_uid="matching_need_saved")
    post_save.connect(profile_saved, sender=Profile, dispatch_uid="matching_profile_saved")
    post_save.connect(offer_saved, sender=Offer, dispatch_uid="matching_offer_saved")
    m2m_changed.connect(need_skills_changed, sender=NeedSkill, dispatch_uid="matching_need_skills")
    m2m_changed.connect(
        profile_skills_changed, sender=ProfileSkill, dispatch_uid="matching_profile_skills"
    )
