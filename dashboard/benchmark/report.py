"""The benchmark's results: medians per callback, the targets met or missed, tables and docs/benchmarks.md.

The targets (issue "Fast at national scale"):

- at 1,000,000 trajectories on SQLite, every data callback at most ``CALLBACK_MS_AT_SCALE`` ms at the
  median (warm) and at most ``OVERHEAD`` times its bare SQL; and so the first view after a data change
  (uncached, in a running worker);
- at AVI 130's size (the reconstruction, 114 trajectories), every data callback at most
  ``CALLBACK_MS_SMALL`` ms at the median;
- every page completely rendered within ``RENDER_MS`` ms;
- a worker under ``WORKER_MB`` MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.benchmark.browser import WORKERS, Render
from dashboard.benchmark.pages import PAGE_BY_KEY, PAGES, filter_query
from dashboard.data.schema.db import PROJECT_ROOT

BENCHMARKS = PROJECT_ROOT / "docs" / "benchmarks.md"
SECTION = "## Pages at national scale"
CALLBACK_MS_AT_SCALE = 300
OVERHEAD = 1.5
CALLBACK_MS_SMALL = 30
RENDER_MS = 2000
WORKER_MB = 300
LARGE = 1_000_000
BACKEND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
SMALL = 114


@dataclass
class CallbackResult:
    """The measurements of one data callback at one size."""

    page: str
    name: str
    cold_ms: float | None = None
    warm_ms: list[float] = field(default_factory=list)
    uncached_ms: list[float] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    queries: dict[str, list[float]] = field(default_factory=dict)
    ok: bool = True
    response_bytes: int | None = None

    @property
    def warm(self) -> float | None:
        """The median of the warm calls."""
        return statistics.median(self.warm_ms) if self.warm_ms else None

    @property
    def uncached(self) -> float | None:
        """The median of the calls with an empty callback cache in a running worker."""
        return statistics.median(self.uncached_ms) if self.uncached_ms else None

    @property
    def sql(self) -> float | None:
        """The median of the bare SQL runs."""
        return statistics.median(self.sql_ms) if self.sql_ms else None

    @property
    def ratio(self) -> float | None:
        """Warm callback median over bare SQL median."""
        return self.warm / self.sql if self.warm is not None and self.sql else None

    def slowest_queries(self, count: int = 2) -> list[tuple[str, float]]:
        """The queries with the largest median time, slowest first."""
        medians = [(label, statistics.median(times)) for label, times in self.queries.items() if times]
        return sorted(medians, key=lambda item: -item[1])[:count]


@dataclass
class SizeResult:
    """Everything measured at one size."""

    size: int
    backend: str
    as_of: dt.date
    fill_seconds: float | None
    callbacks: dict[tuple[str, str], CallbackResult] = field(default_factory=dict)
    page_peak_mb: dict[str, float] = field(default_factory=dict)
    page_seconds: dict[str, float] = field(default_factory=dict)
    timed_out: set[str] = field(default_factory=set)
    diagnosis: dict[str, list[tuple[str, str, float | None]]] = field(default_factory=dict)
    renders: dict[str, Render] = field(default_factory=dict)
    gunicorn_peak_mb: list[float] = field(default_factory=list)
    timeout_s: float | None = None

    def add_page(self, page: str, records: list[dict], timed_out: bool, peak_mb: float | None,
                 seconds: float) -> None:
        """Take in a worker's records for ``page``."""
        for spec in PAGE_BY_KEY[page].callbacks:
            self.callbacks.setdefault((page, spec.name), CallbackResult(page, spec.name))
        for record in records:
            kind = record.get("kind")
            if kind not in ("callback", "uncached", "sql", "query"):
                continue
            result = self.callbacks[(page, record["callback"])]
            if kind == "uncached":
                result.ok = result.ok and bool(record["ok"])
                result.uncached_ms.append(record["ms"])
            elif kind == "callback":
                result.ok = result.ok and bool(record["ok"])
                result.response_bytes = record["bytes"]
                if record["run"] == 0:
                    result.cold_ms = record["ms"]
                else:
                    result.warm_ms.append(record["ms"])
            elif kind == "sql":
                result.sql_ms.append(record["ms"])
            else:
                result.queries.setdefault(record["label"], []).append(record["ms"])
        if timed_out:
            self.timed_out.add(page)
        if peak_mb is not None:
            self.page_peak_mb[page] = peak_mb
        self.page_seconds[page] = seconds

    def add_diagnosis(self, page: str, records: list[dict]) -> None:
        """Keep the query-by-query run of a page that ran out of time: (callback, query, ms or None if unfinished)."""
        started = {}
        finished = []
        for record in records:
            key = (record.get("callback"), record.get("label"))
            if record.get("kind") == "query-start":
                started[key] = True
            elif record.get("kind") == "query":
                started.pop(key, None)
                finished.append((key[0], key[1], record["ms"]))
        self.diagnosis[page] = finished + [(callback, label, None) for callback, label in started]

    def worker_peak_mb(self) -> float | None:
        """The largest peak memory of any worker: test-client processes and gunicorn workers."""
        values = list(self.page_peak_mb.values()) + list(self.gunicorn_peak_mb)
        return max(values) if values else None


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def machine() -> dict[str, str]:
    """CPU count (nproc), CPU model, kernel, Python, date and load."""
    model = "?"
    if Path("/proc/cpuinfo").exists():
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        model = found.group(1).strip() if found else model
    memory = "?"
    if Path("/proc/meminfo").exists():
        found = re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.MULTILINE)
        memory = f"{int(found.group(1)) / 1024 ** 2:.0f} GB" if found else memory
    return {"cpus": str(len(os.sched_getaffinity(0))), "cpu": model, "memory": memory,
            "system": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
            "date": dt.date.today().isoformat(), "load_start": load_average()}


