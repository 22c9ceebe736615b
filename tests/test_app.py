"""The app built by the factory: routes, local assets and callbacks through the real Dash endpoint."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dashboard import ids
from tests.figures.drawing import as_the_browser_sends
from tests.signing_in import signed_in


def post_callback(client, outputs: list[tuple[str, str]], inputs: list[dict]) -> dict:
    """Call ``/_dash-update-component`` the way the browser does and return the response."""
    output = "...".join(f"{i}.{p}" for i, p in outputs)
    body = {
        "output": f"..{output}.." if len(outputs) > 1 else output,
        "outputs": [{"id": i, "property": p} for i, p in outputs] if len(outputs) > 1
        else {"id": outputs[0][0], "property": outputs[0][1]},
        "inputs": inputs,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:500]
    return response.get_json()["response"]


@pytest.mark.parametrize("path", ["/", "/trajecten", "/?stand=2007-11-30"])
def test_pages_are_served(app, path):
    response = signed_in(app).get(path)
    assert response.status_code == 200
    assert b'lang="nl"' in response.data


def test_everything_is_served_locally(app):
    client = signed_in(app)
    html = client.get("/").get_data(as_text=True)
    assert not re.search(r"""(src|href)=["']https?://""", html)
    css = client.get("/vendor/theme/bootstrap.min.css")
    assert css.status_code == 200 and b"Bootstrap" in css.data
    assert b"@import" not in css.data


OVERZICHT_OUTPUTS = [(ids.OVERZICHT_KPIS, "children"), (ids.OVERZICHT_SUMMARY, "children"),
                     (ids.OVERZICHT_FUNNEL, "figure"), (ids.OVERZICHT_THEMES, "figure"),
                     (ids.OVERZICHT_APPLICANTS, "figure"), (ids.OVERZICHT_CHANNELS, "figure")]


def overzicht(client, search: str, trigger: str = ids.URL, shown: dict | None = None) -> dict:
    """Call the Overzicht callback as the browser would."""
    inputs = [{"id": ids.URL, "property": "search", "value": search},
              {"id": ids.DATA_VERSION, "property": "data", "value": {"version": 1}}]
    shown = shown or {}
    body_state = [{"id": i, "property": "figure", "value": shown.get(i)} for i, p in OVERZICHT_OUTPUTS[2:]]
    output = "..." .join(f"{i}.{p}" for i, p in OVERZICHT_OUTPUTS)
    response = client.post("/_dash-update-component", json={
        "output": f"..{output}..", "outputs": [{"id": i, "property": p} for i, p in OVERZICHT_OUTPUTS],
        "inputs": inputs, "state": body_state, "changedPropIds": [f"{trigger}.{'data' if trigger == ids.DATA_VERSION else 'search'}"],
    })
    assert response.status_code == 200, response.data[:500]
    return response.get_json()["response"]


def test_overzicht_headline_through_the_dash_endpoint(app):
    response = overzicht(signed_in(app), "?stand=2007-11-30")
    sentence = response[ids.OVERZICHT_SUMMARY]["children"]
    assert sentence.startswith("Per 30 nov 2007: 131 aanvragen")
    assert "114 trajecten gestart, waarvan 46 afgerond en 68 lopend" in sentence
    assert "158 van de 443 gemeenten" in sentence
    funnel = response[ids.OVERZICHT_FUNNEL]["figure"]
    assert "Van aanvraag tot afgerond traject" in str(funnel["layout"]["title"])


def test_overzicht_filters_come_from_the_url(app):
    response = overzicht(signed_in(app), "?stand=2008-03-04&provincie=Zeeland")
    sentence = response[ids.OVERZICHT_SUMMARY]["children"]
    assert sentence.startswith("Per 4 mrt 2008: 7 aanvragen")
    assert "6 trajecten gestart" in sentence and "1 aanvraag niet doorgegaan" in sentence


def test_live_refresh_patches_only_the_data(app):
    client = signed_in(app)
    full = overzicht(client, "?stand=2007-11-30")
    shown = {i: as_the_browser_sends(full[i]["figure"]) for i, _ in OVERZICHT_OUTPUTS[2:]}
    patched = overzicht(client, "?stand=2007-11-30", trigger=ids.DATA_VERSION, shown=shown)
    for graph, _ in OVERZICHT_OUTPUTS[2:]:
        patch = patched[graph]["figure"]
        assert patch.get("__dash_patch_update") == "__dash_patch_update", graph
        assert [op["location"] for op in patch["operations"]] == [["data"]]
        assert patch["operations"][0]["params"]["value"] == full[graph]["figure"]["data"]


def test_live_refresh_sends_the_whole_figure_when_the_layout_changed(app):
    client = signed_in(app)
    earlier = overzicht(client, "?stand=2006-06-01")
    shown = {i: as_the_browser_sends(earlier[i]["figure"]) for i, _ in OVERZICHT_OUTPUTS[2:]}
    later = overzicht(client, "?stand=2007-11-30", trigger=ids.DATA_VERSION, shown=shown)
    full = overzicht(client, "?stand=2007-11-30")
    for graph, _ in OVERZICHT_OUTPUTS[2:]:
        assert later[graph]["figure"] == full[graph]["figure"], graph


def test_trajecten_list_through_the_dash_endpoint(app):
    response = post_callback(
        signed_in(app),
        [(ids.TRAJECTEN_GRID, "rowData"), (ids.TRAJECTEN_COUNT, "children"), (ids.TRAJECTEN_CHIPS, "children")],
        [{"id": ids.TRAJECTEN_SEARCH, "property": "value", "value": "Zeeland"},
         {"id": ids.URL, "property": "search", "value": "?stand=2008-03-04"},
         {"id": ids.DATA_VERSION, "property": "data", "value": {"version": 1}}],
    )
    rows = response[ids.TRAJECTEN_GRID]["rowData"]
    assert len(rows) == 6 and {r["province"] for r in rows} == {"Zeeland"}
    assert all(isinstance(r["nr"], int) and isinstance(r["dagdelen"], int) for r in rows)
    dates = [r[column] for r in rows for column in ("received_on", "started_on", "work_finished_on", "completed_on")]
    assert all(value is None or dt.date.fromisoformat(value) <= dt.date(2008, 3, 4) for value in dates)
    assert all(dt.date.fromisoformat(r["received_on"]) for r in rows)
    assert response[ids.TRAJECTEN_COUNT]["children"] == "6 trajecten per 4 mrt 2008"


def test_a_lost_database_shows_a_banner_to_a_signed_in_user(client_after_database_lost):
    response = overzicht(client_after_database_lost, "")
    assert "niet bereikbaar" in str(response[ids.OVERZICHT_KPIS]["children"])


def test_sign_in_on_an_unreachable_database_says_so_in_dutch(tmp_path):
    from dashboard.factory import create_app
    from tests.signing_in import csrf_token

    app = create_app({"database_url": f"sqlite:///{tmp_path / 'geen-map' / 'x.sqlite'}", "load_demo_if_new": False})
    client = app.server.test_client()
    token = csrf_token(client.get("/inloggen").get_data(as_text=True))
    response = client.post("/inloggen", data={"naam": "a", "wachtwoord": "b", "csrf_token": token})
    assert response.status_code == 503
    assert "niet bereikbaar" in response.get_data(as_text=True)


def test_plotly_is_loaded_with_the_page(app):
    """plotly.js is a script of the page itself, not fetched after the first graph mounts (about 1 s later)."""
    page = signed_in(app).get("/").get_data(as_text=True)
    assert re.search(r'<script src="[^"]*plotly[^"]*\.js', page)
