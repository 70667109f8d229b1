"""Middleware with no domain: the benchmark's Server-Timing header, malformed query strings,
compression of text responses."""

import time

from django.core.exceptions import BadRequest
from django.db import connections
from django.middleware.gzip import GZipMiddleware

# What is worth compressing: pages, htmx fragments, JSON, CSV, feeds, calendars. Images and other
# uploads (core.media) are compressed already and keep their length for range requests.
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/manifest+json",
    "application/atom+xml",
    "application/rss+xml",
    "application/xml",
    "application/javascript",
    "image/svg+xml",
)


class ServerTimingMiddleware:
    """Adds `Server-Timing: app;dur=<ms>, db;desc="<n> queries";dur=<ms>` to every response.

    Turned on by the SERVER_TIMING setting (the benchmark runs gunicorn with it), so `make bench`
    reads server time and query counts from the real server instead of guessing from outside.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):

        queries = {"count": 0, "seconds": 0.0}

        def count_query(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries["count"] += 1
                queries["seconds"] += time.perf_counter() - started

        started = time.perf_counter()
        with connections["default"].execute_wrapper(count_query):
            response = self.get_response(request)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        total_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = (
            f'app;dur={total_ms:.2f}, db;desc="{queries["count"]} queries";dur={queries["seconds"] * 1000:.2f}'
        )
        return response


class RejectMalformedQueryMiddleware:
    """A NUL byte in the query string is a 400, never a database error (PostgreSQL text cannot
    hold one). Form fields refuse NUL in posted data on their own (a field error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):

        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL byte in the query string")
        return self.get_response(request)


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for text responses only. Static files never reach it: whitenoise,
    above it, answers them with its own precompressed copies. Django's middleware already
    mitigates BREACH for pages carrying secrets (random bytes in the gzip header, "Heal the
    BREACH", and the CSRF token masked anew on each response)."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").lower()
        if not content_type.startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
