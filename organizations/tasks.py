"""Thin Celery tasks: they call a service and are safe to run twice."""

from celery import shared_task

from organizations import services


@shared_task(name="organizations.tasks.expire_stale_offers")
def expire_stale_offers():
    return services.expire_stale_offers()
