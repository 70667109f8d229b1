"""How tags are typed, for every tag field and the admin (taggit's TAGGIT_TAGS_FROM_STRING and
TAGGIT_STRING_FROM_TAGS): names separated by commas, nothing else. taggit's own parser splits on
spaces when a text has no comma, so one skill typed as "cuidados paliativos" became two."""


def comma_separated_tags(text: str) -> list[str]:
    """The names in `text`, split at commas only; quotes (from taggit's old edit strings) and
    repeated spaces dropped, the same name twice (whatever its case) kept once."""
    names = {}
    for part in (text or "").split(","):
        name = " ".join(part.replace('"', " ").split())
        if name:
            names.setdefault(name.lower(), name)
    return sorted(names.values(), key=str.lower)


def comma_joined_tags(tags) -> str:
    """The text a tag field shows for these tags: their names, by name, separated by commas."""
    return ", ".join(sorted((tag.name for tag in tags), key=str.lower))
