"""``python -m dashboard bench``: every page's callbacks answer through the real endpoint and are timed."""

from __future__ import annotations

import json
import subprocess
import sys

from dashboard.benchmark.pages import PAGES
from dashboard.data.schema import db


def test_bench_measures_every_callback_and_its_sql_at_the_reconstructions_size(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "bench", "--sizes", "114", "--no-browser", "--no-docs",
         "--repeats", "2", "--workdir", str(tmp_path), "--json", str(out)],
        cwd=db.PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "N = 114" in result.stdout and "Targets" in result.stdout
    (size,) = json.loads(out.read_text())["sizes"]
    assert size["size"] == 114 and size["timed_out"] == []
    measured = {(c["page"], c["callback"]): c for c in size["callbacks"]}
    assert set(measured) == {(page.key, spec.name) for page in PAGES for spec in page.callbacks}
    for callback in measured.values():
        assert callback["ok"], callback
        assert callback["cold_ms"] > 0 and len(callback["warm_ms"]) >= 2 and len(callback["sql_ms"]) >= 1
        assert len(callback["uncached_ms"]) == len(callback["warm_ms"])
        assert all(len(times) == len(callback["sql_ms"]) for times in callback["queries"].values())
    assert all(0 < peak < 2_000 for peak in size["page_peak_mb"].values())


def test_bench_measures_a_page_with_filters(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "bench", "--sizes", "114", "--pages", "/kaart", "--filter",
         "thema=zorg&provincie=Utrecht", "--no-browser", "--no-docs", "--repeats", "1", "--workdir", str(tmp_path),
         "--json", str(out)],
        cwd=db.PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    measured = json.loads(out.read_text())
    assert measured["filter"] == "provincie=Utrecht&thema=zorg"
    (size,) = measured["sizes"]
    (kaart,) = [c for c in size["callbacks"] if c["page"] == "kaart"]
    assert kaart["ok"] and kaart["cold_ms"] > 0 and size["timed_out"] == []
