"""Invalidate cached public content (diaspora.content_cache) whenever something it shows changes:
the visitor home page, the impact figures and the campaign pages."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from diaspora.content_cache import bump_content_version
from diaspora.impact import optional_model

CONTENT_MODELS = [
    ("members", "Profile"),
    ("organizations", "Organization"),
    ("organizations", "Venture"),
    ("organizations", "Need"),
    ("organizations", "Offer"),
    ("campaigns", "Campaign"),
    ("campaigns", "CampaignMember"),
    ("campaigns", "FeaturedFellow"),
    ("campaigns", "Fellow"),
    ("campaigns", "Story"),
    ("campaigns", "Event"),
]
# Many-to-many links shown on cached pages (a fellow's ventures on a campaign page).
CONTENT_LINKS = [("campaigns", "Fellow", "ventures")]


def connect():
    for app_label, model_name in CONTENT_MODELS:
        model = optional_model(app_label, model_name)
        if model is None:
            continue
        uid = f"content-cache-{app_label}.{model_name}"
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-delete")
    for app_label, model_name, field in CONTENT_LINKS:
        model = optional_model(app_label, model_name)
        if model is None:
            continue
        through = getattr(model, field).through
        m2m_changed.connect(
            bump_content_version,
            sender=through,
            dispatch_uid=f"content-cache-{app_label}.{model_name}.{field}",
        )
