from campaigns.event_tasks import *  # noqa: F401,F403
