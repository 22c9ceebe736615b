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


def test_clicking_a_province_sets_the_shared_filter(page):
    # Early in the programme few gemeenten are involved, so a province's centre is free of points.
    open_map(page, "?stand=2006-08-31")
    province = page.locator("#kaart-map .choroplethlocation").nth(0)
    box = province.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    page.wait_for_url(re.compile(r"provincie="), wait_until="commit")
    chosen = parse_qs(urlparse(page.url).query)["provincie"][0]
    expect(page.get_by_label("Provincie")).to_have_value(chosen)
    page.get_by_text(f"filters: {chosen}").wait_for()
    page.get_by_role("navigation").get_by_role("link", name="Overzicht").click()
    page.get_by_role("heading", name="Overzicht", level=1).wait_for()
    assert page.get_by_label("Provincie").input_value() == chosen
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
