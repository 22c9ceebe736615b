"""The CMO's page in a browser: signals with links, the heatmap, the report's table, the project leaders' section."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import serious_violations

pytestmark = pytest.mark.browser


def open_cmos(page, query: str = "?stand=2006-12-15"):
    """Open the CMO's page and wait until the heatmap is drawn."""
    page.goto(page.base_url + "/cmos" + query)
    page.get_by_role("heading", name="CMO's", level=1).wait_for()
    page.locator("#cmos-heatmap .heatmaplayer").first.wait_for()


def test_zets_gap_is_signalled_with_links_to_its_trajectories(page):
    open_cmos(page)
    signal = page.locator("#cmos-signals .signal-capacity_gap")
    signal.wait_for()
    assert signal.count() == 1
    text = signal.inner_text()
    assert "Capaciteitstekort" in text and text.count("Zet:") == 1 and "dagdelen tekort" in text
    links = signal.get_by_role("link", name=re.compile(r"^Traject \d+$"))
    assert links.count() >= 5
    href = links.first.get_attribute("href")
    query = parse_qs(urlparse(href).query)
    assert urlparse(href).path == "/trajecten" and query["stand"] == ["2006-12-15"] and "traject" in query
    # The table says it too, in words and not only in colour.
    zet_row = page.locator("#cmos-table tbody tr", has=page.get_by_role("rowheader", name="Zet", exact=True))
    assert "▲ 125%" in zet_row.inner_text() and "boven de capaciteit" in zet_row.inner_text()
    page.wait_for_load_state("networkidle")
    assert page.watch.problems() == []


def test_a_signal_link_opens_the_trajectory(page):
    open_cmos(page)
    # the signal names its longest-running trajectories; a link before them leads to all on the Trajecten page
    link = page.locator("#cmos-signals .signal-capacity_gap a").filter(has_text=re.compile(r"^Traject \d+$")).first
    nr = link.inner_text().removeprefix("Traject ")
    link.click()
    page.wait_for_url(re.compile(rf"/trajecten\?.*traject={nr}"), wait_until="commit")
    page.locator(".trajectory-detail").get_by_text(re.compile(rf"^Traject {nr}: ")).wait_for()
    assert page.watch.problems() == []


def test_the_gap_has_closed_by_march_2007(page):
    open_cmos(page, "?stand=2007-03-01")
    page.locator("#cmos-signals .signal-none").wait_for()
    assert "Geen signalen" in page.locator("#cmos-signals").inner_text()
    assert page.watch.problems() == []


def test_heatmap_shows_months_with_numbers(page):
    open_cmos(page)
    cells = page.locator("#cmos-heatmap .heatmaplayer text")  # the printed numbers
    assert cells.count() == 14 * 7  # 14 organisations, June to December 2006
    texts = cells.all_text_contents()
    assert "▲125%" in texts and "–" in texts
    assert "Bezetting per organisatie per maand" in page.locator("#cmos-heatmap").inner_text()
    assert page.watch.problems() == []


def test_the_report_table_on_the_report_date(page):
    open_cmos(page, "?stand=2008-03-04")
    table = page.locator("#cmos-report-table table")
    table.get_by_text("Totaal").wait_for()
    total = table.locator("tr", has_text="Totaal").inner_text().split()
    assert total[-2:] == ["114", "98"]
    assert table.locator("tr", has_text="Primo nh").inner_text().split()[-2:] == ["14", "16"]
    assert table.locator("tr", has_text="DSP-groep").inner_text().split()[-1] == "7"
    assert table.locator("tr", has_text="MOVISIE").inner_text().split()[-1] == "9"
    assert page.watch.problems() == []


def test_hand_overs_and_the_project_leaders_section(page):
    open_cmos(page, "?stand=2007-12-31")
    handovers = page.locator("#cmos-handovers table")
    handovers.wait_for()
    assert handovers.locator("tbody tr").count() >= 10
    public = handovers.inner_text()
    assert "adviseur 1" not in public and "ziek" not in public  # no names, no illness, for everyone
    section = page.locator("#cmos-projectleiding")
    assert section.get_by_role("heading", name="Voor projectleiding").is_visible()
    section.locator("#cmos-advisors table").wait_for()
    assert "Zet adviseur 3" in section.locator("#cmos-advisors").inner_text()
    assert "langdurig ziek" in section.locator("#cmos-advisor-handovers").inner_text()
    assert page.watch.problems() == []


def test_a_province_filter_narrows_the_page_to_its_cmo(page):
    open_cmos(page, "?stand=2006-12-15&provincie=Noord-Brabant&thema=beleid")
    page.locator("#cmos-signals .signal-capacity_gap").wait_for()
    assert page.locator("#cmos-table tbody tr").count() == 1
    assert "geldt niet op deze pagina" in page.locator("#cmos-note").inner_text()
    assert page.locator("#cmos-heatmap .heatmaplayer text").count() == 7
    assert page.watch.problems() == []


@pytest.mark.parametrize("query", ["?stand=2006-12-15", "?stand=2007-11-30"])
def test_no_serious_accessibility_violations(page, query):
    open_cmos(page, query)
    page.locator("#cmos-table table").wait_for()
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []
    assert page.watch.problems() == []


def test_download_the_utilisation_data(page):
    open_cmos(page)
    with page.expect_download() as info:
        page.locator("figure", has=page.locator("#cmos-heatmap")).get_by_role("button", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename == "avi130-cmo-bezetting-2006-12-15.csv"
    content = open(download.path(), encoding="utf-8").read()
    assert content.splitlines()[0].startswith("maand;stand;organisatie;toegewezen dagdelen")
    assert page.watch.problems() == []
