"""Statistical disclosure control: how a count of people may be published, in one place.

Every published count of people (totals included) is rounded to a base of ROUNDING_BASE: 0 stays
0, 1 to 4 are published as FEWER_THAN, larger counts as the nearest multiple of 5. Every published
figure is then 0, a multiple of 5 or the marker, so no sum or difference of published figures,
under any filter, can come to 1-4: subtracting rows from a total no longer recovers a small cell.
(pages.impact publishes the impact figures with it; campaigns.selectors the campaign figures.)
"""

SMALL_COUNT = 5
ROUNDING_BASE = 5
# Stable, untranslated marker used in CSV and JSON; pages show the translated words instead.
FEWER_THAN = f"fewer than {SMALL_COUNT}"


def public_count(value: int) -> int | str:
    """A count of people as it may be published: 0, FEWER_THAN for 1-4, else the nearest
    multiple of ROUNDING_BASE (7 → 5, 8 → 10)."""
    value = int(value or 0)
    if value == 0:
        return 0
    if value < SMALL_COUNT:
        return FEWER_THAN
    return (value + ROUNDING_BASE // 2) // ROUNDING_BASE * ROUNDING_BASE


def is_suppressed(value) -> bool:
    return value == FEWER_THAN
