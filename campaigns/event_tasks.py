from celery import shared_task

from campaigns import event_services


@shared_task
def send_event_reminders():
    return event_services.send_due_reminders()
