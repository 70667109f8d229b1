"""Impact figures: aggregate reads across every app, in a few set-based queries.

Privacy rules live here and nowhere else:
- `public_count` (core.disclosure) is the one place deciding how a count of people is published:
  every count of people, totals included, is rounded to a base of 5, and 1-4 is never shown.
- only people a visitor may see listed are counted (`counted_profiles`, members.models.listed_people).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce, TruncMonth
from django_countries import countries

# The publishing rule, re-exported for the impact pages, CSV and SVG (pages.impact.public_count).
from core.disclosure import FEWER_THAN, SMALL_COUNT, is_suppressed, public_count
from events.models import Event, RegistrationState
from members.models import Profile, listed_people
from organizations.models import (
    CheckIn,
    Collaboration,
    CollaborationState,
    Need,
    NeedCategory,
    NeedStatus,
    NeedStatusChange,
    Offer,
    Organization,
)


@dataclass(frozen=True)
class ImpactFilter:
    campaign: object | None = None  # campaigns.Campaign
    origin: str = ""  # ISO 3166-1 alpha-2

    def as_dict(self):
        return {
            "campaign": self.campaign.slug if self.campaign else None,
            "origin": self.origin or None,
        }


def counted_profiles(impact_filter: ImpactFilter | None = None):
    """Profiles that may be counted: those a visitor may see listed (members.models.listed_people:
    public, not hidden by staff, active accounts)."""
    profiles = Profile.objects.visible_to(None)
    if impact_filter and impact_filter.campaign is not None:
        profiles = profiles.filter(user__campaign_memberships__campaign=impact_filter.campaign)
    if impact_filter and impact_filter.origin:
        profiles = profiles.filter(country_of_origin=impact_filter.origin)
    return profiles


def counted_people_q(prefix: str, impact_filter: ImpactFilter | None = None) -> Q:
    """The same rule as counted_profiles through a user relation (`member__`)."""
    q = listed_people(None, user=prefix)
    if impact_filter and impact_filter.campaign is not None:
        q &= Q(**{f"{prefix}campaign_memberships__campaign": impact_filter.campaign})
    if impact_filter and impact_filter.origin:
        q &= Q(**{f"{prefix}profile__country_of_origin": impact_filter.origin})
    return q


def _needs(impact_filter: ImpactFilter | None):
    needs = Need.objects.visible().exclude(status=NeedStatus.DRAFT)
    if impact_filter and impact_filter.campaign is not None:
        # A campaign's needs are those of the ventures its featured fellows lead (as on its page).
        needs = needs.filter(
            venture__fellows__featured_in__campaign=impact_filter.campaign,
            venture__fellows__is_published=True,
        )
    if impact_filter and impact_filter.origin:
        needs = needs.filter(
            Q(country=impact_filter.origin) | Q(venture__countries__contains=impact_filter.origin)
        )
    return needs


def _organizations(impact_filter: ImpactFilter | None):
    organizations = Organization.objects.visible()
    if impact_filter and impact_filter.campaign is not None:
        # Those whose ventures the campaign's featured fellows lead, as for its needs.
        organizations = organizations.filter(
            pk__in=_needs(ImpactFilter(campaign=impact_filter.campaign)).values(
                "venture__organization_id"
            )
        )
    return organizations


def headline_figures(impact_filter: ImpactFilter | None = None) -> dict:
    """Members, countries of origin and residence, organizations, needs fulfilled (3 queries)."""
    people = counted_profiles(impact_filter).aggregate(
        members=Count("pk"),
        countries_of_origin=Count(
            "country_of_origin", distinct=True, filter=~Q(country_of_origin="")
        ),
        countries_of_residence=Count(
            "country_of_residence", distinct=True, filter=~Q(country_of_residence="")
        ),
    )
    needs = _needs(impact_filter).aggregate(
        needs_fulfilled=Count("pk", filter=Q(status=NeedStatus.FULFILLED), distinct=True),
        needs_open=Count("pk", filter=Q(status=NeedStatus.OPEN), distinct=True),
    )
    return {
        "members": public_count(people["members"]),
        "countries_of_origin": people["countries_of_origin"],
        "countries_of_residence": people["countries_of_residence"],
        "organizations": _organizations(impact_filter).count(),
        **needs,
    }


def _drawn(value: int) -> int:
    """The size a map or chart draws a count at: the published count (a suppressed one at 1), so
    line widths and shades reveal no more than the published figures."""
    published = public_count(value)
    return 1 if is_suppressed(published) else published


def members_by_residence(impact_filter: ImpactFilter | None = None) -> list[dict]:
    rows = (
        counted_profiles(impact_filter)
        .exclude(country_of_residence="")
        .values("country_of_residence")
        .annotate(members=Count("pk"))
        .order_by("-members", "country_of_residence")
    )
    # Ordered by the published counts: the raw order would rank cells published alike.
    rows = sorted(rows, key=lambda row: (-_drawn(row["members"]), row["country_of_residence"]))
    return [
        {
            "country": row["country_of_residence"],
            "name": str(countries.name(row["country_of_residence"])),
            "members": public_count(row["members"]),
            "_raw": _drawn(row["members"]),
        }
        for row in rows
    ]


def flows(impact_filter: ImpactFilter | None = None) -> list[dict]:
    """Counts of members per (country of origin → country of residence), where they differ."""
    rows = (
        counted_profiles(impact_filter)
        .exclude(country_of_origin="")
        .exclude(country_of_residence="")
        .exclude(country_of_origin=F("country_of_residence"))
        .values("country_of_origin", "country_of_residence")
        .annotate(members=Count("pk"))
        .order_by("-members", "country_of_origin", "country_of_residence")
    )
    rows = sorted(
        rows,
        key=lambda row: (
            -_drawn(row["members"]),
            row["country_of_origin"],
            row["country_of_residence"],
        ),
    )
    return [
        {
            "origin": row["country_of_origin"],
            "origin_name": str(countries.name(row["country_of_origin"])),
            "residence": row["country_of_residence"],
            "residence_name": str(countries.name(row["country_of_residence"])),
            "members": public_count(row["members"]),
            "_raw": _drawn(row["members"]),
        }
        for row in rows
    ]


def needs_by_category(impact_filter: ImpactFilter | None = None) -> list[dict]:
    """Needs per category with their current status (one query)."""
    rows = {
        row["category"]: row
        for row in _needs(impact_filter)
        .values("category")
        .annotate(
            open=Count("pk", filter=Q(status=NeedStatus.OPEN), distinct=True),
            in_progress=Count("pk", filter=Q(status=NeedStatus.IN_PROGRESS), distinct=True),
            fulfilled=Count("pk", filter=Q(status=NeedStatus.FULFILLED), distinct=True),
            closed=Count("pk", filter=Q(status=NeedStatus.CLOSED), distinct=True),
        )
        .order_by()
    }
    result = []
    for value, label in NeedCategory.choices:
        row = rows.get(value, {})
        result.append(
            {
                "category": value,
                "label": str(label),
                "open": row.get("open", 0),
                "in_progress": row.get("in_progress", 0),
                "fulfilled": row.get("fulfilled", 0),
                "closed": row.get("closed", 0),
            }
        )
    return result


def needs_over_time(impact_filter: ImpactFilter | None = None) -> list[dict]:
    """Per month: needs opened, fulfilled and closed, from the status history (one query)."""
    rows = (
        NeedStatusChange.objects.filter(need__in=_needs(impact_filter).values("pk"))
        .annotate(month=TruncMonth("changed_at"))
        .values("month")
        .annotate(
            opened=Count(
                "need",
                filter=Q(to_status=NeedStatus.OPEN) & ~Q(from_status=NeedStatus.IN_PROGRESS),
                distinct=True,
            ),
            fulfilled=Count("need", filter=Q(to_status=NeedStatus.FULFILLED), distinct=True),
            closed=Count("need", filter=Q(to_status=NeedStatus.CLOSED), distinct=True),
        )
        .order_by("month")
    )
    return [
        {
            "month": row["month"].strftime("%Y-%m"),
            "opened": row["opened"],
            "fulfilled": row["fulfilled"],
            "closed": row["closed"],
        }
        for row in rows
    ]


def _offers(impact_filter: ImpactFilter | None):
    """Offers by counted people; for a campaign, the offers on its needs (the needs its page
    shows), whoever made them."""
    if impact_filter is None or impact_filter.campaign is None:
        return Offer.objects.filter(counted_people_q("member__", impact_filter))
    people = counted_people_q("member__", ImpactFilter(origin=impact_filter.origin))
    campaign_needs = _needs(ImpactFilter(campaign=impact_filter.campaign))
    return Offer.objects.filter(people, need__in=campaign_needs.values("pk"))


def _offer_months(impact_filter: ImpactFilter | None):
    """Raw per-month counts: offers made (by creation month) and accepted (by answer month)."""
    offers = _offers(impact_filter)
    made = dict(
        offers.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
        .order_by()
    )
    accepted = dict(
        offers.filter(state="accepted")
        .annotate(month=TruncMonth(Coalesce("answered_at", "created_at")))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
        .order_by()
    )
    return made, accepted


def _offers_by_month(months) -> list[dict]:
    made, accepted = months
    return [
        {
            "month": month.strftime("%Y-%m"),
            "made": public_count(made.get(month, 0)),
            "accepted": public_count(accepted.get(month, 0)),
        }
        for month in sorted(set(made) | set(accepted))
    ]


def _offer_totals(months) -> dict:
    made, accepted = months
    return {
        "made": public_count(sum(made.values())),
        "accepted": public_count(sum(accepted.values())),
    }


def offers_over_time(impact_filter: ImpactFilter | None = None) -> list[dict]:
    """Per month: offers made and accepted (two queries)."""
    return _offers_by_month(_offer_months(impact_filter))


def offer_totals(impact_filter: ImpactFilter | None = None) -> dict:
    return _offer_totals(_offer_months(impact_filter))


def events_over_time(impact_filter: ImpactFilter | None = None) -> list[dict]:
    """Per month: published events that have ended, and their attendance (registrations marked
    going, by counted members only). One query."""
    events = Event.objects.past()
    if impact_filter and impact_filter.campaign is not None:
        events = events.filter(campaign=impact_filter.campaign)
    rows = (
        events.annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(
            held=Count("pk", distinct=True),
            attendance=Count(
                "registrations",
                filter=Q(registrations__state=RegistrationState.GOING)
                & counted_people_q("registrations__user__", impact_filter),
                distinct=True,
            ),
        )
        .order_by("month")
    )
    return [
        {
            "month": row["month"].strftime("%Y-%m"),
            "held": row["held"],
            "attendance": public_count(row["attendance"]),
        }
        for row in rows
    ]


# --- Outcomes of accepted offers ------------------------------------------------------------------
def _collaborations(impact_filter: ImpactFilter | None):
    """Help that took place on the counted needs (a campaign's: its ventures'), by counted
    helpers (an origin filter is the helpers' country of origin)."""
    campaign_only = ImpactFilter(campaign=impact_filter.campaign if impact_filter else None)
    people_only = ImpactFilter(origin=impact_filter.origin if impact_filter else "")
    return (
        Collaboration.objects.helped()
        .filter(need__in=_needs(campaign_only).values("pk"))
        .filter(counted_people_q("helper__", people_only))
    )


def _outcome_rows(impact_filter: ImpactFilter | None) -> list[dict]:
    """One row per collaboration with what the outcome figures group by (one query)."""
    shared = CheckIn.objects.filter(
        collaboration=OuterRef("pk"), share_publicly=True, answered_at__isnull=False
    ).exclude(what_changed="")
    return list(
        _collaborations(impact_filter)
        .annotate(is_shared=Exists(shared))
        .values(
            "pk",
            "helper_id",
            "need_id",
            "hours",
            "state",
            "is_shared",
            "need__status",
            "need__venture__countries",
            "helper__profile__country_of_residence",
        )
        .order_by()
    )


def _venture_countries(row) -> list[str]:
    value = row["need__venture__countries"]
    if isinstance(value, str):
        return [code for code in value.split(",") if code]
    return [str(code) for code in value or []]


class _Tally:
    """Helpers, hours, needs fulfilled and outcomes shared of a group of collaborations."""

    def __init__(self):
        self.helpers, self.needs, self.shared, self.hours = set(), set(), set(), 0

    def add(self, row):
        self.helpers.add(row["helper_id"])
        self.hours += row["hours"] or 0
        if row["state"] == CollaborationState.DONE and row["need__status"] == NeedStatus.FULFILLED:
            self.needs.add(row["need_id"])
        if row["is_shared"]:
            self.shared.add(row["pk"])

    def published(self) -> dict:
        helpers = public_count(len(self.helpers))
        return {
            "helpers": helpers,
            # Hours of a few people would tell what each gave: withheld with their count.
            "hours_given": FEWER_THAN if is_suppressed(helpers) else self.hours,
            "needs_fulfilled": len(self.needs),
            "outcomes_shared": public_count(len(self.shared)),
            "_raw": len(self.helpers),
        }


def _tallies(rows, key) -> dict:
    groups: dict = {}
    for row in rows:
        for group in key(row):
            groups.setdefault(group, _Tally()).add(row)
    return groups


def outcome_figures(impact_filter: ImpactFilter | None = None) -> dict:
    """Hours given, needs fulfilled with diaspora help and outcomes shared: in total, by the
    venture's country, by the helper's country, and as help flows (where helpers live → where
    the ventures they helped work). One query; grouped here, since a venture works in several
    countries."""
    rows = _outcome_rows(impact_filter)
    total = _Tally()
    for row in rows:
        total.add(row)
    totals = total.published()
    totals.pop("_raw")

    def named(code):
        return str(countries.name(code)) if code else ""

    by_venture = [
        {"country": code, "name": named(code), **tally.published()}
        for code, tally in _tallies(rows, _venture_countries).items()
    ]
    by_helper = [
        {"country": code, "name": named(code), **tally.published()}
        for code, tally in _tallies(
            rows,
            lambda row: (
                [row["helper__profile__country_of_residence"]]
                if row["helper__profile__country_of_residence"]
                else []
            ),
        ).items()
    ]
    help_flows = [
        {
            "helper_country": helper_country,
            "helper_country_name": named(helper_country),
            "venture_country": venture_country,
            "venture_country_name": named(venture_country),
            **tally.published(),
        }
        for (helper_country, venture_country), tally in _tallies(
            rows,
            lambda row: [
                (row["helper__profile__country_of_residence"], code)
                for code in _venture_countries(row)
                if row["helper__profile__country_of_residence"]
            ],
        ).items()
    ]
    by_venture.sort(key=lambda row: (-row["_raw"], row["name"]))
    by_helper.sort(key=lambda row: (-row["_raw"], row["name"]))
    help_flows.sort(key=lambda row: (-row["_raw"], row["helper_country"], row["venture_country"]))
    return {
        "totals": totals,
        "by_venture_country": by_venture,
        "by_helper_country": by_helper,
        "help_flows": help_flows,
    }


def outcomes_by_venture_country(impact_filter: ImpactFilter | None = None) -> list[dict]:
    return outcome_figures(impact_filter)["by_venture_country"]


def outcomes_by_helper_country(impact_filter: ImpactFilter | None = None) -> list[dict]:
    return outcome_figures(impact_filter)["by_helper_country"]


def help_flows(impact_filter: ImpactFilter | None = None) -> list[dict]:
    return outcome_figures(impact_filter)["help_flows"]


OUTCOME_COLUMNS = ["helpers", "hours_given", "needs_fulfilled", "outcomes_shared"]

DATASETS = {
    "members-by-country": (members_by_residence, ["country", "name", "members"]),
    "flows": (flows, ["origin", "origin_name", "residence", "residence_name", "members"]),
    "needs-by-category": (
        needs_by_category,
        ["category", "label", "open", "in_progress", "fulfilled", "closed"],
    ),
    "needs-over-time": (needs_over_time, ["month", "opened", "fulfilled", "closed"]),
    "offers-over-time": (offers_over_time, ["month", "made", "accepted"]),
    "events-over-time": (events_over_time, ["month", "held", "attendance"]),
    "outcomes-by-venture-country": (
        outcomes_by_venture_country,
        ["country", "name", *OUTCOME_COLUMNS],
    ),
    "outcomes-by-helper-country": (
        outcomes_by_helper_country,
        ["country", "name", *OUTCOME_COLUMNS],
    ),
    "help-flows": (
        help_flows,
        [
            "helper_country",
            "helper_country_name",
            "venture_country",
            "venture_country_name",
            *OUTCOME_COLUMNS,
        ],
    ),
}


def public_rows(rows):
    """Rows without the drawing sizes (kept only to draw widths and shades)."""
    return [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows or []]


def all_figures(impact_filter: ImpactFilter | None = None) -> dict:
    offer_months = _offer_months(impact_filter)
    figures = {
        "filter": (impact_filter or ImpactFilter()).as_dict(),
        "small_count_threshold": SMALL_COUNT,
        "suppressed_marker": FEWER_THAN,
        "totals": headline_figures(impact_filter),
        "members_by_country": members_by_residence(impact_filter),
        "flows": flows(impact_filter),
        "needs_by_category": needs_by_category(impact_filter),
        "needs_over_time": needs_over_time(impact_filter),
        "offers": _offer_totals(offer_months),
        "offers_over_time": _offers_by_month(offer_months),
        "events_over_time": events_over_time(impact_filter),
        "outcomes": outcome_figures(impact_filter),
    }
    return figures
