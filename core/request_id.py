"""A request id on every request, its response (`X-Request-ID`) and every log line written
while serving it, so one error can be followed from the proxy's log to ours and to Sentry.

The proxy's `X-Request-ID` is kept when we are behind one (TRUSTED_PROXY_COUNT > 0, the proxy
sets the header); otherwise, or when it is not a plain token, a new id is made."""

import contextvars
import logging
import re
import uuid

from django.conf import settings

HEADER = "X-Request-ID"
_TOKEN = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_current = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = self._from_proxy(request) or uuid.uuid4().hex
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            _tag_error_reports(request_id)
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response

    @staticmethod
    def _from_proxy(request):
        if getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0) <= 0:
            return None
        value = request.headers.get(HEADER, "")
        return value if _TOKEN.match(value) else None


def _tag_error_reports(request_id):
    if not getattr(settings, "SENTRY_DSN", ""):
        return
    import sentry_sdk  # noqa: PLC0415 - loaded only when error reports are on

    sentry_sdk.get_isolation_scope().set_tag("request_id", request_id)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request: workers, commands)."""

    def filter(self, record):
        record.request_id = _current.get()
        return True
