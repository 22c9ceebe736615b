"""Every page per programme, through the real Dash endpoint: with AVI 130 beside two other programmes, each
callback answers for ``programma=avi-130`` (and for the default, without it) exactly what it answers on the
reconstruction alone; another programme gets answers of its own; the chooser appears only with several."""

from __future__ import annotations

import json
import re

import pytest

from dashboard import ids
from tests.page_text import texts
from tests.signing_in import signed_in
from tests.test_drill_down import call, post

# Callbacks with outputs that say which programme is shown, or show every programme (the portfolio), or the data
# version: not the same by design.
ACROSS = (ids.URL, ids.STATE_SUMMARY, ids.FILTER_PROGRAMME, ids.DATA_VERSION, ids.LIVE_INTERVAL, "programmas-")
# Outputs of the CMO's page that count the organisations' work of every programme (an advisor has one week for all
# programmes): allocated dagdelen, capacity, utilisation and gaps, the signals of a gap, the advisors' load, and the
# split by programme (shown only with several). Left out of the comparison; the page's other outputs, the
# programme's own trajectories and hand-overs, are compared.
ACROSS_OUTPUTS = (ids.CMOS_SIGNALS, ids.CMOS_TABLE, ids.CMOS_SPLIT_SECTION, ids.CMOS_SPLIT, ids.CMOS_SPLIT_TABLE,
                  ids.CMOS_HEATMAP, ids.CMOS_ADVISORS)
DAYS = ("?stand=2007-11-30", "?stand=2009-06-30")  # before the other programmes began, and while they ran


@pytest.fixture
def beside(several_programmes_url):
    """The app on the database of three programmes, signed in as projectleiding."""
    from dashboard.factory import create_app

    app = create_app({"database_url": several_programmes_url, "load_demo_if_new": False})
    return app, signed_in(app, "projectleiding")


@pytest.fixture
def alone(app):
    """The app on the reconstruction alone, signed in as projectleiding."""
    return app, signed_in(app, "projectleiding")


def _page_callbacks(app) -> list[tuple[str, dict]]:
    """The callbacks that read the URL's query string, except those whose answer differs by design."""
    return [(key, spec) for key, spec in app.callback_map.items()
            if any(item["id"] == ids.URL and item["property"] == "search" for item in spec["inputs"])
            and not any(part.startswith(ACROSS) for part in key.strip(".").split("..."))
            and ids.DOWNLOAD not in key and ids.NAV_LINK not in key]  # downloads and the navbar's links


def _answer(app, client, key: str, spec: dict, search: str):
    """The response of the callback ``key`` for ``search``, as the browser would ask for it."""
    values = {f"{ids.URL}.search": search, f"{ids.URL}.pathname": "/", f"{ids.DATA_VERSION}.data": {"version": 1}}
    response = post(client, key, spec, values, changed=f"{ids.URL}.search")
    assert response.status_code in (200, 204), (key, response.data[:300])
    if response.status_code == 204:
        return None
    # links keep the programme of the URL they were made in (also an unknown one): the same links but for that
    answer = json.loads(re.sub("programma=(avi-130|onbekend)&", "", response.get_data(as_text=True)))
    for output in ACROSS_OUTPUTS:
        answer["response"].pop(output, None)
    return answer


@pytest.mark.parametrize("search", DAYS)
def test_every_page_shows_avi_130_beside_other_programmes_as_alone(beside, alone, search):
    app, client = beside
    single_app, single = alone
    callbacks = _page_callbacks(app)
    print(*(key[:100] for key, _ in callbacks), sep="\n")
    assert len(callbacks) >= 8
    single_specs = dict(single_app.callback_map)
    for key, spec in callbacks:
        expected = _answer(single_app, single, key, single_specs[key], search)
        got = _answer(app, client, key, spec, search + "&programma=avi-130")
        if got != expected:
            _show_difference(got, expected)
        assert got == expected, key
        assert _answer(app, client, key, spec, search) == expected, key  # the default programme
        assert _answer(app, client, key, spec, search + "&programma=onbekend") == expected, key


def _show_difference(got, expected, path=""):
    if isinstance(got, dict) and isinstance(expected, dict):
        for name in set(got) | set(expected):
            _show_difference(got.get(name), expected.get(name), f"{path}.{name}")
    elif isinstance(got, list) and isinstance(expected, list) and len(got) == len(expected):
        for index, (a, b) in enumerate(zip(got, expected)):
            _show_difference(a, b, f"{path}[{index}]")
    elif got != expected:
        print("DIFF", path, str(got)[:200], "!=", str(expected)[:200])


def _kpis(app, client, search: str) -> list[str]:
    key = next(key for key in app.callback_map if key.startswith(f"..{ids.OVERZICHT_KPIS}.children"))
    return texts(_answer(app, client, key, app.callback_map[key], search)["response"][ids.OVERZICHT_KPIS]["children"])


def test_another_programme_shows_its_own_figures(beside):
    app, client = beside
    avi = _kpis(app, client, "?stand=2009-12-31")
    sport = _kpis(app, client, "?stand=2009-12-31&programma=sport")
    assert "131 van 130" in avi
    assert "72 van 80" in sport  # its requests against a target of its own


def test_the_chooser_shows_only_with_several_programmes(beside, alone):
    def chooser(app, client):
        response = call(app, client, f"{ids.FILTER_PROGRAMME}.options", {f"{ids.URL}.pathname": "/"})
        return response[ids.FILTER_PROGRAMME]["options"], response[ids.FILTER_PROGRAMME_BLOCK]["className"]

    options, shown = chooser(*beside)
    assert [option["value"] for option in options] == ["avi-130", "sport", "brede-scholen"] and shown == "mb-2 align-items-end"
    options, shown = chooser(*alone)
    assert [option["value"] for option in options] == ["avi-130"] and shown == "d-none"


def test_the_portfolio_lists_every_programme_with_a_link_to_its_overzicht(beside):
    app, client = beside
    key = next(key for key in app.callback_map if f"{ids.PORTFOLIO_TABLE}.children" in key)
    answer = _answer(app, client, key, app.callback_map[key], "?stand=2008-06-30")["response"]
    shown = texts(answer[ids.PORTFOLIO_TABLE]["children"])
    for name, counts in (("AVI 130", "131 / 130"), ("Sport in de buurt (voorbeeld, gesimuleerd)", "54 / 80"),
                         ("Brede scholen (voorbeeld, gesimuleerd)", "23 / 60")):
        assert name in shown and counts in shown
    assert "programma=sport" in json.dumps(answer[ids.PORTFOLIO_TABLE])
    figure = answer[ids.PORTFOLIO_FIGURE]["figure"]
    requests = [trace for trace in figure["data"] if trace["name"] == "Aanvragen"]
    assert [trace["y"][-1] for trace in requests] == [131, 54, 23]  # each line ends at its count on the stand
