"""Browser journeys: Playwright drives Debian's chromium (its own browser download is not available)."""

import os
import shutil
import threading
import time

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.test import Client

# Playwright's sync API runs an event loop in this thread; the ORM calls in these tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Screenshots of the journeys' steps are for people to look at (`make journeys`), not checks: full
# pages at two widths were a fifth of the browser journeys' time, so `make test` skips them.
SCREENSHOTS = os.environ.get("JOURNEY_SCREENSHOTS", "") == "1"


def screenshot(page, path):
    """A full-page screenshot at `path` when JOURNEY_SCREENSHOTS=1."""
    if SCREENSHOTS:
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)


class _LiveRequests:
    """Requests the live server (its own threads) has begun and not yet finished."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    def started(self, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            with self.lock:
                self.count += 1

    def finished(self, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            with self.lock:
                self.count = max(0, self.count - 1)


LIVE_REQUESTS = _LiveRequests()
request_started.connect(LIVE_REQUESTS.started, dispatch_uid="tests-live-requests-started")
request_finished.connect(LIVE_REQUESTS.finished, dispatch_uid="tests-live-requests-finished")


@pytest.fixture(autouse=True)
def _live_server_answers_before_the_next_test():
    """A page's last request (an htmx poll, an image) could reach the live server after its test
    had closed it, and be answered during the next test: that test's client then captured the
    other page's template contexts (a `response.context["form"]` that was not its form), and the
    request met a flushed database. Each browser test ends once the server has answered. (Torn
    down before pytest-django's database fixtures, which are set up first.)"""
    yield
    deadline = time.monotonic() + 10
    while LIVE_REQUESTS.count and time.monotonic() < deadline:
        time.sleep(0.02)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US", "timezone_id": "America/Bogota"}


def sign_in(page, live_server, user):
    """Give the browser a signed-in session for `user` (staff sign in with TOTP, so journeys that
    are about something else skip the login form)."""

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


# Settled: no htmx request, swap or settle under way, and every image loaded (but the lazy ones,
# which load only when scrolled to), on three polls in a row (htmx issues an hx-trigger="load" request before the window's load event, and marks the
# element .htmx-request until its content is swapped in).
SETTLED = """() => {
  const busy = document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')
    || [...document.images].some(image => !image.complete && image.loading !== 'lazy');
  window.__settledPolls = busy ? 0 : (window.__settledPolls || 0) + 1;
  return window.__settledPolls >= 3;
}"""


def settle(page):
    """Wait until the page has loaded and htmx has filled in what it loads on load: what
    wait_for_load_state("networkidle") waited for, without its half a second of silence after
    every page (a quarter of the browser journeys' time)."""
    page.wait_for_load_state("load")
    page.evaluate("() => { window.__settledPolls = 0; }")
    page.wait_for_function(SETTLED, polling=20)
