"""Benchmark of the public thermometer under gunicorn, against a trivial route on the same server.

Run from the repository root: ``.venv/bin/python scripts/bench_thermometer.py`` (about half a minute).

It loads the AVI 130 reconstruction into a temporary SQLite file (``python -m dashboard load-demo``),
starts ``gunicorn app:server`` with 2 workers on a free loopback port, and then lets a bounded number of
client threads (http.client, one connection per request as gunicorn's sync workers close it) send
requests to one route at a time for a bounded time. The routes take turns in short rounds, so that
whatever else the machine is doing weighs on all of them alike. For each route it measures requests per
second and the latency (median, p95). The ceiling is ``/embed/ping`` ("ok" from the same blueprint and
middleware). The aim: every thermometer route reaches at least 70% of the ceiling. The table is printed
and written as the "Thermometer" section of ``docs/benchmarks.md`` (replaced when present, appended
otherwise), with the machine and the date.
This is a measurement, not a test: nothing fails when the aim is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "docs" / "benchmarks.md"
CEILING = "/embed/ping"
ROUTES = ["/api/v1/thermometer", "/embed/thermometer.svg", "/embed/thermometer"]
AIM = 0.70
SECTION = "## Thermometer"


@dataclass(frozen=True)
class Result:
    """What one route did under load."""

    route: str
    requests: int
    errors: int
    seconds: float
    median_ms: float
    p95_ms: float
    latencies: tuple[float, ...] = ()

    @property
    def rps(self) -> float:
        """Successful requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, timeout: float = 10.0) -> tuple[int, bytes]:
    """One GET on a fresh connection; returns status and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_until_up(port: int, process: subprocess.Popen, timeout: float = 60.0) -> None:
    """Wait until gunicorn answers the ping, or fail with its output."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopte (code {process.returncode})")
        try:
            if get(port, CEILING, timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn kwam niet op tijd op")


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def load(port: int, route: str, clients: int, seconds: float) -> Result:
    """Let ``clients`` threads request ``route`` for ``seconds``; collect counts and latencies."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start = threading.Barrier(clients + 1)
    stop_at: list[float] = []

    def client(index: int) -> None:
        start.wait()
        while time.perf_counter() < stop_at[0]:
            began = time.perf_counter()
            try:
                status, _body = get(port, route)
            except OSError:
                errors[index] += 1
                continue
            if status == 200:
                latencies[index].append(time.perf_counter() - began)
            else:
                errors[index] += 1

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    stop_at.append(began + seconds)
    start.wait()
    for thread in threads:
        thread.join(seconds + 30)
    elapsed = time.perf_counter() - began
    flat = [value for per_client in latencies for value in per_client]
    return summarise(route, flat, sum(errors), elapsed)


def summarise(route: str, latencies: list[float], errors: int, seconds: float) -> Result:
    """Counts, rate and latency percentiles of one route's requests."""
    if not latencies:
        return Result(route, 0, errors, seconds, float("nan"), float("nan"))
    return Result(route, len(latencies), errors, seconds, statistics.median(latencies) * 1000,
                  percentile(latencies, 0.95) * 1000, tuple(latencies))


def combine(parts: list[Result]) -> Result:
    """One result from a route's rounds."""
    latencies = [value for part in parts for value in part.latencies]
    return summarise(parts[0].route, latencies, sum(p.errors for p in parts), sum(p.seconds for p in parts))


def machine() -> str:
    """The CPU count and model of this machine."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs (nproc), {model}; {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def table(results: list[Result], ceiling: float) -> str:
    """The results as a Markdown table, with each route's share of the ceiling."""
    lines = ["| route | requests | errors | requests/s | median (ms) | p95 (ms) | of ceiling |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        share = f"{100 * r.rps / ceiling:.0f}%" if ceiling else "–"
        lines.append(f"| `{r.route}` | {r.requests} | {r.errors} | {r.rps:.0f} | {r.median_ms:.1f} | "
                     f"{r.p95_ms:.1f} | {share} |")
    return "\n".join(lines)


def verdict(results: list[Result], ceiling: float) -> str:
    """Whether every thermometer route reached 70% of the ceiling, and by how much."""
    routes = [r for r in results if r.route in ROUTES]
    worst = min(routes, key=lambda r: r.rps)
    share = worst.rps / ceiling if ceiling else 0.0
    errors = sum(r.errors for r in results)
    margin = (share - AIM) * 100
    if share >= AIM:
        text = (f"Aim met: the slowest thermometer route (`{worst.route}`) reaches {share:.0%} of the ceiling, "
                f"{margin:.0f} percentage points above 70%.")
    else:
        text = (f"Aim missed: the slowest thermometer route (`{worst.route}`) reaches {share:.0%} of the ceiling, "
                f"{-margin:.0f} percentage points below 70%.")
    return text + (f" Note: {errors} errors." if errors else " No errors.")


def write_section(text: str) -> None:
    """Replace the Thermometer section of docs/benchmarks.md, or append it (creating the file if needed)."""
    current = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _m: text.rstrip("\n") + "\n\n", current).rstrip("\n") + "\n"
    else:
        updated = current.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n"
    BENCHMARKS.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Load the demo data, start gunicorn, measure, print and record; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="gelijktijdige clients (threads), standaard 8")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconden per route, standaard 5")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn-workers, standaard 2")
    parser.add_argument("--rounds", type=int, default=5, help="beurten per route (de tijd wordt verdeeld), standaard 5")
    parser.add_argument("--no-write", action="store_true", help="alleen afdrukken, docs/benchmarks.md niet bijwerken")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 64 or not 0 < args.seconds <= 60 or not 1 <= args.rounds <= 20:
        parser.error("kies 1-64 clients, 0-60 seconden en 1-20 beurten")

    with tempfile.TemporaryDirectory(prefix="bench-thermometer-") as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(tmp) / 'avi130.sqlite'}",
               "PYTHONPATH": str(ROOT)}
        env.pop("DASHBOARD_URL_PREFIX", None)
        cache_seconds = int(env.setdefault("DASHBOARD_PUBLIC_CACHE_SECONDS", "10"))
        subprocess.run([sys.executable, "-m", "dashboard", "load-demo"], cwd=ROOT, env=env, check=True)
        port = free_port()
        command = [sys.executable, "-m", "gunicorn", "app:server", "--workers", str(args.workers),
                   "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--chdir", str(ROOT)]
        process = subprocess.Popen(command, cwd=ROOT, env=env)
        try:
            wait_until_up(port, process)
            for route in [CEILING, *ROUTES]:  # warm every worker's imports, templates and cache
                for _ in range(4 * args.workers):
                    status, _ = get(port, route)
                    if status != 200:
                        raise SystemExit(f"{route} gaf {status}")
            print(f"{args.clients} clients × {args.seconds:g} s per route in {args.rounds} rounds, "
                  f"gunicorn {args.workers} workers, cache {cache_seconds} s", flush=True)
            rounds: dict[str, list[Result]] = {route: [] for route in [CEILING, *ROUTES]}
            for number in range(1, args.rounds + 1):
                for route in rounds:
                    result = load(port, route, args.clients, args.seconds / args.rounds)
                    rounds[route].append(result)
                    print(f"  round {number}  {route:28} {result.rps:8.0f} requests/s  median "
                          f"{result.median_ms:6.1f} ms  p95 {result.p95_ms:6.1f} ms  errors {result.errors}",
                          flush=True)
            results = [combine(parts) for parts in rounds.values()]
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    ceiling = results[0]
    rendered = table(results, ceiling.rps)
    conclusion = verdict(results, ceiling.rps)
    spread = {route: [round(p.rps) for p in parts] for route, parts in rounds.items()}
    print()
    print(rendered)
    print(conclusion)
    if not args.no_write:
        text = "\n".join([
            SECTION,
            "",
            f"Measured with `scripts/bench_thermometer.py` on {dt.date.today().isoformat()}.",
            "",
            f"- Machine: {machine()}.",
            f"- Server: `gunicorn app:server`, {args.workers} sync workers, loopback; SQLite database with the "
            f"AVI 130 reconstruction (`python -m dashboard load-demo`); server-side cache "
            f"`DASHBOARD_PUBLIC_CACHE_SECONDS={cache_seconds}`.",
            f"- Load: {args.clients} clients (Python threads, http.client, one connection per request) × "
            f"{args.seconds:g} s per route, in {args.rounds} rounds in which the routes take turns; on the same "
            f"machine as the server (clients and workers share the CPUs).",
            f"- Ceiling: `{CEILING}` (\"ok\" through the same blueprint and after_request hooks).",
            f"- The thermometer routes answer from the cache: each worker renders an answer (and asks the "
            f"database) at most once per {cache_seconds} s per route and date; the rest are cache hits.",
            "- Requests/s per round: " + "; ".join(f"`{route}` {', '.join(map(str, values))}"
                                                  for route, values in spread.items()) + ".",
            "",
            rendered,
            "",
            f"{conclusion} The aim: every thermometer route at least 70% of the ceiling.",
            "",
        ])
        write_section(text)
        print(f"\nUpdated {BENCHMARKS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
