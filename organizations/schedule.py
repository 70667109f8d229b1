"""Celery beat entries for organizations (loaded by diaspora/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "organizations.expire-stale-offers": {
        "task": "organizations.tasks.expire_stale_offers",
        "schedule": crontab(hour=5, minute=30),  # daily, before the working day in the Americas
    },
    "organizations.close-expired-needs": {
        "task": "organizations.tasks.close_expired_needs",
        # Daily, just after midnight in the site's time zone (settings.TIME_ZONE): a need is open
        # through its deadline day.
        "schedule": crontab(hour=0, minute=20),
    },
    "organizations.send-check-ins": {
        "task": "organizations.tasks.send_check_ins",
        # Daily, mid-morning in the site's time zone: people answer questions they read at work.
        "schedule": crontab(hour=10, minute=15),
    },
}
