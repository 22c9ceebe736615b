"""Browser fixtures: the app served on loopback and headless Debian Chromium driven by Playwright.

Outside CI, a machine without Chromium skips these tests with a clear reason;
in CI (``CI=true``) a missing browser is an error, never a skip.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from werkzeug.serving import make_server

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    """The Chromium binary: ``CHROMIUM_PATH`` or Debian's ``chromium`` on the PATH."""
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium for the whole session."""
    executable = chromium_path()
    if executable is None:
        message = "Chromium ontbreekt: installeer Debian's pakket 'chromium' (CI doet dat in .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """Serve the app on a free loopback port for one test; yields its base URL."""
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@dataclass
class PageWatch:
    """What a page did that a user would not want: console errors, page errors, outside or failed requests."""

    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Everything recorded, for one assertion."""
        return self.console_errors + self.outside_requests + self.failed_requests


@pytest.fixture
def page(browser, live_server):
    """A fresh page at 1366x768 with the network outside loopback cut off, and a watch on its errors."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL")
    watched = context.new_page()
    watch = PageWatch()

    def only_loopback(route):
        if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            watch.outside_requests.append(route.request.url)
            route.abort()

    watched.route("**/*", only_loopback)
    watched.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    watched.on("pageerror", lambda e: watch.console_errors.append(str(e)))
    watched.on("requestfailed", lambda r: watch.failed_requests.append(f"{r.url}: {r.failure}"))
    watched.watch = watch
    watched.base_url = live_server
    yield watched
    context.close()
