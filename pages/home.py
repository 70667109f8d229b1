"""Reads for the home page. Each section is one small function; add a section by adding one here
and a block in templates/home.html."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus, FeaturedFellow, Story
from conversations import unread
from conversations.selectors import incoming_requests
from core.content_cache import member_cached, versioned_key
from events.models import Event, EventStatus, Registration, RegistrationState
from members.permissions import mark_names_shown
from organizations.models import (
    Invitation,
    JoinRequest,
    JoinRequestState,
    Membership,
    Need,
    Offer,
    Role,
)
from organizations.services import invitation_url
from pages.impact import headline_figures
from translations.selectors import reads_several_languages


def visitor_cache_key(language: str, zone: str = "") -> str:
    """Per language and time zone: the page shows the next events' times."""
    return versioned_key("home:visitor", language, zone)


def live_campaign():
    return Campaign.objects.filter(status=CampaignStatus.LIVE).order_by("-starts_on", "-pk").first()


def campaign_fellows(campaign, *, limit=6):
    if campaign is None:
        return []
    return list(
        FeaturedFellow.objects.filter(campaign=campaign, fellow__is_published=True)
        .select_related("fellow")
        .order_by("order", "pk")[:limit]
    )


def open_needs(*, limit=6):
    return list(
        Need.objects.open()
        .select_related("venture__organization")
        .prefetch_related("skills")
        .with_offer_count()
        .order_by("-created_at")[:limit]
    )


def upcoming_events(*, limit=3):
    """Published events not over yet."""
    return list(
        Event.objects.upcoming()
        .select_related("organization", "campaign")
        .with_going_count()[:limit]
    )


def latest_stories(*, limit=3):
    """For visitors: the page is cached for everyone, so names are those a visitor may see."""
    stories = list(Story.objects.visible().select_related("author__profile", "campaign")[:limit])
    mark_names_shown([story.author for story in stories], AnonymousUser())
    return stories


def visitor_sections() -> dict:
    campaign = live_campaign()
    needs, events, stories = open_needs(), upcoming_events(), latest_stories()
    return {
        "figures": headline_figures(),
        "live_campaign": campaign,
        "fellows": campaign_fellows(campaign),
        "open_needs": needs,
        "upcoming_events": events,
        "latest_stories": stories,
        # The page's cards together: their translations into the reader's language in one query.
        "cards": [*needs, *events, *stories],
    }


def member_offers(user, *, limit=5):
    # Most members have made no offer: one narrow query then, and the needs only when there are.
    needs = Need.objects.select_related("venture__organization")
    return list(
        Offer.objects.filter(member=user)
        .prefetch_related(Prefetch("need", queryset=needs))
        .order_by("-created_at")[:limit]
    )


def unanswered_offers(user, memberships, *, limit=5):
    """Pending offers on needs of organizations where the member is an admin or editor (given
    their memberships, already read for the page: most members edit no team, and skip the query),
    but their own (organizations.permissions.can_answer_offer: the rest of the team answers it)."""
    teams = [m.organization_id for m in memberships if m.role in (Role.ADMIN, Role.EDITOR)]
    if not teams:
        return []
    return list(
        Offer.objects.filter(state="pending", need__venture__organization_id__in=teams)
        .exclude(member=user)
        .select_related("need__venture__organization", "member__profile")
        .order_by("created_at")[:limit]
    )


def member_organizations(user):
    return list(
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name")
    )


def next_events(user, *, limit=3):
    """The member's registrations (going or waitlisted) for published events not over yet."""
    return list(
        Registration.objects.filter(
            user=user,
            state__in=[RegistrationState.GOING, RegistrationState.WAITLISTED],
            event__status=EventStatus.PUBLISHED,
            event__ends_at__gte=timezone.now(),
            event__is_hidden=False,
        )
        # Nor events of an organization the moderators hid (Event.objects.visible()).
        .filter(Q(event__organization__isnull=True) | Q(event__organization__is_hidden=False))
        .select_related("event")
        .order_by("event__starts_at")[:limit]
    )


def my_invitations(user, *, limit=5):
    """Pending invitations to the member's verified address (the page links each one's signed URL,
    as the email does). Read with their organization."""
    return [
        (invitation, invitation_url(invitation))
        for invitation in Invitation.objects.pending()
        .filter(email__iexact=user.email)
        .select_related("organization")
        .order_by("-pk")[:limit]
    ]


def join_requests_to_decide(memberships, *, limit=5):
    """Pending requests to join the organizations the member administers (none read when they
    administer none)."""
    teams = [m.organization_id for m in memberships if m.role == Role.ADMIN]
    if not teams:
        return []
    return list(
        JoinRequest.objects.filter(state=JoinRequestState.PENDING, organization_id__in=teams)
        .select_related("organization", "user__profile")
        .order_by("created_at")[:limit]
    )


def member_reads(user) -> dict:
    """The home's sections read from the database, kept per member (core.content_cache
    .member_cached): the apps whose rows they show drop the copy when those rows change."""
    memberships = member_organizations(user)
    return {
        "my_offers": member_offers(user),
        "unanswered_offers": unanswered_offers(user, memberships),
        "my_organizations": memberships,
        "message_requests": incoming_requests(user).count(),
        "invitations": my_invitations(user),
        "join_requests": join_requests_to_decide(memberships),
        "next_events": next_events(user),
    }


def member_sections(user) -> dict:
    """ "Needs for you" is not here: the page loads it with htmx from organizations:needs_for_you
    (organizations.selectors.needs_for_member), so the scored query never delays the page."""
    profile = getattr(user, "profile", None)
    return {
        **member_cached(user.pk, "home", lambda: member_reads(user)),
        # Read on every view: unread counts live in Redis (conversations.unread), the profile
        # comes with the signed-in member.
        "unread_conversations": unread.count(user),
        "profile_incomplete": profile is None or not profile.is_complete,
        # "Asked to help" (loaded after the page, as "Needs for you"): members who read several
        # languages carry needs across them.
        "reads_several_languages": profile is not None
        and reads_several_languages(profile.languages),
    }
