"""In the browser: a programme that is over opens on its final state, 'Vandaag' is one click and stays in the
link, the date field is Dutch in an English browser, and the charts' windows follow the programme."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dashboard.formatting import date as dutch_date
from tests.browser.conftest import all_violations, watched_page

pytestmark = pytest.mark.browser


@pytest.fixture
def english_page(browser, signed_in_state, live_server):
    """A watched page in a browser whose language is American English (en-US), signed in as the stuurgroep."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US",
                                  storage_state=signed_in_state("stuurgroep"))
    watched = watched_page(context, live_server)
    yield watched
    context.close()


def test_the_date_field_is_dutch_in_an_english_browser(english_page):
    page = english_page
    page.goto(page.base_url + "/tijdlijn?stand=2007-11-30")
    field = page.get_by_label("Stand per")
    page.get_by_text("Stand per 30 nov 2007 ·").wait_for()
    assert field.input_value() == "30 nov 2007" and field.get_attribute("type") == "text"
    # the comparison select names its choice (an empty value would show an empty box)
    assert page.get_by_label("Vergelijk met").evaluate("s => s.options[s.selectedIndex].text") == "Niet vergelijken"
    boxes = [page.get_by_label(name).bounding_box()["y"] for name in ("Stand per", "Provincie", "Vergelijk met")]
    assert max(boxes) - min(boxes) < 5  # the filter bar in one row at 1366 px
    field.fill("15-03-2007")
    field.press("Enter")
    page.wait_for_url(re.compile(r"stand=2007-03-15"))
    page.get_by_text("Stand per 15 mrt 2007 ·").wait_for()
    assert field.input_value() == "15 mrt 2007"
    field.fill("31-02-2007")
    field.press("Enter")
    page.get_by_role("alert").filter(has_text="'31-02-2007' is geen datum die we kunnen lezen").wait_for()
    assert "stand=2007-03-15" in page.url
    assert all_violations(page) == []
    assert page.watch.problems() == []


def test_a_finished_programme_opens_on_its_final_state_with_one_click_to_today(stuurgroep_page):
    page = stuurgroep_page
    page.goto(page.base_url + "/tijdlijn")
    page.get_by_text("Stand per 4 mrt 2008 (de eindstand van het programma; kies 'Vandaag'").wait_for()
    ticks = page.locator("#tijdlijn-figure .xtick text")
    # the drawn timeline, not the placeholder figure's numeric axis that comes before it
    page.wait_for_function("() => { const tick = document.querySelector('#tijdlijn-figure .xtick text');"
                           " return tick && /\\d{4}$/.test(tick.textContent); }")
    labels = ticks.all_text_contents()
    assert labels[0] == "jun 2006" and labels[-1] == "mrt 2008"
    page.get_by_role("button", name="Vandaag").click()
    page.wait_for_url(re.compile(r"stand=vandaag"))
    page.get_by_text(f"Stand per {dutch_date(dt.date.today())} (vandaag)").wait_for()
    # the chart is redrawn for today: its axis still ends at the record's end, not in dec 2026
    page.wait_for_function("() => { const t = [...document.querySelectorAll('#tijdlijn-figure .xtick text')];"
                           " return t.length && t[t.length - 1].textContent === 'mrt 2008'; }")
    assert "2026" not in " ".join(ticks.all_text_contents())
    page.get_by_role("navigation").get_by_role("link", name="Kaart").click()
    page.get_by_role("heading", name="Kaart", level=1).wait_for()
    assert "stand=vandaag" in page.url
    assert page.watch.problems() == []


def test_an_unreadable_date_in_a_link_is_named(stuurgroep_page):
    page = stuurgroep_page
    page.goto(page.base_url + "/?stand=abc")
    page.get_by_text("'abc' in de link is geen datum; daarom deze stand").wait_for()
    assert page.watch.problems() == []
