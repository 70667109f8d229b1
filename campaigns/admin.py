from campaigns import event_admin  # noqa: E402,F401
