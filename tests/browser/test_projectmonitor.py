"""The projectmonitor in a browser: shared state in the URL, live updates, presentation, print, downloads, axe."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest

from dashboard.data.schema.db import make_engine
from dashboard.data.sources.simulator import simulate
from tests.browser.conftest import serious_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/tijdlijn", "/trajecten", "/?weergave=presentatie",
                                  "/tijdlijn?stand=2007-11-30&per=week"])
def test_no_serious_accessibility_violations_or_errors(page, path):
    page.goto(page.base_url + path)
    page.locator(".kpi-value, .js-plotly-plot .main-svg, .ag-row").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []
    assert page.watch.problems() == []


def test_a_filtered_link_restores_the_filters(page):
    page.goto(page.base_url + "/?stand=2006-12-15&provincie=Utrecht&thema=beleid")
    page.get_by_text("Stand per 15 dec 2006 · filters: Utrecht, Vrijwilligerswerkbeleid").wait_for()
    assert page.get_by_label("Provincie").input_value() == "Utrecht"
    assert page.get_by_label("Thema").input_value() == "beleid"
    assert page.get_by_label("Stand per").input_value() == "15 dec 2006"
    page.get_by_role("navigation").get_by_role("link", name="Tijdlijn").click()
    page.get_by_role("heading", name="Tijdlijn", level=1).wait_for()
    assert "provincie=Utrecht" in page.url and "stand=2006-12-15" in page.url
    assert page.get_by_label("Provincie", exact=True).input_value() == "Utrecht"  # not the notes form's
    page.go_back()
    page.get_by_role("heading", name="Overzicht", level=1).wait_for()
    assert page.get_by_label("Thema").input_value() == "beleid"
    assert page.watch.problems() == []


def test_changing_a_control_writes_the_url_and_the_back_button_undoes_it(page):
    page.goto(page.base_url + "/?stand=2008-03-04")
    page.locator("#kpi-aanvragen .kpi-value").filter(has_text="131 van 130").wait_for()
    page.get_by_label("Provincie").select_option("Zeeland")
    page.wait_for_url(re.compile(r"provincie=Zeeland"))
    page.locator("#kpi-aanvragen .kpi-value").filter(has_text=re.compile(r"^7$")).wait_for()  # no provincial target
    page.go_back()
    page.locator("#kpi-aanvragen .kpi-value").filter(has_text="131 van 130").wait_for()
    assert page.get_by_label("Provincie").input_value() == "alle"
    assert page.watch.problems() == []


def test_overzicht_rises_live_while_the_simulator_writes(browser, serve, signed_in_state, tmp_path):
    from dashboard.factory import create_app

    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    simulate(make_engine(url), dt.date(2006, 6, 1), speed=1e9, until=dt.date(2006, 9, 30), report=lambda _: None)
    app = create_app({"database_url": url, "load_demo_if_new": False, "live_interval_seconds": 1})
    base = serve(app)
    context = browser.new_context(viewport={"width": 1366, "height": 768},
                                  storage_state=signed_in_state("projectleiding"))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(base + "/")
    value = page.locator("#kpi-aanvragen .kpi-value")
    value.filter(has_text=" van 130").wait_for()
    before = int(value.inner_text().split()[0])
    page.evaluate("window.__geenHerlaad = true")
    writer = threading.Thread(target=simulate, kwargs=dict(
        engine=make_engine(url), start=dt.date(2006, 10, 1), speed=86_400 * 20, fresh=True,
        until=dt.date(2006, 11, 15), report=lambda _: None), daemon=True)
    writer.start()
    page.wait_for_function(
        f"() => parseInt(document.querySelector('#kpi-aanvragen .kpi-value').innerText) > {before}",
        timeout=30_000)
    assert page.evaluate("window.__geenHerlaad") is True  # the page was never reloaded
    assert "Live" in page.locator(".live-status").inner_text()
    writer.join(timeout=60)
    context.close()
    assert errors == []


def test_print_shows_date_and_filters_without_controls(page):
    page.goto(page.base_url + "/tijdlijn?stand=2007-11-30&provincie=Limburg")
    page.locator("#tijdlijn-figure .main-svg").first.wait_for()
    summary = page.get_by_text("Stand per 30 nov 2007 · filters: Limburg")
    summary.wait_for()  # a callback writes it; the figure's first (empty) drawing does not wait for that
    page.emulate_media(media="print")
    assert not page.locator(".filter-bar").is_visible()
    assert not page.locator(".download-buttons").first.is_visible()
    assert summary.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


@pytest.mark.parametrize("button,expected", [("Download CSV", b"categorie;aantal"), ("Download Excel", b"PK")])
def test_download_the_data_behind_a_chart(page, button, expected):
    page.goto(page.base_url + "/?stand=2007-11-30")
    page.locator("#overzicht-funnel .main-svg").first.wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name=button).first.click()
    download = info.value
    assert download.suggested_filename.startswith("avi130-trechter-2007-11-30")
    content = open(download.path(), "rb").read()
    assert content.startswith(expected)
    if expected != b"PK":
        assert "Ontvangen;131" in content.decode("utf-8")


def test_choosing_weeks_on_the_tijdlijn_writes_it_into_the_url(page):
    page.goto(page.base_url + "/tijdlijn?stand=2007-11-30")
    page.locator("#tijdlijn-figure .main-svg").first.wait_for()
    page.get_by_label("Per week").check()
    page.wait_for_url(re.compile(r"per=week"), wait_until="commit")
    page.locator("#tijdlijn-figure .xtick text", has_text="wk").first.wait_for()
    assert page.watch.problems() == []
