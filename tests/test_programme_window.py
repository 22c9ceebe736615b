"""The programme's own period: the default 'Stand per' of a programme that is over, the time axes that stop at
the end of its record, the 'Vandaag' choice in the URL and the Dutch date field, through the real callbacks."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import ids
from dashboard.data.queries.programme_period import Period, period
from tests.test_app import post_callback
from tests.signing_in import signed_in

RECORD_END = dt.date(2008, 3, 4)  # the last recorded fact (the day of the final report), after the end
CONTROLS = [ids.FILTER_PROGRAMME, ids.FILTER_AS_OF, ids.FILTER_PROVINCE, ids.FILTER_ORGANISATION, ids.FILTER_THEME,
            ids.FILTER_APPLICANT, ids.FILTER_COMPARE]


def test_the_record_of_avi_130_ends_after_its_end_date(session):
    found = period(session)
    assert (found.starts_on, found.ends_on, found.record_ends_on) == (dt.date(2006, 6, 1), dt.date(2007, 12, 31),
                                                                      RECORD_END)
    assert found.is_over(dt.date.today())
    assert found.axis_end(dt.date(2026, 12, 7)) == RECORD_END
    assert found.axis_end(dt.date(2007, 4, 30)) == dt.date(2007, 4, 30)


def test_a_running_programme_of_decades_keeps_the_chosen_date():
    running = Period(dt.date(1960, 1, 1), dt.date(2040, 12, 31), dt.date(2040, 12, 31))
    assert not running.is_over(dt.date(2026, 12, 7))
    assert running.axis_end(dt.date(2026, 12, 7)) == dt.date(2026, 12, 7)


def _summary(client, search: str) -> str:
    return post_callback(client, [(ids.STATE_SUMMARY, "children")],
                         [{"id": ids.URL, "property": "search", "value": search}])[ids.STATE_SUMMARY]["children"]


def test_without_a_date_the_page_shows_the_end_and_says_so(app):
    client = signed_in(app, "stuurgroep")
    assert _summary(client, "").startswith("Stand per 4 mrt 2008 (de eindstand van het programma; kies 'Vandaag'")
    today = dt.date.today()
    assert _summary(client, "?stand=vandaag").startswith(
        f"Stand per {today.day} {'jan feb mrt apr mei jun jul aug sep okt nov dec'.split()[today.month - 1]} "
        f"{today.year} (vandaag)")
    assert _summary(client, "?stand=2007-04-30").startswith("Stand per 30 apr 2007 ·")


def test_an_unreadable_date_in_the_link_is_named(app):
    line = _summary(signed_in(app, "stuurgroep"), "?stand=abc")
    assert line.startswith("Stand per 4 mrt 2008 (de eindstand van het programma")
    assert "'abc' in de link is geen datum; daarom deze stand" in line


def _tijdlijn_labels(client, search: str) -> list[str]:
    outputs = [ids.TIJDLIJN_FIGURE, ids.TIJDLIJN_GAP, ids.TIJDLIJN_LEAD_TIMES]
    properties = ["figure", "children", "figure"]
    response = client.post("/_dash-update-component", json={
        "output": ".." + "...".join(f"{i}.{p}" for i, p in zip(outputs, properties)) + "..",
        "outputs": [{"id": i, "property": p} for i, p in zip(outputs, properties)],
        "inputs": [{"id": ids.URL, "property": "search", "value": search},
                   {"id": ids.DATA_VERSION, "property": "data", "value": None},
                   {"id": ids.NOTES_DONE, "property": "data", "value": None}],
        "state": [{"id": ids.TIJDLIJN_FIGURE, "property": "figure", "value": None},
                  {"id": ids.TIJDLIJN_LEAD_TIMES, "property": "figure", "value": None}],
        "changedPropIds": ["url.search"]})
    assert response.status_code == 200, response.data[:300]
    return response.get_json()["response"][ids.TIJDLIJN_FIGURE]["figure"]["layout"]["xaxis"]["categoryarray"]


@pytest.mark.parametrize("search", ["", "?stand=vandaag", "?stand=2026-12-01"])
def test_the_tijdlijn_spans_the_programme_not_the_years_after(app, search):
    labels = _tijdlijn_labels(signed_in(app, "stuurgroep"), search)
    assert labels[0] == "jun 2006" and labels[-1] == "mrt 2008"


def test_before_the_end_the_tijdlijn_stops_at_the_chosen_date(app):
    labels = _tijdlijn_labels(signed_in(app, "stuurgroep"), "?stand=2007-04-30")
    assert labels[-1] == "apr 2007"


def test_the_kaart_play_control_runs_over_the_programme_months(app):
    answer = post_callback(signed_in(app, "stuurgroep"),
                           [("kaart-map", "figure"), ("kaart-table", "children"), ("kaart-blank-provinces", "children"),
                            ("kaart-waiting", "children"), ("kaart-gemeenten", "children"),
                            ("kaart-province-pick", "options")],
                           [{"id": ids.URL, "property": "search", "value": "?stand=vandaag"},
                            {"id": ids.DATA_VERSION, "property": "data", "value": None}])
    frames = answer["kaart-map"]["figure"]["frames"]
    names = [frame["name"] for frame in frames]
    assert (names[0], names[-1], len(names)) == ("jul 2006", "mrt 2008", 21)


def _type(client, search: str, typed: str | None, trigger: str = ids.FILTER_AS_OF) -> tuple:
    """Send the filter bar's callback as the browser does when ``trigger`` changed; return (url, outputs)."""
    values = [None, typed, "alle", "alle", "alle", "alle", "niet"]  # no programme chosen: one in the database
    body = {
        "output": "..url.search..." + "...".join(f"{c}.value" for c in CONTROLS)
                  + f"...{ids.FILTER_AS_OF}.invalid...{ids.FILTER_AS_OF_FEEDBACK}.children..",
        "outputs": [{"id": ids.URL, "property": "search"}, *({"id": c, "property": "value"} for c in CONTROLS),
                    {"id": ids.FILTER_AS_OF, "property": "invalid"},
                    {"id": ids.FILTER_AS_OF_FEEDBACK, "property": "children"}],
        "inputs": [{"id": ids.URL, "property": "search", "value": search},
                   *({"id": c, "property": "value", "value": v} for c, v in zip(CONTROLS, values)),
                   {"id": ids.FILTER_RESET, "property": "n_clicks", "value": None},
                   {"id": ids.FILTER_TODAY, "property": "n_clicks", "value": 1 if trigger == ids.FILTER_TODAY else None}],
        "changedPropIds": [f"{trigger}.{'n_clicks' if trigger == ids.FILTER_TODAY else 'value'}"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:500]
    sent = response.get_json()["response"]
    return sent.get("url", {}).get("search"), sent


@pytest.mark.parametrize("typed", ["15-03-2007", "15/03/2007", "15 mrt 2007", "15 maart 2007", "2007-03-15"])
def test_a_date_typed_the_dutch_way_goes_in_the_url(app, typed):
    search, sent = _type(signed_in(app, "stuurgroep"), "?provincie=Utrecht", typed)
    assert search == "?stand=2007-03-15"  # the selects sent 'alle'
    assert sent[ids.FILTER_AS_OF]["value"] == "15 mrt 2007" and sent[ids.FILTER_AS_OF]["invalid"] is False


@pytest.mark.parametrize("typed,complaint", [
    ("31-02-2007", "'31-02-2007' is geen datum die we kunnen lezen"),
    ("gisteren", "'gisteren' is geen datum die we kunnen lezen"),
    ("1 jan 1850", "Kies een datum tussen 2000 en 2100"),
])
def test_a_date_that_cannot_be_shown_is_refused_in_dutch_and_changes_nothing(app, typed, complaint):
    search, sent = _type(signed_in(app, "stuurgroep"), "?stand=2007-04-30", typed)
    assert search is None  # the URL, and so the page, stays as it was
    assert sent[ids.FILTER_AS_OF]["invalid"] is True
    assert sent[ids.FILTER_AS_OF_FEEDBACK]["children"].startswith(complaint)


def test_vandaag_is_kept_in_the_link(app):
    search, sent = _type(signed_in(app, "stuurgroep"), "?stand=2007-04-30", "30 apr 2007", ids.FILTER_TODAY)
    assert search == "?stand=vandaag"


def test_the_field_shows_the_default_date_in_dutch(app):
    client = signed_in(app, "stuurgroep")
    body = {"output": "..url.search..." + "...".join(f"{c}.value" for c in CONTROLS)
            + f"...{ids.FILTER_AS_OF}.invalid...{ids.FILTER_AS_OF_FEEDBACK}.children..",
            "outputs": [{"id": ids.URL, "property": "search"}, *({"id": c, "property": "value"} for c in CONTROLS),
                        {"id": ids.FILTER_AS_OF, "property": "invalid"},
                        {"id": ids.FILTER_AS_OF_FEEDBACK, "property": "children"}],
            "inputs": [{"id": ids.URL, "property": "search", "value": ""},
                       *({"id": c, "property": "value", "value": ""} for c in CONTROLS),
                       {"id": ids.FILTER_RESET, "property": "n_clicks", "value": None},
                       {"id": ids.FILTER_TODAY, "property": "n_clicks", "value": None}],
            "changedPropIds": ["url.search"]}
    sent = client.post("/_dash-update-component", json=body).get_json()["response"]
    assert sent[ids.FILTER_AS_OF]["value"] == "4 mrt 2008"
