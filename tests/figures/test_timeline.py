"""Requests, running and completed trajectories per period, with the target and the programme's events."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.figures import timeline
from dashboard.figures.timeline import event_marks
from tests.figures.drawing import drawn

timeline_figure = drawn(timeline.timeline_figure)

MONTHS = [dt.date(2006, 9, 1), dt.date(2006, 10, 1), dt.date(2006, 11, 1), dt.date(2006, 12, 1)]
MONTH_LABELS = ["sep 2006", "okt 2006", "nov 2006", "dec 2006"]


def make_frame(order: list[int] | None = None) -> pd.DataFrame:
    """Four months of counts, rows in ``order`` (default chronological)."""
    frame = pd.DataFrame({
        "period_start": MONTHS,
        "label": MONTH_LABELS,
        "received_cum": [58, 86, 104, 1234],
        "in_progress": [28, 50, 67, 70],
        "work_done_admin_open": [2, 4, 7, 10],
        "completed_cum": [0, 1, 4, 9],
    })
    return frame.iloc[order].reset_index(drop=True) if order else frame


def make_events(*rows: tuple[dt.date, str]) -> pd.DataFrame:
    """An events frame from (occurred_on, label) pairs."""
    return pd.DataFrame(list(rows), columns=["occurred_on", "label"])


NO_EVENTS = make_events()


def _trace(fig, name):
    """The trace called ``name``."""
    return next(t for t in fig.data if t.name == name)


def _event_lines(fig):
    """The dotted vertical event lines."""
    return [s for s in fig.layout.shapes if s.line.dash == "dot"]


def test_titles():
    fig = timeline_figure(make_frame(), NO_EVENTS, 130)
    assert fig.layout.title.text == "Aanvragen, lopende en afgeronde trajecten"
    assert fig.layout.xaxis.title.text == "Periode"
    assert fig.layout.yaxis.title.text == "Aantal"


def test_stacked_bars_and_received_line():
    fig = timeline_figure(make_frame(), NO_EVENTS, 130)
    assert fig.layout.barmode == "stack"
    assert [(t.type, t.name) for t in fig.data] == [
        ("bar", "Afgerond (administratief)"),
        ("bar", "Werk klaar, administratie open"),
        ("bar", "Lopend, werk bezig"),
        ("scatter", "Aanvragen (cumulatief)"),
    ]
    assert [t.marker.color for t in fig.data[:3]] == ["#0072B2", "#56B4E9", "#E69F00"]
    assert list(fig.data[0].y) == [0, 1, 4, 9]
    line = fig.data[3]
    assert line.mode == "lines+markers+text" and line.line.color == "#000000"
    assert list(line.y) == [58, 86, 104, 1234]


def test_sky_segment_has_a_pattern_so_it_is_not_told_apart_from_blue_by_colour_alone():
    fig = timeline_figure(make_frame(), NO_EVENTS, 130)
    assert _trace(fig, "Werk klaar, administratie open").marker.pattern.shape == "/"
    assert not _trace(fig, "Afgerond (administratief)").marker.pattern.shape


def test_categories_are_the_dutch_labels_in_chronological_order():
    fig = timeline_figure(make_frame(order=[2, 0, 3, 1]), NO_EVENTS, 130)
    assert list(fig.layout.xaxis.categoryarray) == MONTH_LABELS
    assert fig.layout.xaxis.type == "category"
    for trace in fig.data:
        assert list(trace.x) == MONTH_LABELS
    assert list(_trace(fig, "Aanvragen (cumulatief)").y) == [58, 86, 104, 1234]


def test_hover_is_unified_and_dutch():
    fig = timeline_figure(make_frame(), NO_EVENTS, 130)
    assert fig.layout.hovermode == "x unified"
    line = _trace(fig, "Aanvragen (cumulatief)")
    assert list(line.customdata) == ["58", "86", "104", "1.234"]
    assert line.hovertemplate == "Aanvragen (cumulatief): %{customdata}<extra></extra>"


def test_only_the_latest_period_is_labelled():
    fig = timeline_figure(make_frame(), NO_EVENTS, 130)
    assert list(_trace(fig, "Aanvragen (cumulatief)").text) == ["", "", "", "1.234"]
    assert list(_trace(fig, "Lopend, werk bezig").text) == ["", "", "", "70"]


@pytest.mark.parametrize("target", [130, 2000])
def test_dashed_target_line_with_annotation_within_the_y_range(target):
    fig = timeline_figure(make_frame(), NO_EVENTS, target)
    lines = [s for s in fig.layout.shapes if s.line.dash == "dash"]
    assert len(lines) == 1
    assert lines[0].y0 == lines[0].y1 == target and lines[0].xref == "x domain"
    expected = "Doel: 130 aanvragen" if target == 130 else "Doel: 2.000 aanvragen"
    assert expected in [a.text for a in fig.layout.annotations]
    assert fig.layout.yaxis.range[1] > max(target, 1234)


def test_in_range_events_are_drawn_and_out_of_range_events_skipped():
    events = make_events(
        (dt.date(2006, 8, 31), "Te vroeg"),
        (dt.date(2006, 9, 12), "Website online"),
        (dt.date(2006, 12, 15), "Inschrijving gesloten"),
        (dt.date(2007, 1, 1), "Te laat"),
    )
    fig = timeline_figure(make_frame(), events, 130)
    lines = _event_lines(fig)
    assert sorted((s.x0, s.x1) for s in lines) == [("dec 2006", "dec 2006"), ("sep 2006", "sep 2006")]
    texts = [a.text for a in fig.layout.annotations]
    assert "Website online" in texts and "Inschrijving gesloten" in texts
    assert "Te vroeg" not in texts and "Te laat" not in texts


def test_events_in_the_same_period_share_one_line_and_label():
    events = make_events((dt.date(2006, 10, 20), "Mailing"), (dt.date(2006, 10, 2), "Persbericht"))
    fig = timeline_figure(make_frame(), events, 130)
    assert [s.x0 for s in _event_lines(fig)] == ["okt 2006"]
    assert "Persbericht / Mailing" in [a.text for a in fig.layout.annotations]


def twenty_months() -> pd.DataFrame:
    """Twenty months, Apr 2006 to Nov 2007, of rising counts."""
    starts = [dt.date(2006 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(20)]
    return pd.DataFrame({
        "period_start": starts,
        "label": [f"m{i}" for i in range(20)],
        "received_cum": [7 * i for i in range(20)],
        "in_progress": [3 * i for i in range(20)],
        "work_done_admin_open": [i for i in range(20)],
        "completed_cum": [2 * i for i in range(20)],
    })


def test_labels_of_nearby_events_are_staggered_and_far_ones_share_the_top():
    events = make_events((dt.date(2006, 9, 12), "Website online"), (dt.date(2006, 10, 2), "Mailing"),
                         (dt.date(2007, 9, 1), "Evaluatie"))
    fig = timeline_figure(twenty_months(), events, 130)
    heights = {a.text: a.y for a in fig.layout.annotations if a.text in {"Website online", "Mailing", "Evaluatie"}}
    assert heights["Website online"] != heights["Mailing"]
    assert heights["Evaluatie"] == heights["Website online"] == 1
    # The headroom keeps the data below the lowest label.
    assert 133 / fig.layout.yaxis.range[1] < min(heights.values())
    lines = {s.x0: s.y1 for s in _event_lines(fig)}
    assert lines == {"m5": heights["Website online"], "m6": heights["Mailing"], "m17": heights["Evaluatie"]}


def test_events_accept_timestamps_and_none():
    events = make_events((pd.Timestamp("2006-11-03"), "Bijeenkomst"))
    assert [s.x0 for s in _event_lines(timeline_figure(make_frame(), events, 130))] == ["nov 2006"]
    assert _event_lines(timeline_figure(make_frame(), None, 130)) == []


@pytest.mark.parametrize("occurred_on,expected", [
    (dt.date(2007, 11, 30), ["nov 2007"]),  # last day of the last month
    (dt.date(2007, 12, 1), []),  # the month after the frame
    (dt.date(2007, 10, 31), ["okt 2007"]),
])
def test_monthly_periods_end_at_the_end_of_the_last_month(occurred_on, expected):
    starts = [dt.date(2007, 10, 1), dt.date(2007, 11, 1)]
    marks = event_marks(starts, ["okt 2007", "nov 2007"], make_events((occurred_on, "Gebeurtenis")))
    assert [m.category for m in marks] == expected


@pytest.mark.parametrize("occurred_on,expected", [
    (dt.date(2006, 10, 15), ["wk 41 2006"]),  # Sunday of the last week
    (dt.date(2006, 10, 16), []),
    (dt.date(2006, 10, 8), ["wk 40 2006"]),
])
def test_weekly_periods_end_a_week_after_the_last_start(occurred_on, expected):
    starts = [dt.date(2006, 10, 2), dt.date(2006, 10, 9)]
    marks = event_marks(starts, ["wk 40 2006", "wk 41 2006"], make_events((occurred_on, "Gebeurtenis")))
    assert [m.category for m in marks] == expected


def test_label_near_the_right_edge_is_anchored_to_the_left_of_its_line():
    starts = [dt.date(2006, m, 1) for m in range(1, 13)]
    labels = [f"m{m}" for m in range(1, 13)]
    marks = event_marks(starts, labels, make_events((dt.date(2006, 1, 5), "Start"),
                                                    (dt.date(2006, 12, 5), "Einde programma")))
    assert [(m.category, m.anchor) for m in marks] == [("m1", "left"), ("m12", "right")]


@pytest.mark.parametrize("frame", [
    make_frame().iloc[0:0],
    make_frame().assign(received_cum=0, in_progress=0, work_done_admin_open=0, completed_cum=0),
], ids=["no rows", "all zero"])
def test_empty_input_gives_empty_state(frame):
    fig = timeline_figure(frame, make_events((dt.date(2006, 9, 12), "Website online")), 130)
    assert len(fig.data) == 0
    assert [a.text for a in fig.layout.annotations] == ["Geen gegevens voor deze selectie"]


def test_each_bar_tells_a_click_its_period_end_and_stage():
    fig = timeline_figure(make_frame(), NO_EVENTS, 130)
    running = _trace(fig, "Lopend, werk bezig")
    assert [list(item) for item in running.customdata] == [
        ["28", "2006-09-30", "werk-bezig"], ["50", "2006-10-31", "werk-bezig"], ["67", "2006-11-30", "werk-bezig"],
        ["70", "2006-12-31", "werk-bezig"]]
    assert running.hovertemplate == "Lopend, werk bezig: %{customdata[0]}<extra></extra>"
    assert _trace(fig, "Afgerond (administratief)").customdata[0][2] == "afgerond"