def duration(ms: float | None) -> str:
    """'12 ms', '1.2 s', '46 s'; '–' when missing."""
    if ms is None:
        return "–"
    if ms < 1000:
        return f"{ms:.0f} ms" if ms >= 10 else f"{ms:.1f} ms"
    return f"{ms / 1000:.1f} s" if ms < 10_000 else f"{ms / 1000:.0f} s"


def _warm_text(result: CallbackResult, size: SizeResult) -> str:
    """The warm median, or what is known when the page ran out of time."""
    if result.warm is not None:
        return duration(result.warm)
    if result.cold_ms is not None:
        return f"≥ {duration(result.cold_ms)} (only cold)"
    if result.page in size.timed_out:
        return f"> {duration(size.timeout_s * 1000) if size.timeout_s else 'timeout'}"
    return "–"


def page_lines(size: SizeResult, page: str) -> list[str]:
    """Short progress lines for one measured page."""
    lines = []
    for (key, _name), result in size.callbacks.items():
        if key != page:
            continue
        slow = ", ".join(f"{label} {duration(ms)}" for label, ms in result.slowest_queries())
        lines.append(f"  {result.name}: koud {duration(result.cold_ms)}, warm {_warm_text(result, size)}, "
                     f"zonder cache {duration(result.uncached)}, "
                     f"SQL {duration(result.sql)}" + (f" (traagst: {slow})" if slow else "")
                     + ("" if result.ok else " [FOUT in het antwoord]"))
    if page in size.timed_out:
        lines.append(f"  (gestopt na {size.page_seconds.get(page, 0):.0f} s)")
    return lines


