"""The shared figure style: layout defaults, the Okabe-Ito palette and the empty-state figure."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard.figures import breakdowns, funnel, style
from tests.figures.drawing import drawn
from dashboard.figures.lead_times import lead_time_figure
from dashboard.figures.timeline import timeline_figure

empty_figure = drawn(style.empty_figure_json)

OKABE_ITO = {"#0072B2", "#E69F00", "#009E73", "#56B4E9", "#D55E00", "#CC79A7", "#F0E442", "#000000"}


def _funnel() -> go.Figure:
    """A funnel figure on a minimal frame."""
    return drawn(funnel.funnel_figure)(pd.DataFrame({
        "stage": ["received", "withdrawn"], "label": ["Ontvangen", "Teruggetrokken"],
        "count": [10, 1], "kind": ["pad", "uitval"],
    }))


def _share() -> go.Figure:
    """A share figure on a minimal frame."""
    return drawn(breakdowns.share_figure)(pd.DataFrame({"label": ["A", "B"], "count": [3, 1]}), "Titel")


def _timeline() -> go.Figure:
    """A timeline figure on a minimal frame with one event."""
    frame = pd.DataFrame({
        "period_start": [dt.date(2006, 9, 1), dt.date(2006, 10, 1)], "label": ["sep 2006", "okt 2006"],
        "received_cum": [5, 9], "in_progress": [1, 3], "work_done_admin_open": [0, 1], "completed_cum": [0, 1],
    })
    events = pd.DataFrame({"occurred_on": [dt.date(2006, 10, 2)], "label": ["Mailing"]})
    return drawn(timeline_figure)(frame, events, 130)


def _lead_times() -> go.Figure:
    """A lead-time figure on a minimal frame."""
    return drawn(lead_time_figure)(pd.DataFrame({
        "period_start": [dt.date(2006, 9, 1)], "label": ["sep 2006"], "measure": ["request_to_start"],
        "median_days": [12.0], "n": [3],
    }))


BUILDERS = [_funnel, _share, _timeline, _lead_times, lambda: empty_figure("Leeg")]


def test_palette_is_okabe_ito():
    assert set(style.PALETTE.values()) == OKABE_ITO
    assert style.PALETTE["blue"] == "#0072B2" and style.PALETTE["sky"] == "#56B4E9"


def assert_plotly_white(fig: go.Figure) -> None:
    """The figure looks as with plotly's 'plotly_white' template: its layout, and its defaults for every
    kind of trace the figure draws."""
    white = pio.templates["plotly_white"]
    assert fig.layout.template.layout == white.layout
    for trace in fig.data:
        assert trace.type in style.DRAWN_TRACES, f"add {trace.type} to DRAWN_TRACES"
        assert fig.layout.template.data[trace.type] == white.data[trace.type]


def test_layout_json_sets_titles_and_house_style():
    fig = go.Figure({"data": [{"type": "bar", "x": [1], "y": [2]}],
                     "layout": style.layout_json("Titel", x_title="Aantal", y_title="Thema")})
    assert fig.layout.title.text == "Titel"
    assert fig.layout.xaxis.title.text == "Aantal"
    assert fig.layout.yaxis.title.text == "Thema"
    assert fig.layout.separators == ",."
    assert_plotly_white(fig)
    assert fig.layout.font.size >= 14
    assert fig.layout.hoverlabel.font.size >= 14
    assert fig.layout.legend.orientation == "h"
    assert (fig.layout.legend.yref, fig.layout.legend.y, fig.layout.legend.yanchor) == ("container", 0, "bottom")


def test_layout_json_leaves_axis_titles_out_when_not_given():
    fig = go.Figure({"data": [{"type": "bar", "x": [1], "y": [2]}], "layout": style.layout_json("Titel")})
    assert fig.layout.xaxis.title.text is None
    assert fig.layout.yaxis.title.text is None


def test_empty_figure_shows_message_on_hidden_axes():
    fig = empty_figure("Geen gegevens voor deze selectie", title="Aanvragen per provincie")
    assert len(fig.data) == 0
    assert [a.text for a in fig.layout.annotations] == ["Geen gegevens voor deze selectie"]
    annotation = fig.layout.annotations[0]
    assert (annotation.x, annotation.y, annotation.xref, annotation.yref) == (0.5, 0.5, "paper", "paper")
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert fig.layout.title.text == "Aanvragen per provincie"
    assert fig.layout.separators == ",."


def test_empty_figure_default_message_is_dutch():
    assert empty_figure().layout.annotations[0].text == "Geen gegevens voor deze selectie"


@pytest.mark.parametrize("build", BUILDERS)
def test_every_figure_uses_house_style_and_nothing_online(build):
    fig = build()
    assert fig.layout.separators == ",."
    assert_plotly_white(fig)
    assert fig.layout.font.size >= 14
    text = fig.to_json()
    assert "http" not in text
    assert not any(trace.type in {"scattergeo", "choropleth", "scattermap", "scattermapbox", "choroplethmap",
                                  "choroplethmapbox", "densitymap", "densitymapbox"} for trace in fig.data)


@pytest.mark.parametrize("build", BUILDERS[:-1])
def test_every_figure_uses_only_okabe_ito_colours(build):
    fig = build()
    colours = {trace.marker.color for trace in fig.data if isinstance(trace.marker.color, str)}
    colours |= {trace.line.color for trace in fig.data if trace.type == "scatter"}
    assert colours and colours <= OKABE_ITO
