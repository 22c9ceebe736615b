"""An outage in a browser: the database file disappears and comes back; the page says so, keeps its figures,
and fetches what it missed by itself, without a reload and without console errors."""

from __future__ import annotations

import pytest

from dashboard.data import db
from tests.data.transfer_fixtures import sqlite_demo_copy

pytestmark = pytest.mark.browser
UNAVAILABLE = "De database is op dit moment niet bereikbaar"


@pytest.fixture
def outage_url(tmp_path, demo_engine, database_url: str) -> str:
    """A SQLite database of this test's own, whose file the test moves away and back."""
    return sqlite_demo_copy(tmp_path, database_url)


@pytest.fixture
def live_server(outage_url, serve) -> str:
    """The app on that database, checking the data version every second."""
    from dashboard.factory import create_app

    return serve(create_app({"database_url": outage_url, "load_demo_if_new": False, "live_interval_seconds": 1}))


def test_missing_database_file_banner_and_recovery(page, outage_url):
    page.goto(page.base_url + "/")
    cards = page.locator("#kpi-aanvragen .kpi-value")
    cards.wait_for()
    shown = cards.inner_text()
    path = db.sqlite_file(outage_url)
    away = path.with_name("weg.sqlite")
    path.rename(away)
    try:
        page.locator("#db-banner", has_text=UNAVAILABLE).wait_for(timeout=10_000)
        assert cards.inner_text() == shown  # the figures stay
        page.select_option("#filter-province", "Zeeland")  # asks for data the page cannot get now
        page.locator("#overzicht-kpis", has_text=UNAVAILABLE).wait_for()
        assert not path.exists()
    finally:
        away.rename(path)
    page.locator("#db-banner", has_text=UNAVAILABLE).wait_for(state="detached", timeout=10_000)
    cards.wait_for(timeout=10_000)  # fetched again by itself
    assert "Zeeland" in page.locator("#state-summary").inner_text()
    assert UNAVAILABLE not in page.locator("#overzicht-kpis").inner_text()
    assert page.watch.problems() == []
