from django import template

from organizations.matching import explain_text

register = template.Library()


@register.filter
def match_reasons(reasons):
    """A match's reasons as one line in the active language: "speaks Portuguese · 2 of 3 skills"."""
    return explain_text(reasons)
