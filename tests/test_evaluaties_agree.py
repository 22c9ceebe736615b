"""The Evaluaties page agrees with itself, through the real Dash endpoint: the forms its card counts are the forms
its chart per month shows, at today's date (long after the programme) and at dates within it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dashboard import formatting, ids
from dashboard.figures.evaluations import HIDDEN_MARK, NO_FORMS
from tests.page_text import texts
from tests.signing_in import signed_in
from tests.test_evaluaties import evaluaties


@pytest.fixture(params=["stuurgroep", "projectleiding"])
def client(app, request):
    """A client signed in as each role."""
    return signed_in(app, request.param)


def forms_counted(response: dict) -> int:
    """The card's 'N van M' forms received."""
    lines = texts(response[ids.EVALUATIES_KPIS]["children"])
    counted = next(re.fullmatch(r"([\d.]+) van [\d.]+", line) for line in lines if re.fullmatch(r"[\d.]+ van [\d.]+",
                                                                                                line))
    return int(counted.group(1).replace(".", ""))


def monthly(response: dict) -> dict:
    """The chart of marks and forms per month as drawn."""
    return response[ids.EVALUATIES_BY_MONTH]["figure"]


def bars(figure: dict) -> dict:
    """The bars of forms per month."""
    return next(trace for trace in figure["data"] if trace["type"] == "bar")


@pytest.mark.parametrize("search", ["", "?stand=2026-12-07", "?stand=2008-03-04", "?stand=2007-12-31",
                                    "?stand=2007-11-15"])
def test_the_card_counts_the_forms_the_chart_per_month_shows(client, search):
    response = evaluaties(client, search)
    counted, figure = forms_counted(response), monthly(response)
    assert counted > 0
    assert NO_FORMS not in [note.get("text") for note in figure["layout"].get("annotations", [])]
    assert sum(bars(figure)["y"]) == counted


def test_at_today_the_chart_runs_to_the_last_month_with_forms_and_says_so(client):
    today = dt.date.today()
    figure = monthly(evaluaties(client, f"?stand={today.isoformat()}"))
    months = bars(figure)["x"]
    assert months[0] == "mei 2007" and months[-1] == "mrt 2008"
    subtitle = figure["layout"]["title"]["subtitle"]["text"]
    assert subtitle.startswith("Tot en met mrt 2008: van ") and subtitle.endswith(
        f" tot {formatting.date(today)} kwamen er geen formulieren binnen")


def test_within_the_programme_the_chart_runs_to_the_date(client):
    figure = monthly(evaluaties(client, "?stand=2007-12-31"))
    assert bars(figure)["x"][-1] == "dec 2007" and "subtitle" not in figure["layout"]["title"]


def test_a_month_whose_mean_is_hidden_says_why_on_the_chart(app):
    figure = monthly(evaluaties(signed_in(app, "stuurgroep"), "?stand=2007-12-31"))
    hidden = next(trace for trace in figure["data"] if trace.get("mode") == "text")
    assert "sep 2007" in hidden["x"] and set(hidden["text"]) == {HIDDEN_MARK}
    september = bars(figure)["x"].index("sep 2007")
    assert bars(figure)["y"][september] == 7  # enough forms, hidden so that a smaller month cannot be recomputed
    footnote = figure["layout"]["xaxis2"]["title"]["text"]
    assert "* Geen gemiddelde getoond: minder dan 5 formulieren in de maand" in footnote
    assert "anders is een maand met minder dan 5 formulieren terug te rekenen" in footnote
