"""Comparison in a browser: ``vergelijk=`` in the URL shows each card's change and the earlier state faintly in
the charts, survives moving between pages, and leaves axe with nothing to report."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import all_violations
from tests.browser.test_keyboard import settled

pytestmark = pytest.mark.browser

SEARCH = "?stand=2007-11-30&vergelijk=2007-03-15"


def test_the_cards_and_charts_show_the_earlier_state(stuurgroep_page):
    page = stuurgroep_page
    settled(page, "/" + SEARCH)
    expect(page.locator("#kpi-aanvragen .kpi-change")).to_contain_text("sinds 15 mrt 2007")
    expect(page.locator("#state-summary")).to_contain_text("vergeleken met 15 mrt 2007")
    expect(page.locator(".js-plotly-plot .legendtext", has_text="Stand 15 mrt 2007").first).to_be_visible()
    expect(page.locator("#filter-compare")).to_have_value("2007-03-15")
    assert page.watch.problems() == []


def test_the_comparison_survives_moving_between_pages(stuurgroep_page):
    page = stuurgroep_page
    settled(page, "/" + SEARCH)
    page.get_by_role("link", name="Tijdlijn").first.click()
    page.wait_for_url("**/tijdlijn?*")
    assert "vergelijk=2007-03-15" in page.url
    expect(page.locator("#state-summary")).to_contain_text("vergeleken met 15 mrt 2007")
    page.get_by_role("link", name="Overzicht").first.click()
    page.wait_for_url("**/?*")
    expect(page.locator("#kpi-afgerond .kpi-change")).to_contain_text("sinds 15 mrt 2007")


def test_choosing_a_meeting_in_the_filter_bar_compares_with_it(stuurgroep_page):
    page = stuurgroep_page
    settled(page, "/?stand=2007-11-30")
    page.locator("#filter-compare").select_option("2007-09-13")
    page.wait_for_url("**vergelijk=2007-09-13*")
    expect(page.locator("#kpi-afgerond .kpi-change")).to_contain_text("sinds 13 sep 2007")


@pytest.mark.parametrize("path", ["/", "/tijdlijn"])
def test_axe_finds_nothing_with_comparison_on(stuurgroep_page, path):
    page = stuurgroep_page
    settled(page, path + SEARCH)
    assert all_violations(page) == []
