"""Pages of results without COUNT(*): fetch one row more than shown to know if there is a next."""


class Page:
    """A page of results, shown without counting them all."""

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


# Whatever `max_page` says: further than this is past any data, and keeps the SQL OFFSET in range.
LAST_PAGE = 1_000_000


def page_of(queryset, request, *, page_size=20, max_page=500):
    """The page `?page=` asks for (1 when it is not a whole number); `max_page=None`: no cap
    (but LAST_PAGE)."""
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        number = 1
    number = min(number, LAST_PAGE if max_page is None else max_page)
    start = (number - 1) * page_size
    rows = list(queryset[start : start + page_size + 1])
    return Page(rows[:page_size], number, len(rows) > page_size)
