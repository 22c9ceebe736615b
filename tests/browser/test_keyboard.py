"""Keyboard and screen reader in a browser: axe finds nothing on any page for either role, the charts' toolbars
are one Dutch tab stop, and what a click on a chart opens a keyboard opens too."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import all_violations

pytestmark = pytest.mark.browser

PAGES = ["/", "/tijdlijn", "/kaart", "/cmos", "/evaluaties", "/trajecten", "/beheer", "/import"]
REFUSED_TO_THE_STUURGROEP = {"/trajecten", "/beheer", "/import"}


def settled(page, path: str) -> None:
    """Open ``path`` and wait until no callback is running any more."""
    page.goto(page.base_url + path)
    page.get_by_role("heading", level=1).first.wait_for()
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=90_000)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_nothing_for_projectleiding(page, path):
    settled(page, path + "?stand=2007-11-30")
    assert all_violations(page) == []
    assert page.watch.problems() == []


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_nothing_for_the_stuurgroep(stuurgroep_page, path):
    page = stuurgroep_page
    settled(page, path + "?stand=2007-11-30")
    found = all_violations(page)
    if path in REFUSED_TO_THE_STUURGROEP:
        page.get_by_text("alleen voor de projectleiding").first.wait_for()
    assert found == []


def test_each_chart_adds_one_dutch_toolbar_button(page):
    settled(page, "/?stand=2007-11-30")
    buttons = page.locator("#inhoud .modebar-btn")
    expect(buttons).to_have_count(4)  # four charts
    assert set(buttons.evaluate_all("all => all.map(b => b.getAttribute('aria-label'))")) == {
        "Download als afbeelding (PNG)"}
    # The toolbar shows while a keyboard user is in it.
    buttons.first.focus()
    assert page.locator("#inhoud .modebar").first.evaluate("bar => getComputedStyle(bar).opacity") == "1"


def test_the_tab_order_of_the_overzicht_is_short_and_follows_the_page(page):
    settled(page, "/?stand=2007-11-30")
    page.locator("#filter-reset").focus()
    order = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => { const e = document.activeElement; return e.closest('#inhoud') ? "
                                "(e.getAttribute('aria-label') || e.innerText || e.id).trim() : null; }")
        if focused is None:
            break
        order.append(focused)
    # Per chart: its picture download, its data as CSV and Excel, the trajectories behind it.
    assert order[:4] == ["Download als afbeelding (PNG)", "Download CSV", "Download Excel",
                         "Trajecten achter deze grafiek"]
    assert len(order) <= 16


def test_a_funnel_bar_opens_its_trajectories_by_keyboard_and_the_chip_takes_the_stage_off(page):
    settled(page, "/?stand=2007-11-30")
    card = page.locator("figure", has=page.locator("#overzicht-funnel"))
    summary = card.get_by_text("Trajecten achter deze grafiek")
    summary.focus()
    page.keyboard.press("Enter")
    link = card.get_by_role("link", name="Afgerond")
    expect(link).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/trajecten\?.*fase=afgerond"), wait_until="commit")
    expect(page.locator("#trajecten-count")).to_have_text("46 trajecten per 30 nov 2007")  # the funnel's 46
    chip = page.get_by_role("link", name="Fase afgerond weghalen")
    chip.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "fase=" not in url, wait_until="commit")
    expect(page.locator("#trajecten-count")).to_have_text("114 trajecten per 30 nov 2007")
    assert page.watch.problems() == []


def bar(page, graph: str, index: int):
    """The ``index``-th bar drawn in ``graph``."""
    located = page.locator(f"#{graph} .bars .point path").nth(index)
    located.wait_for()
    return located


def test_clicking_a_funnel_bar_opens_exactly_the_trajectories_it_counted(page):
    settled(page, "/?stand=2007-11-30")
    work_finished = bar(page, "overzicht-funnel", 3)  # received, intake, started, work finished, ...
    counted = page.locator("#overzicht-funnel .bars .point").nth(3).text_content().split(" ")[0]  # "108 (82%)"
    work_finished.click(force=True)
    page.wait_for_url(re.compile(r"/trajecten\?.*fase=werk-klaar"), wait_until="commit")
    expect(page.get_by_text("Fase: Werk klaar")).to_be_visible()
    expect(page.locator("#trajecten-count")).to_have_text(f"{counted} trajecten per 30 nov 2007")
    assert page.watch.problems() == []


def test_clicking_a_theme_bar_filters_the_pages_for_the_stuurgroep(stuurgroep_page):
    page = stuurgroep_page
    settled(page, "/?stand=2007-11-30")
    bar(page, "overzicht-themes", 0).click(force=True)
    page.wait_for_url(re.compile(r"thema="), wait_until="commit")
    assert urlparse(page.url).path == "/"
    chosen = parse_qs(urlparse(page.url).query)["thema"][0]
    expect(page.locator("#filter-theme")).to_have_value(chosen)
    assert page.get_by_text("Trajecten achter deze grafiek").count() == 0  # the filter bar does it for them
    assert page.watch.problems() == []


def test_the_trajecten_grid_is_one_tab_stop_and_a_row_opens_by_keyboard(page):
    settled(page, "/trajecten?stand=2007-11-30")
    page.get_by_label("Zoeken in alle kolommen").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.innerText.trim()") == "Nr"  # the grid's headers
    page.keyboard.press("ArrowDown")  # into the rows
    page.keyboard.press("Space")  # choose the row
    page.locator(".trajectory-detail").get_by_text(re.compile(r"^Traject 1: ")).wait_for()
    page.keyboard.press("Tab")  # out of the grid, not to the next cell
    assert page.evaluate("() => !document.activeElement.closest('.ag-center-cols-container, .ag-header')")
    assert page.watch.problems() == []


def test_the_links_behind_a_chart_follow_the_filters(page):
    settled(page, "/?stand=2007-11-30")
    page.locator("#filter-province").select_option("Utrecht")
    page.wait_for_url(re.compile(r"provincie=Utrecht"), wait_until="commit")
    link = page.locator("figure", has=page.locator("#overzicht-funnel")).locator("a", has_text="Gestart")  # closed
    expect(link).to_have_attribute("href", "/trajecten?stand=2007-11-30&provincie=Utrecht&fase=gestart")
