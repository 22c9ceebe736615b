"""Browser fixtures: the app served on loopback and headless Debian Chromium driven by Playwright.

Outside CI, a machine without Chromium skips these tests with a clear reason;
in CI (``CI=true``) a missing browser is an error, never a skip.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from tests.signing_in import sign_in_page
from werkzeug.serving import WSGIRequestHandler, make_server

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


class QuietHandler(WSGIRequestHandler):
    """A request handler that does not log every request."""

    def log_request(self, *args, **kwargs) -> None:
        """Stay quiet."""


def start_server(dash_app):
    """Serve a Dash app on a free loopback port in a thread; the werkzeug server and its base URL."""
    server = make_server("127.0.0.1", 0, dash_app.server, threaded=True, request_handler=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def serve() -> Iterator:
    """Start serving Dash apps of this test's own on free loopback ports; returns a function app -> base URL."""
    servers = []

    def start(dash_app) -> str:
        server, url = start_server(dash_app)
        servers.append(server)
        return url

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def reconstruction_server(demo_engine, database_url: str) -> Iterator[str]:
    """The app on the reconstruction database, built once through the factory and served for the whole session.

    The tests on it only read; a test that writes or breaks its database builds and serves an app of its own
    (``serve``, or a module's own ``live_server``).
    """
    from dashboard.factory import create_app

    server, url = start_server(create_app({"database_url": database_url, "load_demo_if_new": False}))
    yield url
    server.shutdown()


@pytest.fixture
def live_server(reconstruction_server: str) -> str:
    """The base URL of the app the ``page`` fixtures open; a module may override it with an app of its own."""
    return reconstruction_server


@pytest.fixture(scope="session")
def signed_in_state(browser, reconstruction_server: str) -> Callable[[str], dict]:
    """Sign in through the form once per role; returns role -> the context's storage state (its session cookie).

    The cookie belongs to 127.0.0.1 whatever the port, and every app of the session has the same session key
    and the demo users, so the state signs a new context in on any app the tests serve.
    """
    states: dict[str, dict] = {}

    def state(role: str) -> dict:
        if role not in states:
            context = browser.new_context()
            sign_in_page(context.new_page(), reconstruction_server, role)
            states[role] = context.storage_state()
            context.close()
        return states[role]

    return state


@dataclass
class PageWatch:
    """What a page did that a user would not want: console errors, page errors, outside or failed requests."""

    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Everything recorded, for one assertion."""
        return self.console_errors + self.outside_requests + self.failed_requests


def _watched_page(browser, live_server, storage_state: dict | None):
    """A fresh page at 1366x768 in a new context with ``storage_state``, outside network cut off, errors watched."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL", accept_downloads=True,
                                  storage_state=storage_state)
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
    # A request the browser aborts because the page navigated on is not a failure.
    watched.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"
               and watch.failed_requests.append(f"{r.url}: {r.failure}"))
    watched.watch = watch
    watched.base_url = live_server
    return context, watched


@pytest.fixture
def page(browser, live_server, signed_in_state):
    """A watched page signed in as projectleiding (who may see everything); it starts blank."""
    context, watched = _watched_page(browser, live_server, signed_in_state("projectleiding"))
    yield watched
    context.close()


@pytest.fixture
def stuurgroep_page(browser, live_server, signed_in_state):
    """A watched page signed in as the stuurgroep (aggregates only, small numbers suppressed); it starts blank."""
    context, watched = _watched_page(browser, live_server, signed_in_state("stuurgroep"))
    yield watched
    context.close()


@pytest.fixture
def form_signed_in_page(browser, live_server):
    """A watched page signed in as projectleiding through the sign-in form, where the form lands;
    for tests of signing in and out themselves."""
    context, watched = _watched_page(browser, live_server, None)
    sign_in_page(watched, live_server, "projectleiding")
    yield watched
    context.close()


def serious_violations(page) -> list[str]:
    """Run axe-core (shipped by axe-playwright-python) on the page; the serious and critical findings."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
