"""``python -m dashboard bench``: build each database size, measure every page, print and record the results.

For each size N (114 is the AVI 130 reconstruction, loaded with ``loader.load_demo``; any other N is
``synth.synthesize(N, seed)``), on a SQLite file of its own under ``--workdir`` or on the database of
``--database-url``:

1. every page's data callbacks and their bare SQL, each page in a fresh worker process
   (``dashboard.benchmark.worker``), stopped after ``--timeout`` seconds; a page that runs out of
   time is measured once more query by query (``--mode sql``) to see which query holds it up;
2. the first complete render of every page in headless Chromium under gunicorn (``browser``);
3. the peak memory of the worker processes of both.

Every worker process gets an address-space limit (``MEMORY_LIMIT_GB``), so that a page that would
need more memory fails on its own instead of taking the machine down.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.benchmark import report
from dashboard.benchmark.browser import peak_memory_mb, render_pages
from dashboard.benchmark.pages import PAGES, Context, filter_query, page_arguments
from dashboard.data.queries import programmes
from dashboard.data.queries.filters import Filters
from dashboard.data.queries.trajectories import middle_number
from dashboard.data.schema import db
from dashboard.data.schema.models import Programme

RECONSTRUCTION_SIZE = 114
RECONSTRUCTION_AS_OF = dt.date(2008, 3, 4)  # the report's date: everything in the reconstruction has happened
MEMORY_LIMIT_GB = 8


def limit_memory() -> None:
    """Limit the address space of this (child) process, so that runaway memory ends in a MemoryError."""
    limit = MEMORY_LIMIT_GB * 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _remove_sqlite(path: Path) -> None:
    """Delete a SQLite file with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _programme_name(url: str) -> str | None:
    """The name of the programme in the database at ``url``, or None when there is none."""
    engine = db.make_engine(url)
    try:
        if not db.has_schema(engine):
            return None
        with Session(engine) as session:
            return session.execute(select(Programme.name).order_by(Programme.id).limit(1)).scalar()
    except Exception:
        return None
    finally:
        engine.dispose()


def prepare(size: int, args: argparse.Namespace, say) -> tuple[str, dt.date, float | None]:
    """The database URL for ``size``, filled (or reused); its as-of date and the seconds it took to fill."""
    from dashboard.data.sources.loader import load_demo
    from dashboard.data.sources.synth import END, synthesize, synthetic_name

    if args.database_url:
        url = args.database_url
    else:
        several = f"-p{args.programmes}" if args.programmes > 1 else ""
        name = "reconstructie" if size == RECONSTRUCTION_SIZE else f"{size}-s{args.seed}{several}"
        path = Path(args.workdir) / f"bench-{name}.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    as_of = RECONSTRUCTION_AS_OF if size == RECONSTRUCTION_SIZE else END
    wanted = "AVI 130" if size == RECONSTRUCTION_SIZE else synthetic_name(size, args.seed, args.programmes)
    if args.reuse and _programme_name(url) == wanted:
        say(f"N={size}: bestaande database hergebruikt ({url})")
        return url, as_of, None
    if not args.database_url:
        _remove_sqlite(Path(url.removeprefix("sqlite:///")))
    engine = db.make_engine(url)
    began = time.perf_counter()
    try:
        if size == RECONSTRUCTION_SIZE:
            load_demo(engine)
        else:
            synthesize(engine, size, args.seed, report=lambda line: say(f"  synth: {line}"),
                       programmes=args.programmes)
    finally:
        engine.dispose()
    seconds = time.perf_counter() - began
    say(f"N={size}: database gevuld in {seconds:.1f} s ({url})")
    return url, as_of, seconds


