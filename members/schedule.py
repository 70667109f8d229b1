"""Celery beat entries for the members app (loaded by diaspora/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "sessions-clear-expired": {
        "task": "members.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
}
