"""Telling members about new matches. Filled in once the notification pipeline is merged."""


def notify_new_matches(match_ids):
    return 0


def invited_to_offer(match, *, invited_by):
    return None
