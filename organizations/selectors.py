"""Reads that span organizations' models."""

from django.db.models import Count, Q

from members.models import listed_people
from organizations.models import Match, Need, NeedStatus


def needs_for_member(user, *, limit=5):
    """Open needs for a member, best matches first, each with `match_reasons` (phrases) attached.

    Without stored matches (a new member, or matching off) it falls back to shared skills first,
    then matching ways to help; those needs carry empty `match_reasons`.
    """
    from organizations.matching import explain

    if user is None or not user.is_authenticated:
        return []
    matches = list(
        Match.objects.filter(
            user=user,
            need__status=NeedStatus.OPEN,
            need__is_hidden=False,
            need__venture__is_hidden=False,
            need__venture__organization__is_hidden=False,
        )
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
    from organizations.matching import explain

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
