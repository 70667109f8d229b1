"""Thin Celery tasks of the members app: take primary keys, call a service, safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.utils.module_loading import import_string


@shared_task
def clear_expired_sessions():
    """Expired sessions (and the member ids stored beside them) are deleted daily; safe twice."""
    import_string(settings.SESSION_ENGINE + ".SessionStore").clear_expired()
