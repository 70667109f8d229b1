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
    NeedSkill,
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
    if profile is None or not profile.allow_matching:
        return []
    candidates = (
        Need.objects.open()
        .exclude(offers__member=user)
        .select_related("venture", "venture__organization")
    )
    skill_ids = list(profile.skill_items.values_list("tag_id", flat=True))
    # Needs sharing a skill, most shared first, found through the skills (a few of the open
    # needs): counting shared skills over every open need took 200 ms at 16,000 of them.
    needs = list(
        candidates.filter(
            pk__in=NeedSkill.objects.filter(tag_id__in=skill_ids).values("content_object_id")
        )
        .annotate(shared=Count("skill_items", filter=Q(skill_items__tag_id__in=skill_ids)))
        .order_by("-shared", "-created_at")[:limit]
    )
    # Then, if there is room, the newest needs of a kind of help the member offers.
    if len(needs) < limit and profile.ways_to_help:
        needs += (
            candidates.filter(category__in=profile.ways_to_help)
            .exclude(pk__in=[need.pk for need in needs])
            .order_by("-created_at")[: limit - len(needs)]
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
