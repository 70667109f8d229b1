"""Reads that span organizations' models."""

import math
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from members.models import Profile, listed_people
from organizations.matching import explain
from organizations.models import (
    Collaboration,
    CollaborationState,
    Match,
    Need,
    Offer,
    OfferState,
    Venture,
)

# "Usually answers within N days": the median of the organization's last real answers, shown
# only once there are enough of them to mean something.
ANSWER_TIME_SAMPLE = 20
ANSWER_TIME_MINIMUM = 3


def needs_for_member(user, *, limit=5):
    """Open needs for a member, best matches first, each with `match_reasons` (phrases) attached.

    Without stored matches (a new member, or matching off) it falls back to shared skills first,
    then matching ways to help; those needs carry empty `match_reasons`.
    """

    if user is None or not user.is_authenticated:
        return []
    matches = list(
        Match.objects.filter(user=user, need__in=Need.objects.open())
        .select_related("need__venture__organization")
        .order_by("-score", "-need__created_at")[:limit]
    )
    if matches:
        needs = []
        for match in matches:
            need = match.need
            need.match_score = match.score
            need.match_reasons = explain(match.reasons)
            needs.append(need)
        return needs
    profile = getattr(user, "profile", None)
    needs = Need.objects.open().select_related("venture", "venture__organization")
    if profile is None or not profile.allow_matching:
        return []
    skill_ids = list(profile.skill_items.values_list("tag_id", flat=True))
    needs = list(
        needs.annotate(
            shared_skills=Count("skill_items", filter=Q(skill_items__tag_id__in=skill_ids))
        )
        .filter(Q(shared_skills__gt=0) | Q(category__in=profile.ways_to_help))
        .exclude(offers__member=user)
        .order_by("-shared_skills", "-created_at")[:limit]
    )
    for need in needs:
        need.match_score = None
        need.match_reasons = []
    return needs


def suggested_members_for_need(need, *, viewer=None, limit=10):
    """The best matched members of a need who allow being suggested and whom `viewer` may see.

    Returns Match rows with `user.profile` loaded and `explanation` (phrases) attached.
    """

    matches = (
        Match.objects.filter(
            listed_people(viewer), need=need, user__profile__allow_suggestions=True
        )
        .select_related("user__profile")
        .order_by("-score", "user_id")
    )
    matches = list(matches if limit is None else matches[:limit])
    for match in matches:
        match.explanation = explain(match.reasons)
    return matches


def typical_answer_days(organization) -> int | None:
    """Whole days (at least 1) within which the organization usually answers an offer: the median
    of its last ANSWER_TIME_SAMPLE answers by a person (not offers closed unanswered); None below
    ANSWER_TIME_MINIMUM answers."""
    answered = (
        Offer.objects.for_organization(organization)
        .filter(
            state__in=[OfferState.ACCEPTED, OfferState.DECLINED],
            answered_at__isnull=False,
            answered_by__isnull=False,
        )
        .order_by("-answered_at")
        .values_list("created_at", "answered_at")[:ANSWER_TIME_SAMPLE]
    )
    seconds = [
        max((answered_at - created_at).total_seconds(), 0) for created_at, answered_at in answered
    ]
    if len(seconds) < ANSWER_TIME_MINIMUM:
        return None
    return max(1, math.ceil(statistics.median(seconds) / 86400))


@dataclass
class Contributions:
    ventures: list = field(default_factory=list)
    hours: int = 0
    thanks: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.ventures or self.thanks)


def contributions_of(user) -> Contributions:
    """What a member's help did, for their profile: the public ventures they helped (help that
    took place), hours given, and the teams' thank-you notes. Three queries."""
    helped = Collaboration.objects.helped().filter(
        helper=user, need__in=Need.objects.visible().values("pk")
    )
    ventures = list(
        Venture.objects.visible()
        .filter(needs__collaborations__in=helped)
        .select_related("organization")
        .distinct()
        .order_by("name")
    )
    hours = helped.aggregate(total=Sum("hours"))["total"] or 0
    thanks = list(
        helped.exclude(thanks="")
        .select_related("organization", "need")
        .order_by("-thanked_at")
        .only("thanks", "thanked_at", "organization__name", "organization__slug", "need__title")
    )
    return Contributions(ventures=ventures, hours=hours, thanks=thanks)


def credited_helpers(need, *, viewer=None):
    """The helpers a fulfilled need credits by name: help done, and their consent
    (Profile.show_contributions) on a profile the viewer may see."""
    return list(
        Profile.objects.visible_to(viewer)
        .filter(
            show_contributions=True,
            user__collaborations__need=need,
            user__collaborations__state=CollaborationState.DONE,
        )
        .select_related("user")
        .order_by("display_name")
    )
