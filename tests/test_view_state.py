"""The shared state in the URL: parsing, writing and the round trip."""

import datetime as dt

import pytest

from dashboard.view_state import ViewState, parse, to_search, with_changes


@pytest.mark.parametrize("search,expected", [
    ("", ViewState()),
    ("?stand=2007-11-30", ViewState(as_of=dt.date(2007, 11, 30))),
    ("?stand=2007-02-30", ViewState(unreadable="2007-02-30")),
    ("?stand=abc", ViewState(unreadable="abc")),
    ("?stand=vandaag", ViewState(today=True)),
    ("?provincie=Utrecht&thema=zorg&aanvrager=steunpunt", ViewState(province="Utrecht", theme="zorg",
                                                                    applicant_type="steunpunt")),
    ("?organisatie=Primo+nh&weergave=presentatie&per=week", ViewState(organisation="Primo nh", view="presentatie",
                                                                      freq="week")),
    ("?per=jaar", ViewState()),
])
def test_parse(search, expected):
    assert parse(search) == expected


@pytest.mark.parametrize("state", [
    ViewState(), ViewState(as_of=dt.date(2006, 12, 15), province="Noord-Brabant"),
    ViewState(organisation="Huis voor de Sport", theme="beleid", applicant_type="gemeente", view="presentatie",
              freq="week"),
    ViewState(today=True, province="Zeeland"),
])
def test_round_trip(state):
    assert parse(to_search(state)) == state


def test_default_state_writes_no_query_string():
    assert to_search(ViewState()) == ""


def test_live_only_without_a_past_date():
    assert ViewState().is_live
    assert not ViewState(as_of=dt.date(2007, 11, 30)).is_live
    assert ViewState(as_of=dt.date.today()).is_live


def test_the_stage_a_chart_click_chose_travels_in_the_url():
    state = parse("?stand=2007-11-30&fase=werk-klaar&organisatie=Zet")
    assert state.stage == "werk-klaar" and state.organisation == "Zet"
    assert to_search(state) == "?stand=2007-11-30&organisatie=Zet&fase=werk-klaar"
    assert to_search(with_changes(state, stage=None)) == "?stand=2007-11-30&organisatie=Zet"


def test_an_unreadable_date_is_never_written_back():
    assert to_search(parse("?stand=abc&provincie=Utrecht")) == "?provincie=Utrecht"
    assert to_search(ViewState(today=True)) == "?stand=vandaag"


def test_outside_an_app_the_default_date_is_today():
    assert ViewState().date(dt.date(2030, 1, 2)) == dt.date(2030, 1, 2)
    assert ViewState(today=True).date(dt.date(2030, 1, 2)) == dt.date(2030, 1, 2)
