"""Thin Celery tasks: they call a service and are safe to run twice (notifications dedupe)."""

from celery import shared_task

from conversations import services
from conversations.models import Message


@shared_task(name="conversations.tasks.notify_new_message")
def notify_new_message(message_id):
    message = (
        Message.objects.select_related("conversation__venture", "author__profile")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return 0
    return services.notify_recipients(message=message)
