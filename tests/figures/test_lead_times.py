"""Monthly median lead times per measure."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.figures import lead_times
from tests.figures.drawing import drawn

lead_time_figure = drawn(lead_times.lead_time_figure)

SEP, OKT, NOV = dt.date(2006, 9, 1), dt.date(2006, 10, 1), dt.date(2006, 11, 1)
NAMES = ["Aanvraag → start", "Start → werk klaar", "Start → administratief afgerond"]


def make_frame() -> pd.DataFrame:
    """Lead times whose rows are not chronological and whose measures cover different months."""
    return pd.DataFrame([
        (NOV, "nov 2006", "start_to_completed", 120.0, 2),
        (NOV, "nov 2006", "request_to_start", 21.0, 9),
        (SEP, "sep 2006", "request_to_start", 35.5, 12),
        (OKT, "okt 2006", "start_to_work_finished", 1234.0, 4),
        (OKT, "okt 2006", "request_to_start", 28.0, 1500),
    ], columns=["period_start", "label", "measure", "median_days", "n"])


def test_titles():
    fig = lead_time_figure(make_frame())
    assert fig.layout.title.text == "Doorlooptijden per maand (mediaan)"
    assert fig.layout.yaxis.title.text == "Mediaan (dagen)"
    assert "Maand" in fig.layout.xaxis.title.text


def test_one_line_per_measure_in_a_fixed_order_with_dutch_names():
    fig = lead_time_figure(make_frame())
    assert [t.name for t in fig.data] == NAMES
    assert all(t.mode == "lines+markers" for t in fig.data)


def test_measures_differ_by_colour_dash_and_marker():
    fig = lead_time_figure(make_frame())
    for attribute in (lambda t: t.line.color, lambda t: t.line.dash, lambda t: t.marker.symbol):
        assert len({attribute(t) for t in fig.data}) == 3


def test_categories_are_chronological_across_all_measures():
    fig = lead_time_figure(make_frame())
    expected = ["sep 2006", "okt 2006", "nov 2006"]
    assert list(fig.layout.xaxis.categoryarray) == expected
    assert fig.layout.xaxis.type == "category"
    for trace in fig.data:
        assert list(trace.x) == expected


def test_months_without_a_median_are_gaps():
    fig = lead_time_figure(make_frame())
    by_name = {t.name: list(t.y) for t in fig.data}
    assert by_name["Aanvraag → start"] == [35.5, 28.0, 21.0]
    assert by_name["Start → werk klaar"] == [None, 1234.0, None]
    assert by_name["Start → administratief afgerond"] == [None, None, 120.0]
    assert fig.data[1].connectgaps is False


@pytest.mark.parametrize("trace_index,point,expected", [
    (0, 0, ["35,5", "12"]),
    (0, 1, ["28", "1.500"]),
    (1, 1, ["1.234", "4"]),
])
def test_hover_shows_dutch_median_and_n(trace_index, point, expected):
    trace = lead_time_figure(make_frame()).data[trace_index]
    assert list(trace.customdata[point]) == expected
    assert "Mediaan: %{customdata[0]} dagen (n = %{customdata[1]})" in trace.hovertemplate


def test_y_axis_starts_at_zero_and_fits_the_highest_median():
    fig = lead_time_figure(make_frame())
    assert fig.layout.yaxis.range[0] == 0
    assert fig.layout.yaxis.range[1] > 1234


@pytest.mark.parametrize("frame", [
    make_frame().iloc[0:0],
    make_frame().assign(n=0),
    make_frame().assign(median_days=float("nan")),
], ids=["no rows", "all n zero", "no medians"])
def test_empty_input_gives_empty_state(frame):
    fig = lead_time_figure(frame)
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text == "Geen gegevens voor deze selectie"
    assert fig.layout.title.text == "Doorlooptijden per maand (mediaan)"
