"""In the browser, with AVI 130 beside two simulated programmes: the chooser in the filter bar switches the
programme, the choice stays in the link across pages, and the page has no console errors or serious axe
violations; with one programme the chooser is not shown."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import serious_violations, start_server, watched_page

pytestmark = pytest.mark.browser


FIRST_LOAD_MS = 90_000
"""A new server's first page loads every script without a cache: on a busy CI machine that can take longer
than Playwright's 30 s default."""


@pytest.fixture(scope="module")
def several_context(browser, signed_in_state, several_programmes_url):
    """The app of the three programmes, served once for the module, and a browser context signed in as the
    stuurgroep at 1366x768 that has loaded it once (so its scripts are cached for the tests)."""
    from dashboard.factory import create_app

    server, base = start_server(create_app({"database_url": several_programmes_url, "load_demo_if_new": False}))
    context = browser.new_context(viewport={"width": 1366, "height": 768}, storage_state=signed_in_state("stuurgroep"))
    first = context.new_page()
    first.goto(base + "/?stand=2009-12-31", timeout=FIRST_LOAD_MS)
    first.close()
    yield context, base
    context.close()
    server.shutdown()


@pytest.fixture
def several_page(several_context):
    """A fresh watched page on the app of the three programmes."""
    context, base = several_context
    watched = watched_page(context, base)
    yield watched
    watched.close()


def test_the_chooser_switches_the_programme_and_the_link_keeps_it(several_page):
    page = several_page
    page.goto(page.base_url + "/?stand=2009-12-31")
    chooser = page.get_by_label("Programma")
    page.locator("#overzicht-kpis").get_by_text("131 van 130").wait_for()
    assert chooser.is_visible()
    assert chooser.evaluate("s => s.options[s.selectedIndex].text") == "AVI 130"
    chooser.select_option("sport")
    page.wait_for_url(re.compile(r"programma=sport"))
    page.locator("#overzicht-kpis").get_by_text("72 van 80").wait_for()
    page.get_by_text(re.compile(r"^Programma Sport in de buurt \(voorbeeld, gesimuleerd\) · Stand per 31 dec 2009")
                     ).wait_for()
    page.get_by_role("link", name="Tijdlijn").click()
    page.wait_for_url(re.compile(r"/tijdlijn\?.*programma=sport"))
    assert page.get_by_label("Programma").evaluate("s => s.value") == "sport"
    assert serious_violations(page) == []
    assert page.watch.problems() == []


def test_one_programme_shows_no_chooser(page):
    page.goto(page.base_url + "/?stand=2007-11-30")
    page.locator("#overzicht-kpis").get_by_text("131 van 130").wait_for()
    assert page.locator("#filter-programme-block").is_hidden()
    assert page.watch.problems() == []


def test_the_portfolio_opens_a_programme(several_page):
    page = several_page
    page.goto(page.base_url + "/?stand=2008-06-30")
    page.get_by_role("link", name="Alle programma's naast elkaar").click()
    page.wait_for_url(re.compile(r"/programmas\?stand=2008-06-30"))
    table = page.locator("#programmas-table")
    table.get_by_role("row").filter(has_text="54 / 80").wait_for()
    assert table.get_by_role("row").count() == 4  # the header and three programmes
    page.wait_for_function("() => document.querySelectorAll('#programmas-figure .scatterlayer .trace').length >= 9")
    assert serious_violations(page) == []
    table.get_by_role("link", name="Brede scholen (voorbeeld, gesimuleerd)").click()
    page.wait_for_url(re.compile(r"programma=brede-scholen"))
    page.locator("#overzicht-kpis").get_by_text("23 van 60").wait_for()
    assert page.watch.problems() == []
