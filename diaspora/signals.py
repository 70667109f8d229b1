"""Invalidate cached public content (diaspora.content_cache) whenever something it shows changes:
the visitor home page, the impact figures, the campaign pages and the visitors' member directory."""

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


def _account_activity_changed(sender, instance, created, update_fields, **kwargs):
    """A suspended, deleted or reactivated account leaves or rejoins every listing. Other saves
    of a user (each sign-in stamps last_login) show nothing public and keep the caches."""
    if not created and (update_fields is None or "is_active" in update_fields):
        bump_content_version()


def connect():
    from django.contrib.auth import get_user_model

    post_save.connect(
        _account_activity_changed, sender=get_user_model(), dispatch_uid="content-cache-user"
    )
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
