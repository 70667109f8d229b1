"""Reading values straight from the query string, for the few views that do not use a form."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug


def slug_param(request, name) -> str:
    """`?name=` when it is a slug, else "" (a malformed one is treated as absent)."""
    value = request.GET.get(name, "")
    if not value or len(value) > 255:
        return ""
    try:
        validate_unicode_slug(value)
    except ValidationError:
        return ""
    return value
