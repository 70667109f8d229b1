"""Server-drawn SVG pictures for the impact page: the diaspora map and simple bar charts.

Counts shown in titles and labels are the published ones (see `pages.impact.public_count`).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from pages.impact import is_suppressed

WORLD_FILE = Path(__file__).parent / "data" / "world_countries.json"

# ColorBrewer YlGnBu (5 classes): sequential and colour-blind safe.
SHADES = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
NO_MEMBERS = "#e6e6e6"
FLOW_COLOUR = "#d95f02"
SERIES_COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a"]


@lru_cache(maxsize=1)
def world():
    with WORLD_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def display(value) -> str:
    return _("fewer than 5") if is_suppressed(value) else str(value)


def nice(value: float) -> int:
    """Round up to 1, 2 or 5 times a power of ten, so legend bounds read well."""
    power = 10 ** max(int(math.floor(math.log10(max(value, 1)))), 0)
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def bins_for(biggest: int) -> list[int]:
    """Lower bounds of the five shades: suppressed (1–4), then four log-spaced classes up to the
    largest count, so a community of 50 or of 100,000 both get a readable map."""
    if biggest < 100:
        return [1, 5, 10, 20, 50]
    ratio = (biggest / 5) ** (1 / 4)
    bounds = [1, 5]
    for step in (1, 2, 3):
        bounds.append(max(nice(5 * ratio**step), bounds[-1] + 1))
    return bounds


def shade_for(raw_count: int, bins: list[int]) -> str:
    shade = NO_MEMBERS
    for lower, colour in zip(bins, SHADES, strict=True):
        if raw_count >= lower:
            shade = colour
    return shade


def legend_items(bins: list[int]) -> list[tuple[str, str]]:
    labels = [_("fewer than 5")]
    for lower, upper in zip(bins[1:], bins[2:], strict=False):
        labels.append(f"{lower:,}–{upper - 1:,}")
    labels.append(_("%(count)s or more") % {"count": f"{bins[-1]:,}"})
    return list(zip(SHADES, labels, strict=True))


def legend_html(bins: list[int], *, heading: str | None = None) -> str:
    """The map's key as HTML beside the drawing (text at the page's size, wrapping on a phone);
    each swatch is a tiny SVG so its colour needs no inline style under the CSP."""
    heading = escape(heading or _("Members living there"))
    parts = [f'<figcaption class="map-legend"><strong>{heading}</strong><ul>']
    for colour, label in legend_items(bins):
        parts.append(
            '<li><svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16" '
            f'aria-hidden="true" focusable="false"><rect x="0.5" y="0.5" width="15" height="15" '
            f'fill="{colour}" stroke="#4d4d4d"/></svg>{escape(label)}</li>'
        )
    parts.append("</ul></figcaption>")
    return "".join(parts)


def flow_map_svg(
    members_by_country: list[dict],
    flow_rows: list[dict],
    *,
    title: str,
    map_id: str = "impact-map",
    description: str | None = None,
    legend_heading: str | None = None,
    country_label: str | None = None,
    flow_label: str | None = None,
) -> str:
    """The world with countries shaded by residents and curved flows from origin to residence,
    followed by its key (a <figcaption>: the caller puts both in a <figure>).
    The texts may be replaced to draw other flows of people the same way (help flows: helpers'
    countries to the ventures' countries); `country_label` and `flow_label` are %-formats with
    country/count and origin/residence/count."""
    data = world()
    shapes = data["countries"]
    by_country = {row["country"]: row for row in members_by_country}
    bins = bins_for(max((row["_raw"] for row in members_by_country), default=0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{data["viewBox"]}" role="img" '
        f'aria-labelledby="{map_id}-title {map_id}-desc" class="impact-map" id="{map_id}">',
        f'<title id="{map_id}-title">{escape(title)}</title>',
        f'<desc id="{map_id}-desc">'
        + escape(
            description
            or _(
                "Countries are shaded by how many members live there; lines run from members' "
                "countries of origin to where they live, wider for more people."
            )
        )
        + "</desc>",
        '<g class="countries" stroke="#ffffff" stroke-width="0.3">',
    ]
    for code, shape in shapes.items():
        row = by_country.get(code)
        if row is None:
            parts.append(f'<path d="{shape["path"]}" fill="{NO_MEMBERS}"/>')
            continue
        name = row["name"] or shape["name"]
        label = (country_label or _("%(country)s: %(count)s members")) % {
            "country": name,
            "count": display(row["members"]),
        }
        parts.append(
            f'<path d="{shape["path"]}" fill="{shade_for(row["_raw"], bins)}" data-country="{code}" '
            f'class="shaded" stroke="#4d4d4d"><title>{escape(label)}</title></path>'
        )
    parts.append("</g>")
    drawable = [row for row in flow_rows if row["origin"] in shapes and row["residence"] in shapes]
    if drawable:
        biggest = max(row["_raw"] for row in drawable)
        parts.append(
            f'<g class="flows" fill="none" stroke="{FLOW_COLOUR}" stroke-opacity="0.7" '
            'stroke-linecap="round">'
        )
        for row in drawable:
            x1, y1 = shapes[row["origin"]]["centroid"]
            x2, y2 = shapes[row["residence"]]["centroid"]
            # Bend each line to the left of its direction so opposite flows do not overlap.
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            dx, dy = x2 - x1, y2 - y1
            cx, cy = mx - dy * 0.25, my + dx * 0.25
            # Suppressed flows share the thinnest width so the width gives nothing away.
            raw = row["_raw"] if not is_suppressed(row["members"]) else 1
            width = 0.8 + 5 * math.sqrt(raw / biggest)
            label = (flow_label or _("%(origin)s to %(residence)s: %(count)s members")) % {
                "origin": row["origin_name"],
                "residence": row["residence_name"],
                "count": display(row["members"]),
            }
            parts.append(
                f'<path d="M{x1:g} {y1:g}Q{cx:.1f} {cy:.1f} {x2:g} {y2:g}" '
                f'stroke-width="{width:.1f}"><title>{escape(label)}</title></path>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    parts.append(legend_html(bins, heading=legend_heading))
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped


def bar_chart_svg(
    *, chart_id: str, title: str, groups: list[str], series: list[tuple[str, list]]
) -> str:
    """Grouped vertical bars: one group per label, one bar per series. Values may be suppressed."""
    width, height = 640, 260
    left, bottom, top = 40, 60, 30
    plot_h = height - bottom - top
    numbers = [v for _label, values in series for v in values if not is_suppressed(v)]
    biggest = max(numbers + [SMALL_SUPPRESSED_HEIGHT, 1])
    group_w = (width - left - 10) / max(len(groups), 1)
    bar_w = max(min(group_w / (len(series) + 1), 40), 2)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title" class="impact-chart" id="{chart_id}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 5}" y2="{top + plot_h}" '
        'stroke="#555"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" font-size="10">{biggest}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" font-size="10">0</text>',
    ]
    for index, (label, _values) in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        x = left + index * 130
        parts.append(
            f'<rect x="{x}" y="6" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="15" font-size="11">{escape(label)}</text>'
        )
    for g_index, group in enumerate(groups):
        gx = left + g_index * group_w + bar_w / 2
        for s_index, (label, values) in enumerate(series):
            value = values[g_index]
            raw = SMALL_SUPPRESSED_HEIGHT if is_suppressed(value) else value
            bar_h = plot_h * raw / biggest
            x = gx + s_index * bar_w
            colour = SERIES_COLOURS[s_index % len(SERIES_COLOURS)]
            pattern = ' fill-opacity="0.45"' if is_suppressed(value) else ""
            text = f"{group} · {label}: {display(value)}"
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar_w * 0.9:.1f}" '
                f'height="{bar_h:.1f}" fill="{colour}"{pattern}><title>{escape(text)}</title></rect>'
            )
        tx = left + g_index * group_w + group_w / 2
        parts.append(
            f'<text x="{tx:.1f}" y="{top + plot_h + 14}" font-size="10" text-anchor="end" '
            f'transform="rotate(-35 {tx:.1f} {top + plot_h + 14})">{escape(group)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped


# A suppressed bar is drawn at a fixed small height (faded), never at its real value.
SMALL_SUPPRESSED_HEIGHT = 2
