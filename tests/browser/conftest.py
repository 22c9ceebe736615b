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

LOOPBACK = ("127.0.0.1", "localhost")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    # The outside network is cut off: every host name or address but loopback fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    # The pages of one site in a context share a renderer process, and with it V8's cache of compiled scripts:
    # a fresh page then starts Dash and plotly.js in well under a second instead of nearly two (see role_context).
    "--process-per-site",
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
    """Serve a Dash app on a free loopback port in a thread; the werkzeug server and its base URL.

    Dash sets an app up on its first request, and then takes every callback registered with ``dash.callback``
    so far, in one list for the whole process. So the app answers one request at once, taking the callbacks
    its own ``create_app`` registered, before another app is built (the session's app would otherwise take
    those of an app a test builds before the session's app has answered anything).
    """
    dash_app.server.test_client().get("/")
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


@pytest.fixture
def own_live_server(own_database_url: str, serve) -> str:
    """The app on ``own_database_url``, checking the data version every second (a module's ``live_server``)."""
    from dashboard.factory import create_app

    return serve(create_app({"database_url": own_database_url, "load_demo_if_new": False,
                             "live_interval_seconds": 1}))


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


@pytest.fixture(scope="module")
def role_context(browser, signed_in_state, reconstruction_server: str) -> Iterator[Callable[[str], object]]:
    """One signed-in context per role for a module's tests; each test opens a fresh page of its own in it.

    The pages of a context share its HTTP cache (Dash's fingerprinted bundles, plotly.js among them, are then
    fetched once) and its session cookie; the app keeps no other state in the browser, a test's state is in its
    URL. Tests that sign out or sign in themselves use a context of their own.

    Each context also keeps one idle page open on the sign-in page (no scripts), so that its renderer process,
    shared by the pages of 127.0.0.1 (``--process-per-site``), and the scripts compiled in it outlive each
    test's page.
    """
    contexts: dict[str, object] = {}

    def context(role: str):
        if role not in contexts:
            opened = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL",
                                         accept_downloads=True, storage_state=signed_in_state(role))
            opened.new_page().goto(reconstruction_server + "/inloggen")
            contexts[role] = opened
        return contexts[role]

    yield context
    for opened in contexts.values():
        opened.close()


@dataclass
class PageWatch:
    """What a page did that a user would not want: console errors, page errors, outside or failed requests."""

    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Everything recorded, for one assertion."""
        return self.console_errors + self.outside_requests + self.failed_requests


def is_outside(url: str) -> bool:
    """Whether a request leaves the machine: anything but loopback (and data: or blob: URLs, which never do)."""
    parsed = urlparse(url)
    return parsed.scheme not in ("data", "blob") and parsed.hostname not in LOOPBACK


def watched_page(context, base_url: str):
    """A new page in ``context`` whose console errors, page errors, outside and failed requests are recorded.

    The browser cannot reach anything but loopback (``CHROMIUM_FLAGS``); the page records every request that
    tries. It is watched by listening, not by routing: Playwright switches the HTTP cache off for routed pages.
    """
    watched = context.new_page()
    watch = PageWatch()
    watched.on("request", lambda r: is_outside(r.url) and watch.outside_requests.append(r.url))
    watched.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    watched.on("pageerror", lambda e: watch.console_errors.append(str(e)))
    # A request the browser aborts because the page navigated on is not a failure.
    watched.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"
               and watch.failed_requests.append(f"{r.url}: {r.failure}"))
    watched.watch = watch
    watched.base_url = base_url
    return watched


@pytest.fixture
def page(role_context, live_server):
    """A fresh watched page at 1366x768 signed in as projectleiding (who may see everything); it starts blank."""
    watched = watched_page(role_context("projectleiding"), live_server)
    yield watched
    watched.close()


@pytest.fixture
def stuurgroep_page(role_context, live_server):
    """A fresh watched page signed in as the stuurgroep (aggregates only, small numbers suppressed)."""
    watched = watched_page(role_context("stuurgroep"), live_server)
    yield watched
    watched.close()


@pytest.fixture
def form_signed_in_page(browser, live_server):
    """A watched page in a context of its own, signed in as projectleiding through the sign-in form, where the
    form lands; for tests of signing in and out themselves."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL", accept_downloads=True)
    watched = watched_page(context, live_server)
    sign_in_page(watched, live_server, "projectleiding")
    yield watched
    context.close()


def all_violations(page, impacts: tuple[str, ...] | None = None) -> list[str]:
    """Run axe-core (shipped by axe-playwright-python) on the page; every finding, or those of ``impacts``."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if impacts is None or v["impact"] in impacts]


def serious_violations(page) -> list[str]:
    """The serious and critical axe-core findings on the page."""
    return all_violations(page, ("serious", "critical"))
