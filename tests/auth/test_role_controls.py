"""Role-aware controls: each role is offered only the links, buttons and sections it can use.

Through the real endpoints: the page layouts as Dash's router serves them, the page callbacks, the
navbar in the app's layout and the map's click handler, for the stuurgroep and the projectleiding.
"""

from __future__ import annotations

import json

import pytest

from tests.data.queries.test_capacity import cmos_callback
from tests.signing_in import signed_in
from tests.test_app import post_callback

RESERVED_DOWNLOADS = ("evaluatie-lage-cijfers", "evaluatie-nog-te-ontvangen", "cmo-adviseurs",
                      "cmo-adviseur-overdrachten")


def page_layout(client, app, path: str, search: str = "") -> str:
    """The layout Dash's page router sends for ``path``, as JSON text."""
    client.get("/")
    key = next(k for k in app.callback_map if "_pages_content" in k)
    response = client.post("/_dash-update-component", json={
        "output": key, "outputs": [{"id": "_pages_content", "property": "children"},
                                   {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "changedPropIds": ["_pages_location.pathname"]})
    assert response.status_code == 200, response.data[:300]
    return json.dumps(response.get_json()["response"]["_pages_content"]["children"])


@pytest.mark.parametrize("role", ["stuurgroep", "projectleiding"])
def test_the_projectleiding_sections_are_offered_to_projectleiding_only(app, role):
    client = signed_in(app, role)
    leader = role == "projectleiding"
    cmos = page_layout(client, app, "/cmos", "?stand=2007-11-30")
    evaluaties = page_layout(client, app, "/evaluaties", "?stand=2007-11-30")
    for layout in (cmos, evaluaties):
        assert ("Voor projectleiding" in layout) is leader
    assert ("evaluaties-remarks-search" in evaluaties) is leader
    for chart in RESERVED_DOWNLOADS:
        assert (f'"chart": "{chart}"' in cmos + evaluaties) is leader, chart
    # The shared downloads stay for both.
    assert '"chart": "cmo-overdrachten"' in cmos and '"chart": "evaluatie-aspecten"' in evaluaties


@pytest.mark.parametrize("role", ["stuurgroep", "projectleiding"])
def test_trajectory_links_only_for_those_who_may_open_them(app, role):
    client = signed_in(app, role)
    leader = role == "projectleiding"
    shown = cmos_callback(client, "?stand=2007-11-30")
    handovers = json.dumps(shown["cmos-handovers"]["children"])
    assert "Traject " in handovers
    assert ("/trajecten?" in handovers) is leader
    signals = json.dumps(cmos_callback(client, "?stand=2006-12-15")["cmos-signals"]["children"])
    assert "Traject 48" in signals
    assert ("/trajecten" in signals) is leader
    kaart = page_layout(client, app, "/kaart")
    assert ("klik op een gemeente om haar laatste traject te openen" in kaart) is leader


def _kaart_outputs():
    return [("kaart-map", "figure"), ("kaart-table", "children"), ("kaart-blank-provinces", "children"),
            ("kaart-waiting", "children"), ("kaart-gemeenten", "children"), ("kaart-province-pick", "options")]


@pytest.mark.parametrize("role", ["stuurgroep", "projectleiding"])
def test_a_click_on_a_gemeente_opens_its_trajectory_for_projectleiding_only(app, role):
    client = signed_in(app, role)
    leader = role == "projectleiding"
    figure = post_callback(client, _kaart_outputs(),
                           [{"id": "url", "property": "search", "value": "?stand=2007-11-30"},
                            {"id": "data-version", "property": "data", "value": None}])["kaart-map"]["figure"]
    assert ("traject te openen" in json.dumps(figure["data"][1:])) is leader
    response = client.post("/_dash-update-component", json={
        "output": "url.href", "outputs": {"id": "url", "property": "href"},
        "inputs": [{"id": "kaart-map", "property": "clickData",
                    "value": {"points": [{"curveNumber": 1, "customdata": 62}]}}],
        "state": [{"id": "url", "property": "search", "value": ""},
                  {"id": "url", "property": "pathname", "value": "/kaart"}],
        "changedPropIds": ["kaart-map.clickData"]})
    sent = response.get_json()["response"]
    if leader:
        assert sent["url"]["href"] == "/trajecten?traject=62"
    else:
        assert sent == {}  # nothing happens: no way to a page that would refuse


@pytest.mark.parametrize("role", ["stuurgroep", "projectleiding"])
def test_the_navbar_offers_the_pages_of_the_role(app, role):
    client = signed_in(app, role)
    layout = json.dumps(client.get("/_dash-layout").get_json())
    for page in ("/trajecten", "/import", "/beheer"):
        assert (f'"href": "{page}"' in layout) is (role == "projectleiding")
    assert '"href": "/kaart"' in layout
