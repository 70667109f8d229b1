"""Reads that span organizations' models."""

from django.db.models import Count, Q

from organizations.models import Need


def needs_for_member(user, *, limit=5):
    """Open needs that fit a member: most shared skills first, then matching ways to help.

    Matching (organizations/matching) refines this with scored, explained matches.
    """
    profile = getattr(user, "profile", None)
    needs = Need.objects.open().select_related("venture", "venture__organization")
    if profile is None:
        return list(needs[:limit])
    skill_ids = list(profile.skill_items.values_list("tag_id", flat=True))
    return list(
        needs.annotate(
            shared_skills=Count("skill_items", filter=Q(skill_items__tag_id__in=skill_ids))
        )
        .filter(Q(shared_skills__gt=0) | Q(category__in=profile.ways_to_help))
        .order_by("-shared_skills", "-created_at")[:limit]
    )
