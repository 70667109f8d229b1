"""Celery beat entries for the members app (loaded by diaspora/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "notifications-sweep-unsent": {
        "task": "members.tasks.sweep_unsent_notifications",
        "schedule": 60.0,
    },
    "notifications-daily-digest": {
        "task": "members.tasks.digest_daily",
        "schedule": crontab(hour=7, minute=0),
    },
    "notifications-weekly-digest": {
        "task": "members.tasks.digest_weekly",
        "schedule": crontab(hour=7, minute=30, day_of_week=1),
    },
    "sessions-clear-expired": {
        "task": "members.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
}
