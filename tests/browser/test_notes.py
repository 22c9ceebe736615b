"""Notes on the Tijdlijn in a browser: a project leader writes one, it appears as a marker with hover text on the
chart and in the printed list; the stuurgroep reads it without the controls; axe finds nothing."""

from __future__ import annotations

import pytest

from tests.browser.conftest import all_violations

pytestmark = pytest.mark.browser

SHOWN_NOTES = """() => {
    const graph = document.querySelector('#tijdlijn-figure .js-plotly-plot');
    const notes = (graph && graph.data || []).find(trace => trace.name === 'Notities');
    return notes ? {x: notes.x, text: notes.text, hover: notes.customdata} : null;
}"""


@pytest.fixture
def live_server(own_live_server: str) -> str:
    """The app on a database of the test's own (this test writes a note)."""
    return own_live_server


def test_a_note_appears_on_the_tijdlijn_for_both_roles(page, stuurgroep_page):
    page.goto(page.base_url + "/tijdlijn?stand=2007-11-30")
    page.get_by_role("heading", name="Notities", level=2).wait_for()
    page.get_by_text("Nog geen notities tot deze datum.").wait_for()
    page.get_by_label("Datum").fill("15-01-2007")
    page.get_by_label("Tekst").fill("Zet: derde adviseur")
    page.get_by_label("Geldt voor").select_option("organisation")
    page.get_by_label("Organisatie of provincie").select_option("Zet")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("De notitie is opgeslagen.").wait_for()
    listed = page.locator("#tijdlijn-notes li").filter(has_text="Zet: derde adviseur")
    listed.wait_for()
    assert "15 jan 2007 (Zet)" in listed.inner_text()
    page.wait_for_function(SHOWN_NOTES)
    shown = page.evaluate(SHOWN_NOTES)
    assert shown["x"] == ["jan 2007"] and shown["text"] == ["1"]
    assert shown["hover"] == ["1. 15 jan 2007 (Zet): Zet: derde adviseur"]
    diamond = page.locator("#tijdlijn-figure .scatterlayer .trace").last.locator(".point").first
    diamond.scroll_into_view_if_needed()
    box = diamond.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.locator("#tijdlijn-figure .hoverlayer").get_by_text("15 jan 2007 (Zet): Zet: derde adviseur").wait_for()
    assert all_violations(page) == []
    page.emulate_media(media="print")
    assert listed.is_visible() and not page.get_by_role("button", name="Opslaan").is_visible()
    assert page.watch.problems() == []

    stuurgroep_page.goto(stuurgroep_page.base_url + "/tijdlijn?stand=2007-11-30")
    stuurgroep_page.locator("#tijdlijn-notes li").filter(has_text="Zet: derde adviseur").wait_for()
    stuurgroep_page.wait_for_function(SHOWN_NOTES)
    assert stuurgroep_page.get_by_role("button", name="Opslaan").count() == 0
    assert stuurgroep_page.get_by_role("button", name="Bewerken").count() == 0
    assert all_violations(stuurgroep_page) == []
    assert stuurgroep_page.watch.problems() == []
