from django import template

from campaigns.selectors import ambassador_campaigns

register = template.Library()


@register.inclusion_tag("campaigns/_ambassador_badges.html")
def ambassador_badges(member):
    """The campaigns `member` is an approved ambassador of, as badges (on their profile page)."""
    return {"badges": ambassador_campaigns(member)}
