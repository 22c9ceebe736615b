"""Drill-down through the real Dash endpoint: a click on a chart's number opens exactly the trajectories it
counted (projectleiding), or filters the pages on it (the stuurgroep)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from dashboard import formatting, ids
from tests.signing_in import signed_in

SEARCH = "?stand=2007-11-30"


def call(app, client, wanted: str, values: dict[str, object]) -> dict | None:
    """Call the callback that takes the input ``wanted`` ("id.property"), or else writes it, the way the browser
    does: every input and state from ``values`` (by "id.property", else None). The response, or None when the
    callback changed nothing (204)."""
    def takes(spec):
        return any(f"{item['id']}.{item['property']}" == wanted for item in spec["inputs"])
    key, spec = next(((key, spec) for key, spec in app.callback_map.items() if takes(spec)), None) or next(
        (key, spec) for key, spec in app.callback_map.items() if wanted in key.strip(".").split("..."))
    response = post(client, key, spec, values)
    if response.status_code == 204:
        return None
    assert response.status_code == 200, response.data[:500]
    return response.get_json()["response"]


def post(client, key: str, spec: dict, values: dict[str, object], changed: str | None = None):
    """POST the callback ``key`` (``spec`` from ``app.callback_map``) as the browser does, with every input and state
    from ``values`` (by "id.property", else None) and ``changed`` (by default its first input) changed; the HTTP
    response."""
    def items(kind):
        return [{**item, "value": values.get(f"{item['id']}.{item['property']}")} for item in spec[kind]]
    outputs = [{"id": part.split(".")[0], "property": part.split(".")[1].split("@")[0]}
               for part in key.strip(".").split("...")]
    body = {"output": key, "outputs": outputs if len(outputs) > 1 else outputs[0], "inputs": items("inputs"),
            "state": items("state"),
            "changedPropIds": [changed or f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}"]}
    return client.post("/_dash-update-component", json=body)


def figure(app, client, graph: str, search: str = SEARCH) -> dict:
    """The figure of ``graph`` as its page's data callback draws it for ``search``."""
    response = call(app, client, f"{graph}.figure", {f"{ids.URL}.search": search,
                                                     f"{ids.DATA_VERSION}.data": {"version": 1}})
    return response[graph]["figure"]


def click(app, client, graph: str, point: dict, pathname: str, search: str = SEARCH) -> str | None:
    """Where a click on ``point`` of ``graph`` goes (an href), or None for nowhere."""
    response = call(app, client, f"{graph}.clickData", {f"{graph}.clickData": {"points": [point]},
                                                        f"{ids.URL}.search": search, f"{ids.URL}.pathname": pathname})
    return (response or {}).get(ids.URL, {}).get("href")


def listed(app, client, href: str) -> tuple[str, list[dict]]:
    """The Trajecten page's count sentence and rows for the URL ``href``."""
    parsed = urlparse(href)
    assert parsed.path == "/trajecten"
    response = call(app, client, f"{ids.TRAJECTEN_GRID}.rowData", {f"{ids.URL}.search": f"?{parsed.query}",
                                                      f"{ids.TRAJECTEN_SEARCH}.value": "",
                                                      f"{ids.DATA_VERSION}.data": {"version": 1}})
    return response[ids.TRAJECTEN_COUNT]["children"], response[ids.TRAJECTEN_GRID]["rowData"]


@pytest.fixture
def leader(app):
    """A client signed in as projectleiding."""
    return signed_in(app, "projectleiding")


def test_each_funnel_bar_of_trajectories_lists_exactly_the_trajectories_it_counted(app, leader):
    path = next(trace for trace in figure(app, leader, ids.OVERZICHT_FUNNEL)["data"] if trace["name"] == "Fase bereikt")
    opened = 0
    for count, data in zip(path["x"], path["customdata"]):
        href = click(app, leader, ids.OVERZICHT_FUNNEL, {"customdata": data}, "/")
        if data[-1] in ("received", "intake"):  # requests, not trajectories: nothing to open
            assert href is None
            continue
        sentence, rows = listed(app, leader, href)
        assert len(rows) == count and sentence == f"{formatting.number(count)} trajecten per 30 nov 2007"
        opened += 1
    assert opened == 3


@pytest.mark.parametrize("period", [-1, -9])
def test_each_tijdlijn_bar_lists_exactly_the_trajectories_it_counted(app, leader, period):
    bars = [trace for trace in figure(app, leader, ids.TIJDLIJN_FIGURE)["data"] if trace["type"] == "bar"]
    assert len(bars) == 3
    for trace in bars:
        count, data = trace["y"][period], trace["customdata"][period]
        href = click(app, leader, ids.TIJDLIJN_FIGURE, {"customdata": data}, "/tijdlijn")
        assert "fase=" in href
        _, rows = listed(app, leader, href)
        assert len(rows) == count, (trace["name"], data)


def test_a_heatmap_cell_lists_the_organisations_running_work_it_counted(app, leader):
    heatmap = figure(app, leader, ids.CMOS_HEATMAP, "?stand=2007-03-31")["data"][0]
    row = heatmap["y"].index("Zet")
    data = heatmap["customdata"][row][-1]
    href = click(app, leader, ids.CMOS_HEATMAP, {"customdata": data, "y": "Zet", "x": heatmap["x"][-1]}, "/cmos",
                 "?stand=2007-03-31")
    assert "organisatie=Zet" in href and "fase=werk-bezig" in href
    _, rows = listed(app, leader, href)
    assert formatting.number(sum(r["dagdelen"] for r in rows)) == data[2]  # the cell's allocated dagdelen
    # the filter matches the organisation that has the trajectory now; one handed over later names it as such
    assert all(r["organisation"] == "Zet" or r["organisation"].endswith("(later: Zet)") for r in rows) and rows


def test_a_theme_bar_opens_its_trajectories(app, leader):
    themes = figure(app, leader, ids.OVERZICHT_THEMES)["data"][0]
    href = click(app, leader, ids.OVERZICHT_THEMES, {"customdata": themes["customdata"][0]}, "/")
    _, rows = listed(app, leader, href)
    assert len(rows) == themes["x"][0]


def test_for_the_stuurgroep_a_click_filters_the_pages_instead(app):
    committee = signed_in(app, "stuurgroep")
    themes = figure(app, committee, ids.OVERZICHT_THEMES)["data"][0]
    code = themes["customdata"][0][-1]
    assert click(app, committee, ids.OVERZICHT_THEMES, {"customdata": themes["customdata"][0]}, "/") == \
        f"/?stand=2007-11-30&thema={code}"
    funnel = figure(app, committee, ids.OVERZICHT_FUNNEL)["data"][0]
    assert click(app, committee, ids.OVERZICHT_FUNNEL, {"customdata": funnel["customdata"][2]}, "/") is None
    bar = next(trace for trace in figure(app, committee, ids.TIJDLIJN_FIGURE)["data"] if trace["type"] == "bar")
    assert click(app, committee, ids.TIJDLIJN_FIGURE, {"customdata": bar["customdata"][-9]}, "/tijdlijn") == \
        f"/tijdlijn?stand={bar['customdata'][-9][1]}"
