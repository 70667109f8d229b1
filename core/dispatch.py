"""Enqueue Celery tasks only once the surrounding transaction commits.

A task that ran before commit could read rows that are not there yet, or act on a write that is
later rolled back. Tasks take primary keys, never model instances.
"""

from functools import partial

from django.db import transaction


def enqueue(task, *args, using=None, **kwargs):
    transaction.on_commit(partial(task.delay, *args, **kwargs), using=using)
