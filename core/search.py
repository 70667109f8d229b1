"""Accent- and case-insensitive full-text search with word-prefix matching, shared by every directory.

The text search configuration `diaspora_unaccent` (created in members' first migration) is `simple`
with `unaccent` in front, so "salomon" finds "Salomón" and no language's stemming gets in the way of
names. Each searchable model keeps a `search_vector` column with a GIN index.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector

SEARCH_CONFIG = "diaspora_unaccent"
_WORD = re.compile(r"\w+", re.UNICODE)


def prefix_search_query(text: str) -> SearchQuery | None:
    """Every word of `text` must match the start of a word: "ing sal" finds "Ingrid Salomón"."""
    words = _WORD.findall(text or "")[:8]
    if not words:
        return None
    raw = " & ".join(f"{word}:*" for word in words)
    return SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG)


def weighted_vector(*weighted_fields: tuple[str, str]) -> SearchVector:
    """SearchVector("name", weight="A") + ... in the shared configuration."""
    vector = None
    for field, weight in weighted_fields:
        part = SearchVector(field, weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    return vector


def vector_sql(*weighted_fields: tuple[str, str]) -> str:
    """The same vector as `weighted_vector`, as SQL for bulk UPDATEs over raw rows."""
    return " || ".join(
        f"setweight(to_tsvector('{SEARCH_CONFIG}', coalesce({field}, '')), '{weight}')"
        for field, weight in weighted_fields
    )
