"""Presentation mode on the projector: key figures and one chart filling the screen, the playlist and its keys,
the 24 px minimum type size, the dark variant, and only aggregates, whatever the role."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import all_violations, start_server, watched_page

pytestmark = pytest.mark.browser

MIN_TEXT = 24  # px, the minimum the README states for presentation mode

# Every visible text: HTML elements with their own text, and the charts' SVG text; the smallest font size found.
SMALLEST_TEXT = """() => {
  const sizes = [];
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
      && r.bottom > 0 && r.top < innerHeight && getComputedStyle(el).visibility !== 'hidden'; };
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('#_dash-global-error-container, .dash-debug-menu, .modebar')) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (own && visible(el)) sizes.push([parseFloat(getComputedStyle(el).fontSize), el.textContent.trim().slice(0, 40)]);
  }
  return sizes.sort((a, b) => a[0] - b[0]).slice(0, 3);
}"""
CHART_FILLS = """() => {
  const card = document.querySelector('#_pages_content .chart-card.slide-active');
  if (!card) return null;
  const r = card.getBoundingClientRect();
  const shown = [...document.querySelectorAll('#_pages_content .chart-card')].filter((c) => c.offsetParent);
  return {bottom: r.bottom, top: r.top, shown: shown.length, scroll: document.documentElement.scrollHeight};
}"""


@pytest.fixture(scope="module")
def quick_app(database_url, demo_engine):
    """The demo app with a presentation that shows each chart for two seconds."""
    from dashboard.factory import create_app

    server, url = start_server(create_app({"database_url": database_url, "load_demo_if_new": False,
                                           "presentation_seconds": 2}))
    yield url
    server.shutdown()


@pytest.fixture(scope="module", params=[(1920, 1080), (1366, 768)], ids=["1920x1080", "1366x768"])
def screen(request):
    return request.param


@pytest.fixture
def projector(browser, signed_in_state, quick_app, screen):
    """A watched page on a projector-sized screen, signed in as projectleiding (who may see everything)."""
    context = browser.new_context(viewport={"width": screen[0], "height": screen[1]}, locale="nl-NL",
                                  storage_state=signed_in_state("projectleiding"))
    page = watched_page(context, quick_app)
    yield page
    context.close()


def _wait_for_a_fitted_chart(page):
    page.locator("#_pages_content .chart-card.slide-active .main-svg").first.wait_for()
    page.wait_for_function("() => { const g = document.querySelector('.chart-card.slide-active .js-plotly-plot');"
                           " return g && g.layout && (g.layout.font || {}).size >= 24; }")
    page.wait_for_timeout(1200)  # one tick of the script: the chart's height follows the key figures


@pytest.mark.parametrize("path", ["/", "/tijdlijn", "/kaart", "/cmos", "/evaluaties"])
def test_key_figures_and_one_chart_fill_the_screen_in_large_type(projector, screen, path):
    page = projector
    page.goto(page.base_url + path + "?weergave=presentatie&paginas=" + (path.strip("/") or "overzicht"))
    _wait_for_a_fitted_chart(page)
    fills = page.evaluate(CHART_FILLS)
    assert fills["shown"] == 1
    assert fills["bottom"] <= screen[1] and fills["bottom"] > screen[1] - 120  # the chart reaches the bottom
    assert fills["scroll"] <= screen[1] + 2  # nothing to scroll to
    if path in ("/", "/evaluaties"):
        cards = page.locator(".kpi-block .kpi-card")
        tops = {round(box["y"]) for box in (cards.nth(i).bounding_box() for i in range(cards.count()))}
        assert len(tops) == 1  # the key figures in one row
    smallest = page.evaluate(SMALLEST_TEXT)
    assert smallest[0][0] >= MIN_TEXT, smallest
    svg_smallest = page.evaluate("() => Math.min(...[...document.querySelectorAll('.slide-active .main-svg text')]"
                                 ".filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)"
                                 ".map((t) => parseFloat(getComputedStyle(t).fontSize)))")
    assert svg_smallest >= MIN_TEXT
    assert page.watch.problems() == []


HEATMAP_READING = """() => {
  const graph = document.querySelector('.chart-card.slide-active .js-plotly-plot');
  const box = (el) => el.getBoundingClientRect();
  const subtitle = graph.querySelector('.gtitle-subtitle');
  return {rows: graph.data[0].y.length, named: graph.querySelectorAll('.ytick text').length,
          gaps: graph.data[0].text.flat().filter((t) => String(t).startsWith('▲')).length,
          cells: [...graph.querySelectorAll('.hm text, text.textpoint, .heatmaplayer text')].map((t) => t.textContent),
          subtitleBottom: subtitle ? box(subtitle).bottom : 0, plotTop: box(graph.querySelector('.nsewdrag')).top};
}"""


def test_the_heatmap_names_every_organisation_and_keeps_its_gap_marks_in_large_type(projector, screen):
    """Each organisation is named; the cells keep their numbers where they fit at 24 px, else the ▲ of a gap;
    the subtitle stays above the plot."""
    page = projector
    page.goto(page.base_url + "/cmos?stand=2007-11-30&weergave=presentatie&paginas=cmos")
    _wait_for_a_fitted_chart(page)
    seen = page.evaluate(HEATMAP_READING)
    assert seen["named"] == seen["rows"] == 14
    assert seen["gaps"] == 4 and sum(text.startswith("▲") for text in seen["cells"]) == 4, seen
    assert seen["subtitleBottom"] <= seen["plotTop"], seen
    assert page.watch.problems() == []


def test_the_playlist_rotates_and_the_keys_pause_go_back_and_forward(projector):
    page = projector
    page.goto(page.base_url + "/tijdlijn?weergave=presentatie&paginas=tijdlijn,kaart&stand=2007-11-30")
    _wait_for_a_fitted_chart(page)
    page.wait_for_function("() => document.querySelector('#tijdlijn-lead-times') && "
                           "document.querySelector('#tijdlijn-lead-times').offsetParent", timeout=6000)  # 2nd chart
    page.wait_for_url(re.compile(r"/kaart\?weergave=presentatie&paginas=tijdlijn,kaart&stand=2007-11-30"),
                      timeout=8000)  # after the Tijdlijn's last chart: the next page, the state kept
    page.locator("#kaart-map .main-svg").first.wait_for()
    page.keyboard.press(" ")
    page.get_by_text("Pauze · spatie: verder").wait_for()
    page.wait_for_timeout(4500)
    assert "/kaart" in page.url  # paused: it stays
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"/tijdlijn\?"))
    page.locator("#tijdlijn-lead-times .main-svg").first.wait_for()
    page.wait_for_function("() => document.querySelector('#tijdlijn-lead-times').offsetParent")  # its last chart
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"/kaart\?"))
    page.keyboard.press(" ")
    page.wait_for_url(re.compile(r"/tijdlijn\?"), timeout=8000)  # going again, round the playlist
    assert page.watch.problems() == []


def test_a_playlist_of_one_page_comes_round_to_its_first_chart(projector):
    page = projector
    page.goto(page.base_url + "/tijdlijn?weergave=presentatie&paginas=tijdlijn&stand=2007-11-30")
    _wait_for_a_fitted_chart(page)
    first = "() => document.querySelector('.chart-card.slide-active #tijdlijn-figure') !== null"
    page.wait_for_function("() => document.querySelector('.chart-card.slide-active #tijdlijn-lead-times') !== null",
                           timeout=6000)
    page.wait_for_function(first, timeout=6000)
    assert "/tijdlijn?" in page.url and page.watch.problems() == []


def test_only_aggregates_whatever_the_role(projector):
    page = projector
    page.goto(page.base_url + "/cmos?weergave=presentatie&paginas=cmos,trajecten,beheer")
    _wait_for_a_fitted_chart(page)
    assert page.get_by_text("Voor projectleiding").count() == 0  # not sent at all, not just hidden
    assert page.locator("a[href*='traject=']:visible").count() == 0
    assert not page.locator(".download-buttons").first.is_visible()
    assert "Over" in page.locator("#presentatie-status").inner_text()
    assert "Trajecten" not in page.locator("#presentatie-status").inner_text()


@pytest.mark.parametrize("view", ["presentatie", "presentatie-donker"])
def test_no_accessibility_violations_in_presentation_and_dark_mode(projector, view):
    page = projector
    page.goto(page.base_url + f"/tijdlijn?weergave={view}&paginas=tijdlijn")
    _wait_for_a_fitted_chart(page)
    if view.endswith("donker"):
        background = page.evaluate("() => getComputedStyle(document.querySelector('.presentatie')).backgroundColor")
        assert background == "rgb(0, 0, 0)"
        paper = page.evaluate("() => document.querySelector('.slide-active .js-plotly-plot').layout.paper_bgcolor")
        assert paper == "#000000"
    assert all_violations(page) == []
    assert page.watch.problems() == []