def run_worker(url: str, page: str, context: Context, repeats: int, timeout: float,
               mode: str = "all") -> tuple[list[dict], bool, float | None]:
    """Run one page's measurements in a worker process; returns its records, whether it ran out of time, peak MB."""
    command = [sys.executable, "-m", "dashboard.benchmark.worker", "--url", url, "--page", page,
               *page_arguments(context), "--repeats", str(repeats), "--mode", mode]
    process = subprocess.Popen(command, cwd=db.PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, preexec_fn=limit_memory)
    records: list[dict] = []

    def read() -> None:
        for line in process.stdout:
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                pass

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    timed_out = False
    peak = None
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        peak = peak_memory_mb(process.pid)
        process.kill()
        process.wait()
    reader.join(timeout=10)
    memory = [r["peak_rss_mb"] for r in records if r.get("kind") == "memory"]
    if memory:
        peak = memory[-1]
    if process.returncode not in (0, None) and not timed_out:
        records.append({"kind": "error", "page": page, "returncode": process.returncode})
    return records, timed_out, peak


def _context(url: str, as_of: dt.date, filters: Filters, size: int) -> Context:
    """What the pages are asked: ``filters``, and with several programmes in the database the one chosen (else
    the largest running on ``as_of``) with its middle trajectory; with one, the middle trajectory."""
    engine = db.make_engine(url)
    try:
        with Session(engine) as session:
            if filters.programme is None and programmes.count(session) > 1:
                filters = replace(filters, programme=programmes.largest_running(session, as_of))
            nr = middle_number(session, filters) if filters.programme else max(1, size // 2)
    finally:
        engine.dispose()
    return Context(as_of=as_of, filters=filters, trajectory=nr)


def measure_size(size: int, args: argparse.Namespace, say) -> report.SizeResult:
    """Everything measured for one size."""
    url, as_of, seconds = prepare(size, args, say)
    context = _context(url, as_of, args.filter, size)
    if context.filters.programme:
        say(f"N={size}: gemeten voor programma {context.filters.programme}, traject {context.trajectory}")
    result = report.SizeResult(size=size, backend="postgresql" if args.database_url else "sqlite",
                               as_of=as_of, fill_seconds=seconds, timeout_s=args.timeout)
    keys = args.pages.split(",") if args.pages else None
    for page in PAGES:
        if keys and page.key not in keys and page.path not in keys:
            continue
        say(f"N={size}: {page.title} ...")
        began = time.perf_counter()
        records, timed_out, peak = run_worker(url, page.key, context, args.repeats, args.timeout)
        result.add_page(page.key, records, timed_out, peak, time.perf_counter() - began)
        if timed_out:
            say(f"  na {args.timeout:.0f} s gestopt; de queries nog eens afzonderlijk")
            diagnosis, _, _ = run_worker(url, page.key, context, 1, args.timeout / 2, mode="sql")
            result.add_diagnosis(page.key, diagnosis)
        for line in report.page_lines(result, page.key):
            say(line)
    if not args.no_browser:
        say(f"N={size}: weergave in Chromium (gunicorn)")
        page_keys = [p.key for p in PAGES if p.path is not None and (not keys or p.key in keys or p.path in keys)]
        renders, workers = render_pages(url, context, args.render_timeout, page_keys, report=say,
                                        preexec=limit_memory)
        result.renders = {r.page: r for r in renders}
        result.gunicorn_peak_mb = workers
    return result


def run_benchmark(args: argparse.Namespace) -> int:
    """Run the benchmark for every size, print the tables, and write docs/benchmarks.md and JSON."""
    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    machine = report.machine()
    say(f"Machine: {machine['cpus']} CPU's ({machine['cpu']}), belasting bij de start {machine['load_start']}")
    results = []
    for size in args.sizes:
        results.append(measure_size(size, args, say))
        print(report.size_table(results[-1]))
    machine["load_end"] = report.load_average()
    print(report.summary_table(results))
    print(report.verdicts_text(results))
    if args.json:
        measured = {"filter": filter_query(args.filter), **report.as_json(machine, results)}
        Path(args.json).write_text(json.dumps(measured, indent=2, default=str), encoding="utf-8")
    if not args.no_docs:
        report.write_docs(machine, results, args)
        say(f"docs/benchmarks.md bijgewerkt ({report.section_title(args)})")
    return 0

