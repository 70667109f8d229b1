"""Invalidate the cached visitor home page whenever something it shows changes."""

from django.db.models.signals import post_delete, post_save

from diaspora.home import bump_home_version
from diaspora.impact import optional_model

HOME_MODELS = [
    ("members", "Profile"),
    ("organizations", "Organization"),
    ("organizations", "Venture"),
    ("organizations", "Need"),
    ("organizations", "Offer"),
    ("campaigns", "Campaign"),
    ("campaigns", "FeaturedFellow"),
    ("campaigns", "Fellow"),
    ("campaigns", "Story"),
    ("campaigns", "Event"),
]


def connect():
    for app_label, model_name in HOME_MODELS:
        model = optional_model(app_label, model_name)
        if model is None:
            continue
        uid = f"home-cache-{app_label}.{model_name}"
        post_save.connect(bump_home_version, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(bump_home_version, sender=model, dispatch_uid=f"{uid}-delete")
