"""The funnel from request to completed trajectory."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.figures import funnel
from tests.figures.drawing import drawn

STAGES = ["received", "intake", "running", "work_finished", "completed", "withdrawn", "rejected"]
LABELS = ["Ontvangen", "Intake", "Gestart", "Werk klaar", "Afgerond", "Teruggetrokken", "Afgewezen"]
KINDS = ["pad"] * 5 + ["uitval"] * 2

funnel_figure = drawn(funnel.funnel_figure)


def make_frame(counts: list[int], order: list[int] | None = None) -> pd.DataFrame:
    """A funnel frame with ``counts`` per stage, its rows in ``order`` (default: the stage order)."""
    frame = pd.DataFrame({"stage": STAGES, "label": LABELS, "count": counts, "kind": KINDS})
    return frame.iloc[order].reset_index(drop=True) if order else frame


AVI = [131, 124, 114, 108, 99, 11, 6]


def _path(fig):
    """The trace of the path stages."""
    return next(t for t in fig.data if t.name == "Fase bereikt")


def _dropouts(fig):
    """The trace of the withdrawn and rejected requests."""
    return next(t for t in fig.data if t.name.startswith("Uitval"))


def test_titles():
    fig = funnel_figure(make_frame(AVI))
    assert fig.layout.title.text == "Van aanvraag tot afgerond traject"
    assert fig.layout.xaxis.title.text == "Aantal aanvragen"
    assert [t.orientation for t in fig.data] == ["h", "h"]


def test_path_top_to_bottom_then_dropouts_below_with_a_gap_even_when_rows_are_shuffled():
    fig = funnel_figure(make_frame(AVI, order=[6, 2, 0, 5, 4, 1, 3]))
    assert list(fig.layout.yaxis.ticktext) == LABELS
    assert fig.layout.yaxis.autorange == "reversed"
    positions = list(fig.layout.yaxis.tickvals)
    assert positions == sorted(positions)
    assert list(_path(fig).y) == positions[:5]
    assert list(_dropouts(fig).y) == positions[5:]
    assert positions[5] - positions[4] > 1  # visibly set apart
    divider = [s for s in fig.layout.shapes if s.y0 == s.y1]
    assert len(divider) == 1 and positions[4] < divider[0].y0 < positions[5]


@pytest.mark.parametrize("counts,expected_path,expected_dropouts", [
    (AVI, ["131 (100%)", "124 (95%)", "114 (87%)", "108 (82%)", "99 (76%)"], ["11", "6"]),
    ([2166, 1500, 1083, 500, 0, 1234, 3], ["2.166 (100%)", "1.500 (69%)", "1.083 (50%)", "500 (23%)", "0 (0%)"],
     ["1.234", "3"]),
])
def test_bar_text_shows_dutch_counts_and_share_of_received_for_path_stages(counts, expected_path, expected_dropouts):
    fig = funnel_figure(make_frame(counts))
    assert list(_path(fig).text) == expected_path
    assert list(_dropouts(fig).text) == expected_dropouts
    assert list(_path(fig).x) == counts[:5]


def test_hover_is_dutch():
    fig = funnel_figure(make_frame([2166, 1500, 1083, 500, 0, 1234, 3]))
    trace = _dropouts(fig)
    assert list(trace.customdata[0]) == ["Teruggetrokken", "1.234", "57%", "withdrawn"]  # the stage, for a click
    assert "aanvragen" in trace.hovertemplate and "%{customdata[1]}" in trace.hovertemplate
    assert "<extra></extra>" in trace.hovertemplate


def test_dropouts_differ_by_colour_and_pattern():
    fig = funnel_figure(make_frame(AVI))
    path, dropouts = _path(fig), _dropouts(fig)
    assert path.marker.color != dropouts.marker.color
    assert dropouts.marker.pattern.shape == "/"
    assert not path.marker.pattern.shape
    assert fig.layout.showlegend is True


def test_no_share_when_nothing_was_received():
    fig = funnel_figure(make_frame([0, 0, 0, 0, 0, 4, 0]))
    assert list(_path(fig).text) == ["0"] * 5
    assert list(_dropouts(fig).text) == ["4", "0"]


def test_only_path_stages():
    fig = funnel_figure(make_frame(AVI).iloc[:5])
    assert [t.name for t in fig.data] == ["Fase bereikt"]
    assert list(fig.layout.yaxis.ticktext) == LABELS[:5]
    assert len(fig.layout.shapes) == 0


@pytest.mark.parametrize("frame", [make_frame(AVI).iloc[0:0], make_frame([0] * 7)], ids=["no rows", "all zero"])
def test_empty_input_gives_empty_state(frame):
    fig = funnel_figure(frame)
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text == "Geen gegevens voor deze selectie"
    assert fig.layout.title.text == "Van aanvraag tot afgerond traject"
