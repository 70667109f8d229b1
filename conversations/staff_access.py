"""The hook through which staff read a conversation: only through a report, and audited.

This app must not import moderation; moderation registers the two functions in its ready():
`may_read(staff_user, conversation, report_id) -> bool` (is there such a report about a message in
this conversation) and `record_reading(staff_user, conversation, report_id)` (the audit entry).
Without a registration staff read nothing.
"""

from collections.abc import Callable

_reader: dict[str, Callable] = {}


def register_staff_reader(*, may_read: Callable, record_reading: Callable) -> None:
    _reader["may_read"] = may_read
    _reader["record_reading"] = record_reading


def staff_may_read(user, conversation, report_id) -> bool:
    if user is None or not user.is_authenticated or not user.is_staff or not user.is_active:
        return False
    may_read = _reader.get("may_read")
    return may_read is not None and bool(may_read(user, conversation, report_id))


def record_staff_reading(user, conversation, report_id) -> None:
    _reader["record_reading"](user, conversation, report_id)
