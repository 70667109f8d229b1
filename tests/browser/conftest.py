"""Browser journeys: Playwright drives Debian's chromium (its own browser download is not available)."""

import os
import shutil

import pytest
from django.conf import settings
from django.test import Client

# Playwright's sync API runs an event loop in this thread; the ORM calls in these tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


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
