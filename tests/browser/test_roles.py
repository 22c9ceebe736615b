"""Roles in a browser: what the stuurgroep and the projectleiding each see, and hostile text staying text."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from dashboard.data.schema.db import make_engine
from dashboard.data.sources.loader import load_demo
from dashboard.data.schema.models import Evaluation, Trajectory
from tests.browser.conftest import serious_violations
from tests.signing_in import sign_in_page

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\">"
LINK = "javascript:window.__xss=3"


@pytest.fixture
def page(form_signed_in_page):
    """These tests start where signing in through the form lands, in a context of their own (one signs out)."""
    return form_signed_in_page


def test_the_stuurgroep_sees_aggregates_only(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    sign_in_page(page, live_server, "stuurgroep")
    nav = page.get_by_role("navigation")
    nav.get_by_role("link", name="Overzicht").wait_for()
    assert nav.get_by_role("link", name="Trajecten").count() == 0
    assert "stuurgroep-demo (stuurgroep" in nav.inner_text()
    page.goto(live_server + "/evaluaties?stand=2008-03-04")
    page.get_by_role("heading", name="Uitsplitsingen").wait_for()
    assert page.get_by_text("Voor projectleiding").count() == 0  # not offered, so nothing to be refused
    page.goto(live_server + "/cmos?stand=2007-11-30")
    page.locator("#cmos-handovers table").wait_for()
    assert page.locator("a[href*='trajecten']").count() == 0
    assert page.get_by_text("Voor projectleiding").count() == 0
    response = page.goto(live_server + "/trajecten")
    assert response.status == 403
    assert "alleen voor de projectleiding" in page.inner_text("body")
    assert serious_violations(page) == []  # the link's contrast included
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Kaart").click()  # a menu back
    page.wait_for_url(live_server + "/kaart")
    assert [e for e in errors if "403" not in e] == []
    context.close()


def test_the_trajectory_grid_gives_no_console_warnings(page):
    warnings: list[str] = []
    page.on("console", lambda m: m.type == "warning" and warnings.append(m.text))
    page.goto(page.base_url + "/trajecten?stand=2008-03-04")
    page.get_by_text("114 trajecten per 4 mrt 2008").wait_for()
    page.locator(".ag-row").first.wait_for()
    assert [w for w in warnings if "AG Grid" in w] == []


def test_the_projectleiding_sees_everything(page):
    nav = page.get_by_role("navigation")
    nav.get_by_role("link", name="Overzicht").wait_for()
    for name in ("Trajecten", "Import", "Beheer"):
        assert nav.get_by_role("link", name=name).count() == 1
    page.goto(page.base_url + "/beheer")
    page.get_by_text("projectleiding-demo").first.wait_for()
    assert serious_violations(page) == []
    assert page.watch.problems() == []


def test_sign_out_ends_the_session(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_text("U bent uitgelogd.").wait_for()
    page.goto(page.base_url + "/kaart")
    assert "/inloggen" in page.url


def test_the_sign_in_page_is_accessible(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server + "/inloggen")
    assert serious_violations(page) == []
    page.get_by_label("Gebruikersnaam").fill("projectleiding-demo")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Onbekende naam of verkeerd wachtwoord.").wait_for()
    context.close()


def test_hostile_text_shows_as_text_and_never_runs(browser, serve, signed_in_state, tmp_path):
    from dashboard.factory import create_app

    url = f"sqlite:///{tmp_path / 'vijandig.sqlite'}"
    engine = make_engine(url)
    load_demo(engine)
    with engine.begin() as connection:
        connection.execute(update(Trajectory).where(Trajectory.nr == 62).values(result=f"{SCRIPT} {LINK}"))
        connection.execute(update(Evaluation).values(remarks=f"{SCRIPT} {LINK}"))
    base = serve(create_app({"database_url": url, "load_demo_if_new": False}))
    context = browser.new_context(viewport={"width": 1366, "height": 900},
                                  storage_state=signed_in_state("projectleiding"))
    page = context.new_page()
    page.goto(base + "/trajecten?stand=2008-03-04&traject=62")
    detail = page.locator(".trajectory-detail")
    detail.get_by_text("Traject 62: Heerhugowaard").wait_for()
    assert SCRIPT in detail.inner_text() and LINK in detail.inner_text()
    assert detail.locator("script, img, a[href^='javascript']").count() == 0
    page.goto(base + "/evaluaties?stand=2008-03-04")
    page.get_by_text(LINK).first.wait_for()
    assert page.evaluate("window.__xss") is None
    context.close()
