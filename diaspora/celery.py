"""The Celery app. Periodic tasks come from each app's `schedule.py` (a SCHEDULE dict)."""

import importlib
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaspora.settings")

app = Celery("diaspora")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

PERIODIC_TASK_MODULES = ["members.schedule", "organizations.schedule", "campaigns.schedule"]


@app.on_after_finalize.connect
def load_periodic_tasks(sender, **kwargs):
    schedule = {}
    for module_name in PERIODIC_TASK_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        schedule.update(getattr(module, "SCHEDULE", {}))
    sender.conf.beat_schedule = {**schedule, **(sender.conf.beat_schedule or {})}
