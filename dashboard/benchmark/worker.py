"""Measure one page in a process of its own: ``python -m dashboard.benchmark.worker --url URL --page KEY ...``.

The process builds the app through the factory, signs in as ``projectleiding-demo`` with the Flask
test client, and then, for each of the page's data callbacks:

1. the cold call: the first POST to ``/_dash-update-component`` in this process;
2. one run of the bare SQL: the same query functions called directly with a session of the app's
   own engine, each query timed on its own;
3. the warm calls: the same POST again (``--repeats`` times, fewer when a call takes seconds);
4. the uncached calls: the same POST as often, each after emptying the callback cache, as the first view
   after a data change in a running worker is (its code, plotly and SQLAlchemy's statement cache warm);
5. the bare SQL again, as often.

``--mode sql`` runs only the bare SQL, query by query (the parent uses it to find the slow query when
a page runs out of time). Every measurement is printed at once as one JSON line, so a parent that
stops a slow page still has what was measured; the last line holds the process's peak memory
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``).
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import resource
import sys
import time
from typing import Any

from dashboard.benchmark.pages import add_page_arguments

FAILED_MARKERS = ("kon niet worden bijgewerkt", "niet bereikbaar")
SLOW_MS = 5_000  # a call slower than this is repeated less often


def emit(**record: Any) -> None:
    """Print one measurement as a JSON line and flush it."""
    print(json.dumps(record, default=str), flush=True)


def sign_in(app, name: str = "projectleiding-demo"):
    """A Flask test client signed in through the sign-in form as the demo user ``name``."""
    from dashboard.auth.web import DEMO_PASSWORD

    client = app.server.test_client()
    page = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/inloggen", data={"naam": name, "wachtwoord": DEMO_PASSWORD, "csrf_token": token})
    if response.status_code != 302:
        raise RuntimeError(f"inloggen mislukt ({response.status_code})")
    return client


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _repeats(first_ms: float, wanted: int) -> int:
    """How many warm repeats: all ``wanted`` for fast calls, fewer for calls of seconds."""
    if first_ms > 6 * SLOW_MS:
        return 1
    if first_ms > SLOW_MS:
        return min(wanted, 2)
    return wanted


def run_sql(app, spec, context, page_key: str, run: int) -> float:
    """Run a callback's bare SQL once, printing each query's time; returns the total in ms."""
    from dashboard.data.schema.db import read_session

    total = 0.0

    def timed(label: str, function, *args):
        nonlocal total
        emit(kind="query-start", page=page_key, callback=spec.name, run=run, label=label)
        began = time.perf_counter()
        result = function(*args)
        ms = (time.perf_counter() - began) * 1000
        total += ms
        emit(kind="query", page=page_key, callback=spec.name, run=run, label=label, ms=ms)
        return result

    with app.server.app_context():
        with read_session() as session:
            spec.sql(timed, session, context)
    emit(kind="sql", page=page_key, callback=spec.name, run=run, ms=total)
    return total


def empty_callback_cache(app) -> None:
    """Forget every kept callback answer of ``app`` (when it keeps any)."""
    from dashboard.callback_cache import EXTENSION_KEY

    cache = app.server.extensions.get(EXTENSION_KEY)
    if cache is not None:
        cache.clear()


def post(client, body: dict) -> tuple[float, int, int, bool]:
    """POST one callback body; returns (ms, status, response bytes, whether the page would show a failure)."""
    began = time.perf_counter()
    response = client.post("/_dash-update-component", json=body)
    ms = (time.perf_counter() - began) * 1000
    data = response.get_data(as_text=True)
    ok = response.status_code == 200 and not any(marker in data for marker in FAILED_MARKERS)
    return ms, response.status_code, len(data), ok


def main(argv: list[str] | None = None) -> int:
    """Measure the page named on the command line."""
    parser = argparse.ArgumentParser(prog="python -m dashboard.benchmark.worker")
    parser.add_argument("--url", required=True)
    add_page_arguments(parser)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--mode", choices=("all", "sql"), default="all")
    args = parser.parse_args(argv)

    from dashboard.benchmark.pages import PAGE_BY_KEY, callback_body, input_values, page_context, page_search
    from dashboard.data.schema.db import read_session
    from dashboard.data.schema.versioning import data_version
    from dashboard.factory import create_app

    page = PAGE_BY_KEY[args.page]
    context = page_context(args)
    app = create_app({"database_url": args.url, "load_demo_if_new": False, "environment": "development",
                      "secret_key": "benchmark", "login_rate_limit": "100000 per minute"})
    gc.freeze()  # as app.py does for gunicorn's workers, so that full collections skip what start-up built
    client = sign_in(app)
    emit(kind="start", page=page.key, rss_mb=peak_rss_mb())
    if args.mode == "sql":
        for spec in page.callbacks:
            run_sql(app, spec, context, page.key, 0)
        emit(kind="memory", page=page.key, peak_rss_mb=peak_rss_mb())
        return 0
    with app.server.app_context():
        with read_session() as session:
            version = data_version(session)[0]
    values = input_values(page, page_search(page, context), version)
    for spec in page.callbacks:
        body = callback_body(app.callback_map, spec.output, values)
        ms, status, size, ok = post(client, body)
        emit(kind="callback", page=page.key, callback=spec.name, run=0, ms=ms, status=status, bytes=size, ok=ok)
        run_sql(app, spec, context, page.key, 0)
        repeats = _repeats(ms, args.repeats)
        for run in range(1, repeats + 1):
            ms, status, size, ok = post(client, body)
            emit(kind="callback", page=page.key, callback=spec.name, run=run, ms=ms, status=status, bytes=size, ok=ok)
        for run in range(1, repeats + 1):
            empty_callback_cache(app)
            ms, status, size, ok = post(client, body)
            emit(kind="uncached", page=page.key, callback=spec.name, run=run, ms=ms, status=status, bytes=size, ok=ok)
        for run in range(1, repeats):
            run_sql(app, spec, context, page.key, run)
    emit(kind="memory", page=page.key, peak_rss_mb=peak_rss_mb())
    return 0


if __name__ == "__main__":
    sys.exit(main())
