"""The Kaart page in a browser: offline map, table as text alternative, clicks that filter and open."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serious_violations

pytestmark = pytest.mark.browser


def open_map(page, query: str = "?stand=2008-03-04"):
    """Open the Kaart page and wait until the provinces are drawn."""
    page.goto(page.base_url + "/kaart" + query)
    page.locator("#kaart-map .choroplethlocation").first.wait_for()


def test_map_renders_offline_with_points_and_the_report_table(page):
    open_map(page)
    assert page.locator("#kaart-map .choroplethlocation").count() == 12
    page.locator("#kaart-map .scattergeo path.point").first.wait_for()
    assert page.locator("#kaart-map .scattergeo path.point").count() == 158
    table = page.locator("#kaart-table")
    table.get_by_text("Totaal").wait_for()
    assert "443" in table.inner_text() and "158" in table.inner_text() and "36%" in table.inner_text()
    assert "Natural Earth" in page.inner_text("body") and "GeoNames" in page.inner_text("body")
    page.wait_for_load_state("networkidle")
    assert page.watch.problems() == []
    assert serious_violations(page) == []


def click_a_province(page) -> None:
    """Click the middle of the first province (early in the programme, so that no point lies there)."""
    open_map(page, "?stand=2006-08-31")
    province = page.locator("#kaart-map .choroplethlocation").nth(0)
    box = province.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    page.wait_for_url(re.compile(r"provincie="), wait_until="commit")


def test_clicking_a_province_sets_the_shared_filter_for_the_stuurgroep(stuurgroep_page):
    page = stuurgroep_page
    click_a_province(page)
    assert urlparse(page.url).path.endswith("/kaart")
    chosen = parse_qs(urlparse(page.url).query)["provincie"][0]
    expect(page.get_by_label("Provincie", exact=True)).to_have_value(chosen)
    page.get_by_text(f"filters: {chosen}").wait_for()
    page.get_by_role("navigation").get_by_role("link", name="Overzicht").click()
    page.get_by_role("heading", name="Overzicht", level=1).wait_for()
    assert page.get_by_label("Provincie").input_value() == chosen
    assert page.watch.problems() == []


def test_clicking_a_province_opens_its_trajectories_for_projectleiding(page):
    click_a_province(page)
    assert urlparse(page.url).path.endswith("/trajecten")
    chosen = parse_qs(urlparse(page.url).query)["provincie"][0]
    page.get_by_role("heading", name="Trajecten", level=1).wait_for()
    expect(page.get_by_label("Provincie", exact=True)).to_have_value(chosen)
    expect(page.locator("#trajecten-count")).to_contain_text("trajecten per 31 aug 2006")
    assert page.watch.problems() == []


def test_clicking_a_gemeente_opens_its_trajectory(page):
    open_map(page, "?stand=2008-03-04&metriek=trajectories")
    point = page.locator("#kaart-map .scattergeo path.point").first
    point.wait_for()
    point.click(force=True)
    page.wait_for_url(re.compile(r"/trajecten\?.*traject=\d+"), wait_until="commit")
    page.locator(".trajectory-detail").get_by_text(re.compile(r"^Traject \d+: ")).wait_for()
    assert page.watch.problems() == []


@pytest.mark.parametrize("metric", ["trajectories", "requests", "dagdelen", "mean_mark"])
def test_each_metric_draws(page, metric):
    open_map(page, f"?stand=2007-11-30&metriek={metric}")
    assert page.locator("#kaart-map .choroplethlocation").count() == 12
    assert page.watch.problems() == []


def test_choosing_a_metric_writes_it_into_the_url(page):
    open_map(page)
    page.get_by_label("Dagdelen").check()
    page.wait_for_url(re.compile(r"metriek=dagdelen"), wait_until="commit")
    page.get_by_text("Dagdelen per provincie").wait_for()
    assert page.watch.problems() == []


FRAME_STATE = """([name]) => {
    const graph = document.querySelector('#kaart-map .js-plotly-plot');
    return Plotly.animate(graph, [name], {mode: 'immediate', frame: {duration: 0, redraw: true},
                                          transition: {duration: 0}}).then(() => graph.data.slice(1).map(
        (trace, k) => ({sizes: trace.marker.size, numbers: trace.customdata,
                        drawn: graph.calcdata[k + 1].filter(point => point.lonlat && !isNaN(point.lonlat[0]))
                                                    .map(point => point.mrc * 2)})));
}"""


def test_the_play_control_draws_an_earlier_month_with_the_first_points_and_their_sizes(page):
    """Frames send only places and names; plotly must draw the first points of each trace with their own sizes,
    and going back to the last month shows every gemeente again."""
    open_map(page)
    points = page.locator("#kaart-map .scattergeo path.point")
    expect(points).to_have_count(158)
    shown = page.evaluate("() => document.querySelector('#kaart-map .js-plotly-plot')._transitionData._frames.map("
                          "frame => [frame.name, frame.data.slice(1).reduce((sum, trace) => sum + trace.lat.length, 0)])")
    names = [name for name, _ in shown]
    earlier = page.evaluate(FRAME_STATE, [next(name for name, count in shown if 0 < count < 158)])
    drawn = sum(len(trace["drawn"]) for trace in earlier)
    assert 0 < drawn < 158
    expect(points).to_have_count(drawn)
    for trace in earlier:
        assert trace["drawn"] == pytest.approx(trace["sizes"][:len(trace["drawn"])])
    last = page.evaluate(FRAME_STATE, [names[-1]])
    assert sum(len(trace["drawn"]) for trace in last) == 158
    expect(points).to_have_count(158)
    assert page.watch.problems() == []


def test_the_play_control_works_by_keyboard(page):
    """Tab reaches Afspelen, Pauze and the month slider; arrow keys and Enter move the map through its months."""
    open_map(page)
    points = page.locator("#kaart-map .scattergeo path.point")
    expect(points).to_have_count(158)
    label = page.locator("#kaart-month-label")
    expect(label).to_have_text("Stand eind mrt 2008")
    page.get_by_role("button", name="Afspelen").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Pauze")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Maand", exact=True)).to_be_focused()
    page.keyboard.press("Home")
    expect(label).not_to_have_text("Stand eind mrt 2008")
    assert points.count() < 158
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Afspelen")).to_be_focused()
    page.keyboard.press("Enter")
    # Played through all the months (0.7 s each) to the last, where it stops.
    expect(label).to_have_text("Stand eind mrt 2008", timeout=60_000)
    expect(points).to_have_count(158)
    assert page.watch.problems() == []


def test_a_province_and_its_gemeenten_open_by_keyboard(page):
    """The province choice lists what a click on the map opens: the province's trajectories and each gemeente's."""
    open_map(page)
    choice = page.get_by_label("Provincie op de kaart")
    choice.focus()
    choice.select_option("Utrecht")
    block = page.locator("#kaart-gemeenten")
    link = block.get_by_role("link", name=re.compile(r"^De \d+ trajecten in Utrecht$"))
    expect(link).to_be_visible()
    counted = int(re.search(r"\d+", link.inner_text()).group())
    gemeente = block.get_by_role("link", name="Zeist")  # opens the gemeente's latest trajectory
    assert re.search(r"/trajecten\?.*traject=\d+", gemeente.get_attribute("href"))
    assert page.locator("#kaart-gemeenten [hidden]").count() == 11  # the other provinces stay hidden
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/trajecten\?.*provincie=Utrecht"), wait_until="commit")
    expect(page.locator("#trajecten-count")).to_have_text(f"{counted} trajecten per 4 mrt 2008")
    assert page.watch.problems() == []


def test_the_province_table_is_one_tab_stop(page):
    open_map(page)
    table = page.get_by_role("region", name="Tabel betrokken gemeenten per provincie")
    table.get_by_text("Totaal").wait_for()
    table.focus()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Provincie op de kaart")).to_be_focused()
    assert page.evaluate("() => document.querySelectorAll('#kaart-table [tabindex], #kaart-table a, "
                         "#kaart-table button').length") == 0


def test_the_map_zooms_by_keyboard_so_that_randstad_points_come_apart(page):
    """The toolbar's Dutch zoom buttons are real buttons: Enter zooms in, and the reset goes back to the land."""
    open_map(page)
    scale = "() => document.querySelector('#kaart-map .js-plotly-plot')._fullLayout.geo.projection.scale"
    before = page.evaluate(scale)
    page.get_by_role("button", name="Inzoomen").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({scale})() > {before} * 1.5")
    page.get_by_role("button", name="Terug naar het hele land").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({scale})() == {before}")
    assert page.watch.problems() == []