def size_table(size: SizeResult) -> str:
    """A Markdown table of one size: per callback cold, warm, bare SQL, ratio and slowest query; per page render."""
    header = (f"\nN = {size.size:,} trajectories ({size.backend}, as of {size.as_of})\n\n"
              "| page | callback | cold | warm median | uncached median | bare SQL median | callback / SQL "
              "| slowest queries (median) | render |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
    rows = []
    for spec in PAGES:
        for index, callback in enumerate(spec.callbacks):
            result = size.callbacks.get((spec.key, callback.name))
            if result is None:
                continue
            slow = "; ".join(f"{label} {duration(ms)}" for label, ms in result.slowest_queries())
            if spec.key in size.diagnosis and not slow:
                slow = _diagnosis_text(size, spec.key, callback.name)
            render = size.renders.get(spec.key) if index == 0 else None
            render_text = "" if render is None else (
                f"{duration(render.ms)} (load {duration(render.loaded_ms)})" if render.ms is not None else "not done")
            ratio = f"{result.ratio:.2f}" if result.ratio else "–"
            rows.append(f"| {spec.title} | `{callback.name}` | {duration(result.cold_ms)} | {_warm_text(result, size)} "
                        f"| {duration(result.uncached)} | {duration(result.sql)} | {ratio} | {slow} "
                        f"| {render_text} |" + ("" if result.ok else " ⚠ error in response"))
    memory = size.worker_peak_mb()
    footer = (f"\nPeak worker memory: test-client workers up to "
              f"{max(size.page_peak_mb.values()) if size.page_peak_mb else 0:.0f} MB"
              + (f"; gunicorn workers {', '.join(f'{m:.0f}' for m in size.gunicorn_peak_mb)} MB"
                 if size.gunicorn_peak_mb else "")
              + (f" (largest {memory:.0f} MB)." if memory else "."))
    return "\n".join([header, *rows, footer])


def _diagnosis_text(size: SizeResult, page: str, callback: str) -> str:
    """What the query-by-query run of a page that ran out of time found for ``callback``."""
    parts = []
    for name, label, ms in size.diagnosis.get(page, []):
        if name != callback:
            continue
        parts.append(f"{label} {duration(ms)}" if ms is not None else f"{label} unfinished")
    return "; ".join(parts[-3:])


def summary_table(results: list[SizeResult]) -> str:
    """Per callback and size: the warm median (bare SQL median); then renders and memory per size."""
    sizes = " | ".join(f"N = {r.size:,}" for r in results)
    lines = [f"\n| page | callback | {sizes} |", "| --- | --- |" + " ---: |" * len(results)]
    for spec in PAGES:
        for callback in spec.callbacks:
            cells = []
            for size in results:
                result = size.callbacks.get((spec.key, callback.name))
                cells.append("–" if result is None else f"{_warm_text(result, size)} ({duration(result.sql)})")
            lines.append(f"| {spec.title} | `{callback.name}` | {' | '.join(cells)} |")
    for spec in PAGES:
        if spec.path is None:
            continue
        cells = []
        for size in results:
            render = size.renders.get(spec.key)
            cells.append("–" if render is None else (duration(render.ms) if render.ms is not None
                                                      else "not rendered in time"))
        lines.append(f"| {spec.title} | first complete render | {' | '.join(cells)} |")
    cells = [f"{r.worker_peak_mb():.0f} MB" if r.worker_peak_mb() else "–" for r in results]
    lines.append(f"| all | peak worker memory | {' | '.join(cells)} |")
    cells = [f"{r.fill_seconds:.0f} s" if r.fill_seconds is not None else "reused" for r in results]
    lines.append(f"| all | filling the database | {' | '.join(cells)} |")
    return "\n".join(lines)


def _all_callbacks(size: SizeResult) -> list[CallbackResult]:
    """The callbacks measured at ``size``, in page order."""
    return [size.callbacks[(spec.key, c.name)] for spec in PAGES for c in spec.callbacks
            if (spec.key, c.name) in size.callbacks]


def verdicts(results: list[SizeResult]) -> list[tuple[str, str, list[str]]]:
    """Per target: its text, 'met' / 'missed' / 'not measured', and the misses with their size."""
    out = []
    large = next((r for r in results if r.size == LARGE), None)
    backend = BACKEND_NAMES.get(large.backend, large.backend) if large else "SQLite"
    if large is None:
        out.append((f"1,000,000 trajectories on SQLite: every callback ≤ {CALLBACK_MS_AT_SCALE} ms (median) and "
                    f"≤ {OVERHEAD}× its bare SQL", "not measured", []))
    else:
        misses = []
        for result in _all_callbacks(large):
            value = result.warm if result.warm is not None else result.cold_ms
            if value is None:
                misses.append(f"`{result.name}` did not finish within the time limit")
                continue
            if value > CALLBACK_MS_AT_SCALE:
                misses.append(f"`{result.name}` {_warm_text(result, large)}, {value / CALLBACK_MS_AT_SCALE:.0f}× "
                              f"the target")
            if result.ratio is not None and result.ratio > OVERHEAD:
                misses.append(f"`{result.name}` {result.ratio:.2f}× its bare SQL")
        out.append((f"1,000,000 trajectories on {backend}: every callback ≤ {CALLBACK_MS_AT_SCALE} ms (median) and "
                    f"≤ {OVERHEAD}× its bare SQL", "missed" if misses else "met", misses))
        cold_misses = []
        for result in _all_callbacks(large):
            first_view = result.uncached if result.uncached is not None else result.cold_ms
            if first_view is None:
                cold_misses.append(f"`{result.name}` did not finish within the time limit")
            elif first_view > CALLBACK_MS_AT_SCALE or (result.sql and first_view > OVERHEAD * result.sql):
                ratio = f", {first_view / result.sql:.2f}× its bare SQL" if result.sql else ""
                cold_misses.append(f"`{result.name}` {duration(first_view)}{ratio}")
        out.append((f"1,000,000 trajectories on {backend}, the first view after a change (uncached median, else the "
                    f"cold call): ≤ {CALLBACK_MS_AT_SCALE} ms and ≤ {OVERHEAD}× its bare SQL",
                    "missed" if cold_misses else "met", cold_misses))
    small = next((r for r in results if r.size == SMALL), None)
    if small is None:
        out.append((f"AVI 130's size: every callback ≤ {CALLBACK_MS_SMALL} ms", "not measured", []))
    else:
        misses = [f"`{r.name}` {_warm_text(r, small)}" for r in _all_callbacks(small)
                  if (r.warm if r.warm is not None else r.cold_ms or float("inf")) > CALLBACK_MS_SMALL]
        out.append((f"AVI 130's size: every callback ≤ {CALLBACK_MS_SMALL} ms", "missed" if misses else "met", misses))
    rendered = [r for r in results if r.renders]
    if not rendered:
        out.append((f"every page rendered within {RENDER_MS / 1000:.0f} s", "not measured", []))
    else:
        misses = [f"{PAGE_BY_KEY[key].title} at N = {r.size:,}: "
                  + (duration(render.ms) if render.ms is not None else "not rendered in time")
                  for r in rendered for key, render in r.renders.items()
                  if render.ms is None or render.ms > RENDER_MS]
        out.append((f"every page rendered within {RENDER_MS / 1000:.0f} s", "missed" if misses else "met", misses))
    measured = [r for r in results if r.worker_peak_mb()]
    misses = [f"N = {r.size:,}: {r.worker_peak_mb():.0f} MB" for r in measured if r.worker_peak_mb() >= WORKER_MB]
    out.append((f"a worker under {WORKER_MB} MB", "not measured" if not measured else ("missed" if misses else "met"),
                misses))
    return out


def verdicts_text(results: list[SizeResult]) -> str:
    """The targets as a Markdown list."""
    lines = ["\nTargets:"]
    for target, verdict, misses in verdicts(results):
        lines.append(f"- {target}: **{verdict}**" + (f" — {'; '.join(misses)}" if misses else ""))
    return "\n".join(lines)


def as_json(machine_info: dict, results: list[SizeResult]) -> dict:
    """All measurements as a JSON-ready dict."""
    return {"machine": machine_info, "sizes": [{
        "size": r.size, "backend": r.backend, "as_of": r.as_of.isoformat(), "fill_seconds": r.fill_seconds,
        "timed_out": sorted(r.timed_out), "page_peak_mb": r.page_peak_mb, "gunicorn_peak_mb": r.gunicorn_peak_mb,
        "renders": {k: {"ms": v.ms, "loaded_ms": v.loaded_ms, "note": v.note} for k, v in r.renders.items()},
        "diagnosis": r.diagnosis,
        "callbacks": [{"page": c.page, "callback": c.name, "cold_ms": c.cold_ms, "warm_ms": c.warm_ms,
                       "uncached_ms": c.uncached_ms,
                       "sql_ms": c.sql_ms, "queries": c.queries, "ok": c.ok, "response_bytes": c.response_bytes}
                      for c in r.callbacks.values()],
    } for r in results]}


def section_title(args: argparse.Namespace) -> str:
    """The heading of this run's section: one for the pages as they open, one per set of filters, and one per
    number of programmes and database."""
    query = filter_query(args.filter)
    title = f"{SECTION}, filtered on `{query}`" if query else SECTION
    if getattr(args, "programmes", 1) > 1:
        title += f", {args.programmes} programmes on {'PostgreSQL' if args.database_url else 'SQLite'}"
    return title


def section(machine_info: dict, results: list[SizeResult], args: argparse.Namespace) -> str:
    """The Markdown section for docs/benchmarks.md."""
    sizes = ", ".join(f"{r.size:,}" for r in results)
    query = filter_query(args.filter)
    lines = [
        section_title(args), "",
        f"Measured with `python -m dashboard bench --sizes {','.join(str(r.size) for r in results)}"
        + (f" --programmes {args.programmes}" if getattr(args, "programmes", 1) > 1 else "")
        + (" --database-url ..." if args.database_url else "")
        + (f" --filter '{query}'" if query else "") + f"` on {machine_info['date']}.", "",
        f"- Machine: {machine_info['cpus']} CPUs (nproc), {machine_info['cpu']}, {machine_info['memory']} memory; "
        f"{machine_info['system']}, Python {machine_info['python']}. Load average (1, 5, 15 min) at the start "
        f"{machine_info['load_start']}, at the end {machine_info.get('load_end', '?')}.",
        f"- Data: N = {sizes} trajectories. 114 is the AVI 130 reconstruction (`load-demo`, as of 2008-03-04); "
        f"the others come from `python -m dashboard synth --trajectories N --seed {args.seed}"
        + (f" --programmes {args.programmes}" if getattr(args, "programmes", 1) > 1 else "")
        + "` (as of 2025-12-31, 15,000 trajectories starting a year, so 1,000,000 trajectories cover 67 years"
        + (f", in {args.programmes} overlapping programmes of one to three years; the pages are measured for one "
           "programme, the largest running on that date, and the portfolio for all" if getattr(
               args, "programmes", 1) > 1 else "") + ")"
        + (f"; database {results[0].backend}." if results else "."),
        "- Callbacks: each page in a fresh worker process that builds the app through the factory, freezes what "
        "start-up built for the garbage collector (`gc.freeze()`, as `app.py` does for gunicorn), signs in as "
        "`projectleiding-demo` with the Flask test client, then POSTs to `/_dash-update-component` the body the "
        "browser sends when the page opens (URL with `?stand=`" + (f" and `{query}`" if query else "")
        + ", triggered by `url.search`). *Cold* is the first "
        f"call in that process, *warm* the median of up to {args.repeats} repeats (fewer when a call takes "
        "seconds), answered from the callback cache. *Uncached* is the median of as many repeats after emptying "
        "the callback cache: the first view after a data change in a running worker. "
        "*Bare SQL* calls the same `dashboard.data.queries` functions directly with a session of the "
        f"app's engine. A page gets {args.timeout:.0f} s; one that runs out is run again query by query.",
        f"- Render: `gunicorn app:server` with {WORKERS} sync workers; headless Chromium (Playwright, "
        "`/usr/bin/chromium --no-sandbox --disable-gpu`), a fresh context per page signed in through `/inloggen`; "
        "the time from the start of the navigation until the page's main graphs show data, its tables have rows "
        f"and no Dash callback is loading ({args.render_timeout:.0f} s at most; a page that keeps the browser busy "
        "longer is stopped). *Load* is the page's load event (HTML, scripts, styles; no cache), before the data "
        "callbacks run.",
        "- Memory: peak resident set (`ru_maxrss`) of each test-client worker process, and `VmHWM` of each "
        "gunicorn worker after all pages were rendered. Workers run under an 8 GB address-space limit.",
        "",
        "Warm median per callback, with the bare SQL median in brackets:",
        summary_table(results),
        "",
        verdicts_text(results).lstrip("\n"),
        "",
        "Per size, with the cold call, the ratio to the bare SQL and the slowest queries:",
    ]
    for result in results:
        result.timeout_s = result.timeout_s or args.timeout
        lines.append(size_table(result))
    return "\n".join(lines).rstrip() + "\n"


def write_docs(machine_info: dict, results: list[SizeResult], args: argparse.Namespace) -> None:
    """Replace (or append) this benchmark's section of docs/benchmarks.md; other sections stay."""
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    new = section(machine_info, results, args)
    pattern = re.compile(rf"^{re.escape(section_title(args))}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: new + "\n", text, count=1)
    else:
        text = text.rstrip() + "\n\n" + new
    BENCHMARKS.write_text(text.rstrip() + "\n", encoding="utf-8")
