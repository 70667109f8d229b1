"""What opens and closes conversations elsewhere on the platform, hooked in without those apps
knowing this one: organizations' acceptance signals, and members' blocks."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from conversations import poll, services, unread
from conversations.models import ConnectionRequest
from core.content_cache import watch_member_content
from members.blocking import is_blocked_between
from members.models import Block, User
from organizations.models import Membership, Venture
from organizations.signals import join_request_accepted, offer_accepted


def open_for_offer(sender, offer, **kwargs):
    """An accepted offer: the team and the helper talk here, without asking again."""
    if offer.answered_by_id and is_blocked_between(offer.member, offer.answered_by):
        return
    services.open_offer_conversation(offer=offer)


def open_for_join_request(sender, join_request, **kwargs):
    """An accepted join request: the new member and whoever accepted them."""
    if join_request.decided_by is None or join_request.decided_by_id == join_request.user_id:
        return
    if is_blocked_between(join_request.user, join_request.decided_by):
        return
    services.open_direct_conversation(
        first=join_request.user,
        second=join_request.decided_by,
        opening_author=join_request.user,
        opening_text=join_request.message,
    )


def close_on_block(sender, instance, created=False, raw=False, **kwargs):
    if raw or not created:
        return
    services.close_conversations_between(instance.blocker_id, instance.blocked_id)
    services.decline_requests_between(instance.blocker_id, instance.blocked_id)


def readers_changed(user_ids) -> None:
    """Who reads which team conversations changed for these members: their unread count is
    counted afresh and their polls go through the full checks again."""
    user_ids = list(user_ids)
    unread.forget(user_ids=user_ids)
    poll.revoke(user_ids=user_ids)


def on_membership(sender, instance, raw=False, **kwargs):
    """Joining, leaving or changing role on a team changes which team conversations they read."""
    if not raw:
        readers_changed([instance.user_id])


def on_lead(sender, instance, raw=False, **kwargs):
    if not raw:
        readers_changed([instance.user_id])


def on_leads_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and not reverse:
        readers_changed(instance.leads.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove", "pre_clear"):
        readers_changed([instance.pk] if reverse else pk_set or ())


def on_account_saved(sender, instance, raw=False, **kwargs):
    """A new password, a deactivation, a sign-in: their polls go through the full checks."""
    if not raw:
        poll.revoke(user_ids=[instance.pk])


def connect() -> None:
    # A member's home counts the requests to talk with them.
    watch_member_content(ConnectionRequest, lambda request: [request.recipient_id])
    offer_accepted.connect(open_for_offer, dispatch_uid="conversations_offer_accepted")
    join_request_accepted.connect(
        open_for_join_request, dispatch_uid="conversations_join_request_accepted"
    )
    post_save.connect(close_on_block, sender=Block, dispatch_uid="conversations_block_closes")
    leads = Venture.leads.through
    for signal in (post_save, post_delete):
        signal.connect(on_membership, sender=Membership, dispatch_uid="conversations_team")
        signal.connect(on_lead, sender=leads, dispatch_uid="conversations_lead")
    m2m_changed.connect(on_leads_changed, sender=leads, dispatch_uid="conversations_leads")
    post_save.connect(on_account_saved, sender=User, dispatch_uid="conversations_account")
