"""Celery beat entries of the notification pipeline (loaded by diaspora/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "notifications-sweep-unsent": {
        "task": "notifications.tasks.sweep_unsent_notifications",
        "schedule": 60.0,
    },
    "notifications-daily-digest": {
        "task": "notifications.tasks.digest_daily",
        "schedule": crontab(hour=7, minute=0),
    },
    "notifications-weekly-digest": {
        "task": "notifications.tasks.digest_weekly",
        "schedule": crontab(hour=7, minute=30, day_of_week=1),
    },
}
