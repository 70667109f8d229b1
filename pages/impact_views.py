"""The impact page, its CSV datasets and the partners' JSON."""

import csv

from django import forms
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_countries import countries

from campaigns.models import Campaign
from core.content_cache import cached, versioned_key
from pages import impact
from pages.impact_svg import bar_chart_svg, flow_map_svg


class ImpactFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Campaign"),
        queryset=Campaign.objects.public().order_by("title"),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All campaigns"),
    )
    origin = forms.ChoiceField(label=gettext_lazy("Country of origin"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin"].choices = [("", _("All countries"))] + list(countries)

    def impact_filter(self) -> impact.ImpactFilter:
        if not self.is_valid():
            return impact.ImpactFilter()
        return impact.ImpactFilter(
            campaign=self.cleaned_data.get("campaign"), origin=self.cleaned_data.get("origin") or ""
        )


def impact_filter_from(request):
    form = ImpactFilterForm(request.GET or None)
    return form, form.impact_filter()


def cached_figures(impact_filter: impact.ImpactFilter) -> dict:
    """All figures for a filter, cached until something they count changes (see pages.signals)."""
    campaign_pk = impact_filter.campaign.pk if impact_filter.campaign else ""
    key = versioned_key("impact", get_language(), campaign_pk, impact_filter.origin)
    return cached(key, lambda: impact.all_figures(impact_filter))


def figures_context(impact_filter: impact.ImpactFilter, *, prefix: str = "impact") -> dict:
    """Everything the map and charts partials need (shared by /impact/ and campaign pages)."""
    figures = cached_figures(impact_filter)
    by_category = figures["needs_by_category"]
    over_time = figures["needs_over_time"]
    offers = figures["offers_over_time"]
    events = figures["events_over_time"]
    context = {
        "figures": figures,
        "map_svg": flow_map_svg(
            figures["members_by_country"],
            figures["flows"],
            title=_("Where members come from and where they live"),
        ),
        "needs_category_svg": bar_chart_svg(
            chart_id=f"{prefix}-needs-category",
            title=_("Needs by category and status"),
            groups=[row["label"] for row in by_category],
            series=[
                (_("Open"), [row["open"] for row in by_category]),
                (_("In progress"), [row["in_progress"] for row in by_category]),
                (_("Fulfilled"), [row["fulfilled"] for row in by_category]),
                (_("Closed"), [row["closed"] for row in by_category]),
            ],
        ),
        "needs_time_svg": bar_chart_svg(
            chart_id=f"{prefix}-needs-time",
            title=_("Needs opened, fulfilled and closed each month"),
            groups=[row["month"] for row in over_time],
            series=[
                (_("Opened"), [row["opened"] for row in over_time]),
                (_("Fulfilled"), [row["fulfilled"] for row in over_time]),
                (_("Closed"), [row["closed"] for row in over_time]),
            ],
        )
        if over_time
        else None,
        "offers_svg": bar_chart_svg(
            chart_id=f"{prefix}-offers",
            title=_("Offers of help made and accepted each month"),
            groups=[row["month"] for row in offers],
            series=[
                (_("Made"), [row["made"] for row in offers]),
                (_("Accepted"), [row["accepted"] for row in offers]),
            ],
        )
        if offers
        else None,
        "events_svg": bar_chart_svg(
            chart_id=f"{prefix}-events",
            title=_("Events held and attendance each month"),
            groups=[row["month"] for row in events],
            series=[
                (_("Events held"), [row["held"] for row in events]),
                (_("Attendance"), [row["attendance"] for row in events]),
            ],
        )
        if events
        else None,
        "help_map_svg": help_map_svg(figures["outcomes"]),
        "filter_query": "",
    }
    return context


def help_map_svg(outcomes: dict) -> str:
    """Help flows drawn like the diaspora map: countries shaded by the helpers living there,
    lines from there to the countries of the ventures they helped."""
    shaded = [
        {
            "country": row["country"],
            "name": row["name"],
            "members": row["helpers"],
            "_raw": row["_raw"],
        }
        for row in outcomes["by_helper_country"]
    ]
    flows = [
        {
            "origin": row["helper_country"],
            "origin_name": row["helper_country_name"],
            "residence": row["venture_country"],
            "residence_name": row["venture_country_name"],
            "members": row["helpers"],
            "_raw": row["_raw"],
        }
        for row in outcomes["help_flows"]
        if row["helper_country"] != row["venture_country"]
    ]
    return flow_map_svg(
        shaded,
        flows,
        title=_("Where helpers live and where the ventures they helped work"),
        map_id="help-map",
        description=_(
            "Countries are shaded by how many helpers live there; lines run from where helpers "
            "live to the countries of the ventures they helped, wider for more people."
        ),
        legend_heading=_("Helpers living there"),
        country_label=_("%(country)s: %(count)s helpers"),
        flow_label=_("%(origin)s to %(residence)s: %(count)s helpers"),
    )


@require_safe
def impact_page(request):
    form, impact_filter = impact_filter_from(request)
    context = {"form": form, **figures_context(impact_filter)}
    context["filter_query"] = request.GET.urlencode()
    template = "pages/_impact_figures.html" if request.htmx else "pages/impact.html"
    return render(request, template, context)


@require_safe
def impact_csv(request, dataset):
    if dataset not in impact.DATASETS:
        raise Http404
    _form, impact_filter = impact_filter_from(request)
    selector, columns = impact.DATASETS[dataset]
    rows = selector(impact_filter)
    if rows is None:  # the app behind this dataset has not landed yet
        raise Http404
    rows = impact.public_rows(rows)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="impact-{dataset}.csv"'
    writer = csv.DictWriter(response, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return response


@require_safe
def impact_json(request):
    _form, impact_filter = impact_filter_from(request)
    figures = dict(cached_figures(impact_filter))
    for key in ("members_by_country", "flows"):
        figures[key] = impact.public_rows(figures[key])
    outcomes = dict(figures["outcomes"])
    for key in ("by_venture_country", "by_helper_country", "help_flows"):
        outcomes[key] = impact.public_rows(outcomes[key])
    figures["outcomes"] = outcomes
    response = JsonResponse(figures, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def campaign_impact_context(campaign) -> dict:
    """Context for `diaspora/_campaign_impact.html`: the same figures, restricted to a campaign."""
    impact_filter = impact.ImpactFilter(campaign=campaign)
    context = figures_context(impact_filter, prefix=f"campaign-{campaign.pk}")
    context["filter_query"] = f"campaign={campaign.slug}"
    context["campaign"] = campaign
    return context


@require_safe
def campaign_impact_partial(request, slug):
    """The campaign page loads its impact figures from here (htmx), so the campaign page itself
    stays within its query budget and campaigns needs no import of the site layer."""
    campaign = get_object_or_404(Campaign.objects.public(), slug=slug)
    return render(request, "pages/_campaign_impact.html", campaign_impact_context(campaign))
