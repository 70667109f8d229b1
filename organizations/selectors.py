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


class Page:
    """A page of results without COUNT(*): fetch one row more than shown to know if there is a next."""

    def __init__(self, items, number, has_next):
        self.items = items
        self.number = number
        self.has_next = has_next
        self.has_previous = number > 1
        self.next_page_number = number + 1
        self.previous_page_number = number - 1

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


def page_of(queryset, request, *, page_size=20, max_page=500):
    try:
        number = max(1, min(int(request.GET.get("page", 1)), max_page))
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * page_size
    rows = list(queryset[start : start + page_size + 1])
    return Page(rows[:page_size], number, len(rows) > page_size)
