"""The first complete render of every page in headless Chromium, served by gunicorn, and the workers' memory.

``render_pages`` starts ``gunicorn app:server`` on a free loopback port (2 sync workers, as many as
the machine's CPUs in the benchmark's set-up, and a worker timeout above the render timeout so that
a slow callback is measured rather than cut off), signs a fresh browser context in through
``/inloggen`` for each page, opens the page with the as-of date in the URL and waits until its main
graphs show data, its containers have content and no Dash callback is loading any more. The time is
``performance.now()`` at that moment: from the start of the navigation to the page being complete.
Each page is rendered by a process of its own (``python -m dashboard.benchmark.browser``), stopped
with its browser when it overruns, because a page that keeps the browser busy can stall Playwright
itself. Afterwards it reads each gunicorn worker's peak resident memory (``VmHWM`` in ``/proc``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from dashboard.benchmark.pages import (
    PAGE_BY_KEY,
    PAGES,
    Context,
    PageSpec,
    add_page_arguments,
    page_arguments,
    page_context,
    page_search,
)
from dashboard.data.schema.db import PROJECT_ROOT

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WORKERS = 2

# True once every selector has something drawn and no Dash callback is loading: returns the time.
READY_SCRIPT = """
(selectors) => {
  const drawn = (selector) => {
    const element = document.querySelector(selector);
    if (!element) return false;
    const plot = element.classList.contains('js-plotly-plot') ? element : element.querySelector('.js-plotly-plot');
    if (plot) return Array.isArray(plot.data) && plot.data.length > 0 && !!plot._fullLayout;
    return element.childElementCount > 0 || element.textContent.trim().length > 0;
  };
  if (document.querySelector('[data-dash-is-loading="true"]')) return false;
  if (!selectors.every(drawn)) return false;
  const navigation = performance.getEntriesByType('navigation')[0];
  return [performance.now(), navigation ? navigation.loadEventEnd : null];
}
"""


@dataclass(frozen=True)
class Render:
    """One page's first complete render: milliseconds, or None with the reason when it did not finish."""

    page: str
    ms: float | None
    note: str = ""
    loaded_ms: float | None = None  # the load event: HTML, scripts and styles in, before the data callbacks


def chromium_path() -> str | None:
    """Debian's Chromium, or the one named by ``CHROMIUM_PATH``."""
    return os.environ.get("CHROMIUM_PATH") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists()
                                              else shutil.which("chromium"))


def _free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    """The process ids whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def peak_memory_mb(pid: int) -> float | None:
    """The peak resident memory (VmHWM) of process ``pid`` in MB, or None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _wait_until_up(port: int, process: subprocess.Popen, timeout: float = 120.0) -> None:
    """Wait until gunicorn answers the sign-in page."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopte bij het starten")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/inloggen", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn kwam niet op tijd op")


def _sign_in(page, base_url: str) -> None:
    """Sign a browser page in through the sign-in form as projectleiding-demo."""
    from dashboard.auth.web import DEMO_PASSWORD

    page.goto(f"{base_url}/inloggen")
    page.get_by_label("Gebruikersnaam").fill("projectleiding-demo")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/inloggen" not in url)


def _render_one(browser, base_url: str, spec: PageSpec, context: Context, timeout_s: float) -> Render:
    """Open one page in a fresh, signed-in browser context and time its first complete render."""
    browser_context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL")
    try:
        page = browser_context.new_page()
        _sign_in(page, base_url)
        page.goto(f"{base_url}{spec.path}{page_search(spec, context)}", wait_until="commit")
        handle = page.wait_for_function(READY_SCRIPT, arg=list(spec.ready), timeout=timeout_s * 1000, polling="raf")
        done, loaded = handle.json_value()
        return Render(spec.key, float(done), loaded_ms=float(loaded) if loaded else None)
    except Exception as error:  # a timeout or a broken page: record it, carry on with the next page
        return Render(spec.key, None, f"{type(error).__name__}: {str(error).splitlines()[0][:120]}")
    finally:
        browser_context.close()


def main(argv: list[str] | None = None) -> int:
    """Render one page: ``python -m dashboard.benchmark.browser --base-url URL --page KEY --as-of DATE``."""
    parser = argparse.ArgumentParser(prog="python -m dashboard.benchmark.browser")
    parser.add_argument("--base-url", required=True)
    add_page_arguments(parser)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    context = page_context(args)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        result = _render_one(browser, args.base_url, PAGE_BY_KEY[args.page], context, args.timeout)
        print(json.dumps({"page": result.page, "ms": result.ms, "note": result.note, "loaded_ms": result.loaded_ms}),
              flush=True)
        browser.close()
    return 0


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid``, children before their own children."""
    found, queue = [], [pid]
    while queue:
        children = _children(queue.pop())
        found += children
        queue += children
    return found


def _kill_tree(process: subprocess.Popen) -> None:
    """Stop a process that we started and every process it started (the browser), by their ids."""
    for pid in [process.pid, *_descendants(process.pid)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()


def _render_in_process(base_url: str, spec: PageSpec, context: Context, timeout_s: float) -> Render:
    """Render one page in a process of its own, stopped (with its browser) when it overruns its time."""
    command = [sys.executable, "-m", "dashboard.benchmark.browser", "--base-url", base_url, "--page", spec.key,
               *page_arguments(context), "--timeout", str(timeout_s)]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True)
    try:
        output, _ = process.communicate(timeout=timeout_s + 20)
    except subprocess.TimeoutExpired:
        _kill_tree(process)
        return Render(spec.key, None, f"the page kept the browser busy beyond {timeout_s + 20:.0f} s")
    for line in output.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            return Render(record["page"], record["ms"], record["note"], record.get("loaded_ms"))
    return Render(spec.key, None, f"no result (exit status {process.returncode})")


def render_pages(url: str, context: Context, timeout_s: float, keys: list[str] | None = None,
                 report=print, preexec=None) -> tuple[list[Render], list[float]]:
    """Render every page once under gunicorn; returns the renders and each worker's peak memory in MB."""
    if chromium_path() is None:
        report("Chromium ontbreekt: de weergave wordt niet gemeten")
        return [], []
    port = _free_port()
    environment = {**os.environ, "DATABASE_URL": url, "DASHBOARD_ENV": "development",
                   "DASHBOARD_SECRET_KEY": "benchmark", "DASHBOARD_LOGIN_RATE_LIMIT": "100000 per minute"}
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "app:server", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
         "--timeout", str(int(timeout_s) + 60)],
        cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=log, preexec_fn=preexec)
    renders: list[Render] = []
    workers: list[float] = []
    try:
        _wait_until_up(port, server)
        base_url = f"http://127.0.0.1:{port}"
        for spec in PAGES:
            if spec.path is None or (keys and spec.key not in keys):
                continue
            result = _render_in_process(base_url, spec, context, timeout_s)
            report(f"  weergave {spec.title}: " + (f"{result.ms:.0f} ms (load-event na {result.loaded_ms or 0:.0f} ms)"
                                                    if result.ms is not None else f"niet klaar ({result.note})"))
            renders.append(result)
        workers = [m for m in (peak_memory_mb(pid) for pid in _children(server.pid)) if m is not None]
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            _kill_tree(server)
        log.close()
    return renders, workers


if __name__ == "__main__":
    sys.exit(main())
