from django import template
from django.utils.translation import gettext as _

from conversations import permissions, selectors, unread
from conversations.forms import AttendeeMessageForm
from core.faces import anonymous_svg
from core.templatetags.icons import icon
from members.templatetags.faces import avatar

register = template.Library()


@register.filter
def member_name(user) -> str:
    """A member's name, or "deleted member" once they left the platform."""
    if user is None or user.email.endswith("@deleted.invalid"):
        return _("deleted member")
    return user.get_full_name()


@register.simple_tag(takes_context=True)
def conversation_title(context, conversation) -> str:
    """Who the viewer is talking to: the other member; in a team conversation, the need (and, for
    the team, its helper)."""
    user = context["request"].user
    others = ", ".join(
        member_name(other) for other in permissions.other_members(user, conversation)
    )
    if conversation.is_team:
        need = conversation.need.title if conversation.need else _("a need")
        if permissions.is_member_of(user, conversation):
            venture = conversation.venture.name if conversation.venture else ""
            return _("%(need)s · the team of %(venture)s") % {"need": need, "venture": venture}
        return _("%(need)s · with %(helper)s") % {"need": need, "helper": others}
    return others or _("deleted member")


@register.inclusion_tag("conversations/_nav_link.html", takes_context=True)
def messages_nav_link(context):
    """The header's link with the number of conversations holding unread messages (cached)."""
    return {"unread": unread.count(context["request"].user)}


@register.inclusion_tag("conversations/_connect.html", takes_context=True)
def connect_action(context, other):
    """On a profile: write to them, wait for their answer, answer theirs, or ask to connect."""
    user = context["request"].user
    state = None
    conversation = None
    if user.is_authenticated and user.pk != other.pk:
        conversation = selectors.direct_conversation_between(user, other)
        if conversation is not None and not conversation.is_closed:
            state = "connected"
        elif selectors.pending_request_between(user, other) is not None:
            state = "sent"
        elif selectors.pending_request_between(other, user) is not None:
            state = "received"
        elif permissions.can_contact(user, other):
            state = "ask"
    return {"state": state, "conversation": conversation, "other": other}


@register.inclusion_tag("conversations/_attendee_form.html", takes_context=True)
def attendee_message_form(context, event):
    """The organizer's form on the event's attendee page (it posts to this app)."""

    return {
        "form": AttendeeMessageForm(),
        "event": event,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def conversation_face(context, conversation, size=40):
    """The face beside a conversation in the list: the other member's (their photo or initials;
    participants see each other's names), or an icon for a team conversation."""
    user = context["request"].user
    if conversation.is_team and permissions.is_member_of(user, conversation):
        return icon("chat-bubble-left-right", size=size, css_class="card-icon")
    others = permissions.other_members(user, conversation)
    other = others[0] if others else None
    if other is None or other.email.endswith("@deleted.invalid"):
        return anonymous_svg(size=size)
    profile = getattr(other, "profile", None)
    return avatar(context, profile if profile is not None else other, size, decorative=True)
