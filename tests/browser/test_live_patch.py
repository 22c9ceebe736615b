"""A live data change in a browser: the data callbacks send a Patch of only the figures' data when their layout
stays the same, judged by the figures the browser hands back as State (which plotly.js has changed: whole
numbers for floats, computed axis ranges and types, ``autorange: "reversed"`` turned into ``true``)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import ids
from dashboard.data.schema import db
from dashboard.data.schema.models import Request, RequestTheme, Theme
from dashboard.data.schema.versioning import bump_data_version

pytestmark = pytest.mark.browser

PATCH = "__dash_patch_update"
CARE = "Vrijwillige inzet in de zorg"
PAGES = {  # page -> the figures its data callback patches
    "/": [ids.OVERZICHT_FUNNEL, ids.OVERZICHT_THEMES, ids.OVERZICHT_APPLICANTS, ids.OVERZICHT_CHANNELS],
    "/tijdlijn": [ids.TIJDLIJN_FIGURE, ids.TIJDLIJN_LEAD_TIMES],
    "/evaluaties": [ids.EVALUATIES_ASPECTS, ids.EVALUATIES_DISTRIBUTION, ids.EVALUATIES_BY_ORGANISATION,
                    ids.EVALUATIES_BY_PROVINCE, ids.EVALUATIES_BY_APPLICANT, ids.EVALUATIES_BY_THEME,
                    ids.EVALUATIES_BY_MONTH],
    "/cmos": [ids.CMOS_HEATMAP],
}


@pytest.fixture
def live_url(own_database_url: str) -> str:
    """A SQLite database with the reconstruction, of this test's own (the test raises its data version)."""
    return own_database_url


@pytest.fixture
def live_server(own_live_server: str) -> str:
    """The app on that database, checking the data version every second."""
    return own_live_server


def is_data_callback(request, figures: list[str], trigger: str | None = None) -> bool:
    """Whether ``request`` asks for the page's data callback (triggered by ``trigger``, if given)."""
    if not request.url.endswith("/_dash-update-component") or request.method != "POST":
        return False
    body = request.post_data_json
    return (f"{figures[0]}.figure" in body["output"]
            and (trigger is None or trigger in body.get("changedPropIds", [])))


def differences(server, browser, path: str = "layout") -> list[str]:
    """Where two plotly JSON values differ, one 'path: server != browser' line each (for failure messages)."""
    if isinstance(server, dict) and isinstance(browser, dict):
        found = []
        for key in sorted(set(server) | set(browser)):
            if key not in browser:
                found.append(f"{path}.{key}: only from the server")
            elif key not in server:
                found.append(f"{path}.{key}: only in the browser = {json.dumps(browser[key])[:80]}")
            else:
                found += differences(server[key], browser[key], f"{path}.{key}")
        return found
    if isinstance(server, list) and isinstance(browser, list) and len(server) == len(browser):
        return [line for i, (a, b) in enumerate(zip(server, browser)) for line in differences(a, b, f"{path}[{i}]")]
    if json.dumps(server) != json.dumps(browser):
        return [f"{path}: {json.dumps(server)[:80]} != {json.dumps(browser)[:80]}"]
    return []


def live_refresh(page, path: str, live_url: str, change) -> tuple[dict, dict, dict]:
    """Open ``path`` following today, then ``change`` the data in a session and raise the data version; what the
    server drew first, what the browser then sent back as the shown figures, and the figures answered."""
    figures = PAGES[path]
    with page.expect_response(lambda r: is_data_callback(r.request, figures)) as first:
        page.goto(page.base_url + path)  # no "stand": the page follows today and polls the data version
    drawn = {figure: value["figure"] for figure, value in first.value.json()["response"].items() if figure in figures}
    assert all("layout" in figure for figure in drawn.values())
    page.wait_for_function("ids => ids.every(id => document.getElementById(id).querySelector('.js-plotly-plot')"
                           "?.layout?.title)", arg=figures)
    engine = db.make_engine(live_url)
    try:
        with page.expect_response(lambda r: is_data_callback(r.request, figures, f"{ids.DATA_VERSION}.data"),
                                  timeout=20_000) as refreshed:
            with Session(engine) as session, session.begin():
                change(session)
                bump_data_version(session)
    finally:
        engine.dispose()
    shown = {state["id"]: state["value"] for state in refreshed.value.request.post_data_json["state"]}
    answer = {figure: value["figure"] for figure, value in refreshed.value.json()["response"].items()
              if figure in figures}
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading]')")  # the answer applied
    return drawn, shown, answer


@pytest.mark.parametrize("path", list(PAGES))
def test_a_live_data_change_patches_only_the_data(page, live_url, path):
    drawn, shown, answer = live_refresh(page, path, live_url, lambda session: None)  # no figure changes
    whole = {figure: differences(drawn[figure]["layout"], shown[figure]["layout"])
             for figure, sent in answer.items() if sent.get(PATCH) != PATCH}
    assert not whole, "the whole figure was sent again, the layouts differing in\n" + "\n".join(
        f"#{figure}: {line}" for figure, lines in whole.items() for line in lines)
    assert {figure: [op["location"] for op in sent["operations"]] for figure, sent in answer.items()} == {
        figure: [["data"]] for figure in PAGES[path]}
    assert page.watch.problems() == []


def test_a_live_data_change_that_moves_an_axis_sends_that_figure_whole(page, live_url):
    def every_request_about_care(session: Session) -> None:
        """Give every request the theme 'zorg': the theme chart's longest bar, axis range and order change."""
        about_care = set(session.scalars(select(RequestTheme.request_id).where(RequestTheme.theme == Theme.ZORG)))
        session.add_all(RequestTheme(request_id=request, theme=Theme.ZORG)
                        for request in session.scalars(select(Request.id)) if request not in about_care)

    drawn, _shown, answer = live_refresh(page, "/", live_url, every_request_about_care)
    themes = answer.pop(ids.OVERZICHT_THEMES)
    assert PATCH not in themes
    assert themes["layout"]["xaxis"]["range"] != drawn[ids.OVERZICHT_THEMES]["layout"]["xaxis"]["range"]
    assert themes["layout"]["yaxis"]["categoryarray"][0] == CARE
    assert all(sent.get(PATCH) == PATCH for sent in answer.values())  # the other charts do not count themes
    graph = f"document.querySelector('#{ids.OVERZICHT_THEMES} .js-plotly-plot')"
    page.wait_for_function(f"range => {graph}._fullLayout.xaxis.range[1] === range",
                           arg=themes["layout"]["xaxis"]["range"][1])
    assert page.evaluate(f"{graph}.layout.yaxis.categoryarray[0]") == CARE
    assert page.watch.problems() == []
