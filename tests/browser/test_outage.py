"""An outage in a browser: the database file disappears and comes back; the page says so, keeps its figures,
and fetches what it missed by itself, without a reload and without console errors."""

from __future__ import annotations

import pytest

from dashboard.data.schema import db

pytestmark = pytest.mark.browser
UNAVAILABLE = "De database is op dit moment niet bereikbaar"


@pytest.fixture
def live_server(own_live_server: str) -> str:
    """The app on a database of this test's own, whose file the test moves away and back."""
    return own_live_server


def test_missing_database_file_banner_and_recovery(page, own_database_url):
    page.goto(page.base_url + "/")
    cards = page.locator("#kpi-aanvragen .kpi-value")
    cards.wait_for()
    shown = cards.inner_text()
    path = db.sqlite_file(own_database_url)
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
