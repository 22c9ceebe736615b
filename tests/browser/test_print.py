"""Paper that fits: Overzicht, Tijdlijn, Kaart, CMO's and Evaluaties printed to A4 portrait by headless Chromium,
with no element wider than the printable area, and the state line and the page number on every page."""

from __future__ import annotations

import re
import subprocess

import pytest

pytestmark = pytest.mark.browser

PRINTABLE_PX = 186 / 25.4 * 96  # A4 less the 12 mm side margins of assets/style.css, in CSS pixels
PAGES = ["/", "/tijdlijn", "/kaart", "/cmos", "/evaluaties"]
WIDER_THAN_PAPER = """(limit) => [...document.querySelectorAll('body *')]
  .filter((el) => el.getClientRects().length && getComputedStyle(el).display !== 'none'
          && !el.closest('.dash-debug-menu__outer'))
  .filter((el) => el.getBoundingClientRect().right > limit + 1)
  .map((el) => el.tagName + '.' + (el.className.baseVal ?? el.className) + ' ' + Math.round(el.getBoundingClientRect().right))
  .slice(0, 5)"""


def _print_ready(page, path: str) -> None:
    """Open ``path`` for the stuurgroep, wait for its charts, and lay it out as for printing (as the browser does:
    print media, the printable width, the ``beforeprint`` event that redraws the charts)."""
    page.goto(page.base_url + path + "?stand=2007-11-30&provincie=Utrecht")
    page.get_by_text("Stand per 30 nov 2007 · filters: Utrecht").wait_for()
    page.locator(".js-plotly-plot .main-svg:visible").first.wait_for()  # a hidden section holds graphs too
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": int(PRINTABLE_PX), "height": 1100})
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')].every((g) => "
                           "!g.layout || g.dataset.printWidth)")
    page.wait_for_timeout(500)


@pytest.mark.parametrize("path", PAGES)
def test_nothing_is_wider_than_the_printable_area(stuurgroep_page, path):
    page = stuurgroep_page
    _print_ready(page, path)
    assert page.evaluate(WIDER_THAN_PAPER, PRINTABLE_PX) == []
    assert page.watch.problems() == []


@pytest.mark.parametrize("path", PAGES)
def test_every_printed_page_has_the_state_and_its_number(stuurgroep_page, path, tmp_path):
    page = stuurgroep_page
    _print_ready(page, path)
    pdf = tmp_path / "pagina.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    # pdftotext from Debian's poppler-utils (.ci/run installs it)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    sheets = [sheet for sheet in text.split("\f") if sheet.strip()]
    assert len(sheets) >= 1
    for number, sheet in enumerate(sheets, start=1):
        assert "Stand per 30 nov 2007 · filters: Utrecht" in sheet
        assert re.search(rf"Pagina {number} van {len(sheets)}\b", sheet), sheet[-300:]
