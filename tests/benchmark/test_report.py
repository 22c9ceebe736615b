"""The benchmark's verdicts: each target met or missed, and by how much, from the records the workers emit."""

from __future__ import annotations

import datetime as dt

from dashboard.benchmark import report


def size_with(size: int, cold: float, warm: list[float], sql: list[float],
              uncached: list[float] = ()) -> report.SizeResult:
    """A size at which every callback of the Overzicht page took these times."""
    result = report.SizeResult(size=size, backend="sqlite", as_of=dt.date(2025, 12, 31), fill_seconds=None)
    records = [{"kind": "callback", "callback": "show_overzicht", "run": run, "ms": ms, "ok": True, "bytes": 10}
               for run, ms in enumerate([cold, *warm])]
    records += [{"kind": "uncached", "callback": "show_overzicht", "run": run, "ms": ms, "ok": True, "bytes": 10}
                for run, ms in enumerate(uncached, start=1)]
    records += [{"kind": "sql", "callback": "show_overzicht", "ms": ms} for ms in sql]
    result.add_page("overzicht", records, timed_out=False, peak_mb=180.0, seconds=1.0)
    return result


def verdict(results, starts: str) -> tuple[str, list[str]]:
    """The verdict and misses of the target whose text starts with ``starts``."""
    (found,) = [(v, misses) for text, v, misses in report.verdicts(results) if text.startswith(starts)]
    return found


def test_cached_views_meet_the_target_while_the_first_view_misses_it():
    large = size_with(1_000_000, cold=5_000.0, warm=[4.0, 3.0, 5.0], sql=[4_000.0, 4_200.0])
    assert verdict([large], "1,000,000 trajectories on SQLite: every") == ("met", [])
    state, misses = verdict([large], "1,000,000 trajectories on SQLite, the first view")
    assert state == "missed" and misses == ["`show_overzicht` 5.0 s, 1.22× its bare SQL"]


def test_a_slow_cached_view_and_a_small_size_miss():
    large = size_with(1_000_000, cold=900.0, warm=[400.0, 500.0], sql=[100.0])
    state, misses = verdict([large], "1,000,000 trajectories on SQLite: every")
    assert state == "missed" and any("4.50× its bare SQL" in miss for miss in misses)
    small = size_with(114, cold=80.0, warm=[40.0], sql=[5.0])
    assert verdict([small], "AVI 130's size")[0] == "missed"
    assert verdict([size_with(114, cold=80.0, warm=[3.0], sql=[5.0])], "AVI 130's size") == ("met", [])
    assert verdict([small], "1,000,000 trajectories on SQLite: every")[0] == "not measured"


def test_the_first_view_in_a_running_worker_is_the_uncached_median_not_the_processs_first_call():
    fast = size_with(1_000_000, cold=750.0, warm=[3.0, 3.0], sql=[120.0, 130.0], uncached=[150.0, 170.0, 160.0])
    assert verdict([fast], "1,000,000 trajectories on SQLite, the first view") == ("met", [])
    slow = size_with(1_000_000, cold=750.0, warm=[3.0], sql=[100.0], uncached=[180.0, 200.0])
    assert verdict([slow], "1,000,000 trajectories on SQLite, the first view") == (
        "missed", ["`show_overzicht` 190 ms, 1.90× its bare SQL"])
    assert "| 750 ms | 3.0 ms | 160 ms | 125 ms |" in report.size_table(fast)
