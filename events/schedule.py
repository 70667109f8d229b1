from celery.schedules import crontab

SCHEDULE = {
    "events-send-reminders": {
        "task": "events.tasks.send_event_reminders",
        "schedule": crontab(minute="*/5"),
    },
}
