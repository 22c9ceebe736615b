"""Every page in headless Chromium: it renders, shows its data, and has no errors or outside requests."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = [("/", "Overzicht"), ("/tijdlijn", "Tijdlijn"), ("/kaart", "Kaart"), ("/cmos", "CMO's"), ("/evaluaties", "Evaluaties"), ("/trajecten", "Trajecten")]


@pytest.mark.parametrize("path,heading", PAGES)
def test_page_renders_without_errors(page, path, heading):
    page.goto(page.base_url + path)
    page.get_by_role("heading", name=heading, level=1).wait_for()
    # Dash marks components whose callbacks are still running; wait until none are (a loaded machine is slow).
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=90_000)
    assert page.watch.problems() == []


def test_overzicht_shows_the_headline_numbers(page):
    page.goto(page.base_url + "/?stand=2007-11-30")
    page.get_by_text("Stand per 30 nov 2007").wait_for()
    assert page.locator("#kpi-aanvragen .kpi-value").inner_text() == "131 van 130"
    assert page.locator("#kpi-lopend .kpi-value").inner_text() == "68"
    assert page.locator("#kpi-afgerond .kpi-value").inner_text() == "46"
    assert page.locator("#kpi-gemeenten .kpi-value").inner_text() == "158 van 443"
    assert "Per 30 nov 2007: 131 aanvragen" in page.locator(".summary-sentence").inner_text()
    assert page.watch.problems() == []


def test_navbar_links_every_page(page):
    page.goto(page.base_url + "/")
    nav = page.get_by_role("navigation")
    nav.get_by_role("link", name="Overzicht").wait_for()
    menu = nav.inner_text()
    positions = [menu.index(name) for name in ("Overzicht", "Tijdlijn", "Kaart", "CMO's", "Evaluaties", "Trajecten")]
    assert positions == sorted(positions)
    nav.get_by_role("link", name="Trajecten").click()
    page.get_by_role("heading", name="Trajecten", level=1).wait_for()
    assert page.url.endswith("/trajecten")


def test_trajecten_search_and_detail(page):
    page.goto(page.base_url + "/trajecten?stand=2008-03-04")
    page.get_by_text("114 trajecten per 4 mrt 2008").wait_for()
    page.get_by_label("Zoeken in alle kolommen").fill("Heerhugowaard")
    page.get_by_text("1 trajecten per 4 mrt 2008").wait_for()
    page.locator(".ag-row", has_text="Heerhugowaard").first.click()
    detail = page.locator(".trajectory-detail")
    detail.get_by_text("Traject 62: Heerhugowaard").wait_for()
    assert "nota Vrijwilligersbeleid 2008-2011" in detail.inner_text()
    assert page.watch.problems() == []
