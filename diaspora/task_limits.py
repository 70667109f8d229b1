"""Celery time limits per queue: each task gets its queue's (soft, hard) limits in seconds.

Celery's annotations match task names exactly; this matches them with the glob patterns of
CELERY_TASK_ROUTES, so a new `email_*` task is limited like the others without a list to keep."""

from fnmatch import fnmatchcase


class QueueTimeLimits:
    def __init__(self, routes, limits, default_queue):
        self.routes = routes
        self.limits = limits
        self.default_queue = default_queue

    def queue_of(self, task_name: str) -> str:
        for pattern, route in self.routes.items():
            if fnmatchcase(task_name, pattern):
                return route["queue"]
        return self.default_queue

    def annotate(self, task):
        soft, hard = self.limits[self.queue_of(task.name)]
        return {"soft_time_limit": soft, "time_limit": hard}
