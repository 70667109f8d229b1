"""The Celery app. Periodic tasks come from each app's `schedule.py` (a SCHEDULE dict)."""

import importlib
import importlib.util
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaspora.settings")

app = Celery("diaspora")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def load_periodic_tasks(sender, **kwargs):
    from django.apps import apps  # noqa: PLC0415 - the app registry is ready only once finalized

    schedule = {}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.schedule"
        if importlib.util.find_spec(module_name) is not None:
            schedule.update(importlib.import_module(module_name).SCHEDULE)
    sender.conf.beat_schedule = {**schedule, **(sender.conf.beat_schedule or {})}
