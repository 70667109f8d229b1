from celery import shared_task

from events import services as event_services


@shared_task
def send_event_reminders():
    return event_services.send_due_reminders()
