"""Celery beat entries for organizations (loaded by diaspora/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "organizations.expire-stale-offers": {
        "task": "organizations.tasks.expire_stale_offers",
        "schedule": crontab(hour=5, minute=30),  # daily, before the working day in the Americas
    },
}
