"""The Evaluaties page through the app: its callbacks on the Dash endpoint, its downloads and its JSON API."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboard import ids
from dashboard.callbacks.downloads import CHART_DATA
from dashboard.callbacks.evaluaties import FIGURES
from dashboard.data.schema.db import read_session
from dashboard.view_state import parse
from tests.signing_in import signed_in

OUTPUTS = [(ids.EVALUATIES_KPIS, "children"), (ids.EVALUATIES_SUMMARY, "children"),
           *((figure, "figure") for figure in FIGURES),
           (ids.EVALUATIES_LOW_MARKS, "children"), (ids.EVALUATIES_OWED, "children")]


def evaluaties(client, search: str, trigger: str = ids.URL, shown: dict | None = None) -> dict:
    """Call the Evaluaties callback as the browser would."""
    shown = shown or {}
    output = "...".join(f"{i}.{p}" for i, p in OUTPUTS)
    response = client.post("/_dash-update-component", json={
        "output": f"..{output}..", "outputs": [{"id": i, "property": p} for i, p in OUTPUTS],
        "inputs": [{"id": ids.URL, "property": "search", "value": search},
                   {"id": ids.DATA_VERSION, "property": "data", "value": {"version": 1}}],
        "state": [{"id": figure, "property": "figure", "value": shown.get(figure)} for figure in FIGURES],
        "changedPropIds": [f"{trigger}.{'data' if trigger == ids.DATA_VERSION else 'search'}"],
    })
    assert response.status_code == 200, response.data[:500]
    return response.get_json()["response"]


def remarks(client, text: str, search: str = "?stand=2008-03-04") -> dict:
    """Call the remarks callback as the browser would."""
    response = client.post("/_dash-update-component", json={
        "output": f"..{ids.EVALUATIES_REMARKS}.children...{ids.EVALUATIES_REMARKS_COUNT}.children..",
        "outputs": [{"id": ids.EVALUATIES_REMARKS, "property": "children"},
                    {"id": ids.EVALUATIES_REMARKS_COUNT, "property": "children"}],
        "inputs": [{"id": ids.EVALUATIES_REMARKS_SEARCH, "property": "value", "value": text},
                   {"id": ids.URL, "property": "search", "value": search},
                   {"id": ids.DATA_VERSION, "property": "data", "value": {"version": 1}}],
        "changedPropIds": [f"{ids.EVALUATIES_REMARKS_SEARCH}.value"],
    })
    assert response.status_code == 200, response.data[:500]
    return response.get_json()["response"]


@pytest.fixture
def client(app):
    """The stuurgroep, for whom small numbers are suppressed."""
    return signed_in(app, "stuurgroep")


@pytest.fixture
def leader(app):
    """The projectleiding, who see remarks and every number."""
    return signed_in(app, "projectleiding")


def test_page_is_served(client):
    response = client.get("/evaluaties?stand=2008-03-04")
    assert response.status_code == 200


def test_the_report_numbers_through_the_dash_endpoint(leader):
    client = leader
    response = evaluaties(client, "?stand=2008-03-04")
    cards = str(response[ids.EVALUATIES_KPIS]["children"])
    assert "67 van 114" in cards and "59% van de afgeronde trajecten" in cards
    assert "'7,7'" in cards and "95%-betrouwbaarheidsinterval 7,5–7,9" in cards
    assert "'47'" in cards
    sentence = response[ids.EVALUATIES_SUMMARY]["children"]
    assert sentence.startswith("Per 4 mrt 2008 kwamen 67 evaluatieformulieren binnen, van 114 afgeronde trajecten")
    assert "het laagst scoorde procesgang (7,3)" in sentence
    aspects = response[ids.EVALUATIES_ASPECTS]["figure"]
    assert "Gemiddeld cijfer per aspect" in str(aspects["layout"]["title"])
    assert len(aspects["data"][0]["x"]) == 5
    owed = str(response[ids.EVALUATIES_OWED]["children"])
    assert "47 afgeronde trajecten zonder formulier" in owed
    assert "traject=" in owed  # each trajectory links to its detail


def test_the_lists_show_the_first_and_say_how_many_there_are(leader, monkeypatch):
    from dashboard.data.queries import evaluations

    monkeypatch.setattr(evaluations, "MAX_LISTED", 10)
    response = evaluaties(leader, "?stand=2008-03-04")
    owed = str(response[ids.EVALUATIES_OWED]["children"])
    assert ("De 10 langst wachtende van 47 afgeronde trajecten zonder formulier; de download bevat ze allemaal."
            in owed)
    assert owed.count("traject=") == 10
    assert "'47'" in str(response[ids.EVALUATIES_KPIS]["children"])  # the card counts them all


@pytest.mark.parametrize("shown,total,expected", [
    (50, 1234, "De 50 langst wachtende van 1.234 trajecten; de download bevat ze allemaal."),
    (47, 47, "47 trajecten, het langst wachtende bovenaan."),
    (1, 1, "1 traject."),
])
def test_listed_sentence(shown, total, expected):
    from dashboard.callbacks.evaluaties import listed_sentence

    assert listed_sentence(shown, total, "langst wachtende", ("traject", "trajecten"),
                           "het langst wachtende bovenaan") == expected


def test_a_small_selection_shows_no_marks(client):
    response = evaluaties(client, "?stand=2008-03-04&provincie=Drenthe")  # one form in Drenthe
    cards = str(response[ids.EVALUATIES_KPIS]["children"])
    assert "1 formulier in deze selectie; minder dan 5: niet getoond" in cards
    assert "'7," not in cards
    aspects = response[ids.EVALUATIES_ASPECTS]["figure"]
    assert aspects["data"] == [] and "niet getoond" in str(aspects["layout"]["annotations"])
    for graph in (ids.EVALUATIES_DISTRIBUTION, ids.EVALUATIES_BY_ORGANISATION, ids.EVALUATIES_BY_THEME):
        assert response[graph]["figure"]["data"] == []
    assert "Per 4 mrt 2008 kwam 1 evaluatieformulier binnen" in response[ids.EVALUATIES_SUMMARY]["children"]


def test_before_any_form(client):
    response = evaluaties(client, "?stand=2006-12-01")
    assert response[ids.EVALUATIES_SUMMARY]["children"] == "Per 1 dec 2006 was er nog geen evaluatieformulier binnen."
    assert "Nog geen evaluatieformulieren ontvangen" in str(response[ids.EVALUATIES_ASPECTS]["figure"])


def test_live_refresh_patches_only_the_data(client):
    full = evaluaties(client, "?stand=2008-03-04")
    shown = {figure: full[figure]["figure"] for figure in FIGURES}
    patched = evaluaties(client, "?stand=2008-03-04", trigger=ids.DATA_VERSION, shown=shown)
    patch = patched[ids.EVALUATIES_ASPECTS]["figure"]
    assert patch["__dash_patch_update"] == "__dash_patch_update"
    assert [op["location"] for op in patch["operations"]] == [["data"]]


@pytest.mark.parametrize("text,count,found", [
    ("", "5 opmerkingen per 4 mrt 2008", "Heerhugowaard"),
    ("sparren", "1 opmerking met ‘sparren’ per 4 mrt 2008", "éénpitter"),
])
def test_remarks_through_the_dash_endpoint(leader, text, count, found):
    client = leader
    response = remarks(client, text)
    assert response[ids.EVALUATIES_REMARKS_COUNT]["children"] == count
    assert found in str(response[ids.EVALUATIES_REMARKS]["children"])


def test_remarks_without_a_match(leader):
    client = leader
    response = remarks(client, "%")
    assert "Geen opmerkingen met ‘%’" in str(response[ids.EVALUATIES_REMARKS]["children"])


def test_the_page_on_an_unreachable_database(client_after_database_lost):
    response = evaluaties(client_after_database_lost, "")
    assert "niet bereikbaar" in str(response[ids.EVALUATIES_KPIS]["children"])
    assert client_after_database_lost.get("/api/v1/evaluations").status_code == 503


# Downloads

def download(app, chart: str, search: str = "?stand=2008-03-04") -> pd.DataFrame:
    """The frame behind ``chart`` for the state in ``search``, as the download callback builds it."""
    with app.server.test_request_context(), read_session() as session:
        return CHART_DATA[chart](session, parse(search))


@pytest.mark.parametrize("chart", [
    "evaluatie-aspecten", "evaluatie-verdeling", "evaluatie-organisaties", "evaluatie-provincies",
    "evaluatie-aanvragers", "evaluatie-themas", "evaluatie-maanden", "evaluatie-lage-cijfers",
    "evaluatie-nog-te-ontvangen",
])
def test_every_chart_and_list_can_be_downloaded(app, chart):
    frame = download(app, chart)
    assert not frame.empty
    frame.to_excel(io.BytesIO(), sheet_name=chart, index=False)  # the sheet name is short enough for Excel


def test_downloads_keep_the_small_number_rule(app):
    provinces = download(app, "evaluatie-provincies").set_index("provincie")
    assert provinces.loc["Drenthe", "formulieren"] == 1
    assert pd.isna(provinces.loc["Drenthe", "gemiddeld cijfer"])
    assert provinces.loc["Drenthe", "opmerking"] == "minder dan 5 formulieren: niet getoond"
    assert provinces.loc["Utrecht", "gemiddeld cijfer"] > 7
    aspects = download(app, "evaluatie-aspecten", "?stand=2008-03-04&provincie=Drenthe")
    assert aspects["gemiddeld cijfer"].isna().all()
    distribution = download(app, "evaluatie-verdeling", "?stand=2008-03-04&provincie=Drenthe")
    assert list(distribution.columns) == ["opmerking"]


def test_downloads_with_a_lower_threshold(database_url, demo_engine):
    from dashboard.factory import create_app

    app = create_app({"database_url": database_url, "load_demo_if_new": False, "small_number_threshold": 1})
    provinces = download(app, "evaluatie-provincies").set_index("provincie")
    assert provinces.loc["Drenthe", "gemiddeld cijfer"] == pytest.approx(7.0)
    assert (provinces["opmerking"] == "").all()


# JSON API

def test_api_gives_the_reports_figures(client):
    response = client.get("/api/v1/evaluations?as_of=2008-03-04")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["as_of"], body["forms"], body["completed"], body["mean"]) == ("2008-03-04", 67, 114, 7.7)
    assert body["response_rate"] == 0.588
    assert set(body["aspects"]) == {"results", "process", "quality", "presentation", "service"}
    for aspect in body["aspects"].values():
        assert set(aspect) == {"label", "mean", "ci_low", "ci_high", "forms"}
        assert aspect["ci_low"] < aspect["mean"] < aspect["ci_high"] and aspect["forms"] == 67
    assert body["aspects"]["process"]["label"] == "Procesgang"


def test_api_filters_and_small_selections(client):
    body = client.get("/api/v1/evaluations?as_of=2008-03-04&province=Drenthe").get_json()
    assert (body["forms"], body["suppressed"], body["mean"]) == (1, True, None)
    assert body["aspects"]["results"]["mean"] is None and body["aspects"]["results"]["forms"] == 1
    body = client.get("/api/v1/evaluations?as_of=2008-03-04&applicant_type=steunpunt").get_json()
    assert body["forms"] == 32 and body["suppressed"] is False and body["mean"] == 7.9


def test_api_bad_date(client):
    response = client.get("/api/v1/evaluations?as_of=4-3-2008")
    assert response.status_code == 400
    assert "geen geldige datum" in response.get_json()["error"]


@pytest.mark.parametrize("environment,expected", [(None, 5), ("10", 10)])
def test_threshold_comes_from_the_environment(monkeypatch, environment, expected):
    from dashboard.config import load_settings

    if environment is None:
        monkeypatch.delenv("DASHBOARD_SMALL_NUMBER_THRESHOLD", raising=False)
    else:
        monkeypatch.setenv("DASHBOARD_SMALL_NUMBER_THRESHOLD", environment)
    assert load_settings({"database_url": "sqlite://"}).small_number_threshold == expected
    assert load_settings({"database_url": "sqlite://", "small_number_threshold": 3}).small_number_threshold == 3


def test_the_stuurgroep_gets_no_single_forms_or_remarks(client):
    response = evaluaties(client, "?stand=2008-03-04")
    province = response[ids.EVALUATIES_BY_PROVINCE]["figure"]
    assert "minder dan 5 formulieren: niet getoond" in str(province["layout"]["annotations"])
    for reserved in (ids.EVALUATIES_LOW_MARKS, ids.EVALUATIES_OWED):
        assert "Alleen zichtbaar voor de projectleiding" in str(response[reserved]["children"])
    assert "7,7" in str(response[ids.EVALUATIES_KPIS]["children"])


def test_the_projectleiding_sees_small_groups(leader):
    response = evaluaties(leader, "?stand=2008-03-04&provincie=Drenthe")
    assert "niet getoond" not in str(response[ids.EVALUATIES_KPIS]["children"])

