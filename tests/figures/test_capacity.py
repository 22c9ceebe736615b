"""The utilisation heatmap: Dutch titles, numbers in the cells, a scale centred at 100%, the empty state."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.figures import capacity as heatmap
from dashboard.figures.capacity import cell_colour_value, cell_text
from tests.figures.drawing import drawn

D = dt.date
utilisation_heatmap = drawn(heatmap.utilisation_heatmap)
FRAME = pd.DataFrame([
    # month, day, organisation, allocated, capacity, utilisation
    (D(2006, 11, 1), D(2006, 11, 30), "Zet", 114, 104.0, 114 / 104 * 100),
    (D(2006, 12, 1), D(2006, 12, 15), "Zet", 130, 104.0, 125.0),
    (D(2006, 11, 1), D(2006, 11, 30), "Scoop", 0, 156.0, 0.0),
    (D(2006, 12, 1), D(2006, 12, 15), "Scoop", 80, 156.0, 80 / 156 * 100),
    (D(2006, 11, 1), D(2006, 11, 30), "MOVISIE", 5, 0.0, None),
    (D(2006, 12, 1), D(2006, 12, 15), "MOVISIE", 400, 100.0, 400.0),
], columns=["month", "day", "organisation", "allocated", "capacity", "utilisation"])


@pytest.mark.parametrize("allocated,capacity,utilisation,text", [
    (0, 156.0, 0.0, "–"),
    (5, 0.0, None, "geen"),
    (130, 104.0, 125.0, "▲125%"),
    (80, 156.0, 51.28, "51%"),
    (100, 100.0, 100.0, "100%"),  # full, not over
    (1235, 1000.0, 123.5, "▲124%"),  # halves round up, as the report does
])
def test_cell_text(allocated, capacity, utilisation, text):
    assert cell_text(allocated, capacity, utilisation) == text


@pytest.mark.parametrize("allocated,utilisation,value", [
    (0, 0.0, None), (5, None, heatmap.Z_MAX), (80, 51.3, 51.3), (400, 400.0, heatmap.Z_MAX),
])
def test_cell_colour_value(allocated, utilisation, value):
    assert cell_colour_value(allocated, utilisation) == value


def test_titles_and_axes_are_dutch_with_units():
    fig = utilisation_heatmap(FRAME, 26)
    assert fig.layout.title.text == "Bezetting per organisatie per maand"
    assert "26 weken" in fig.layout.title.subtitle.text
    assert fig.layout.xaxis.title.text == "Maand (stand op de laatste dag)"
    assert fig.layout.yaxis.title.text == "Organisatie"
    assert fig.data[0].colorbar.title.text == "Bezetting (%)"
    assert fig.layout.separators == ",."


def test_cells_hold_the_numbers_in_organisation_and_month_order():
    trace = utilisation_heatmap(FRAME, 26).data[0]
    assert list(trace.y) == ["Zet", "Scoop", "MOVISIE"]
    assert list(trace.x) == ["nov 2006", "dec 2006"]
    assert [list(row) for row in trace.text] == [["▲110%", "▲125%"], ["–", "51%"], ["geen", "▲400%"]]
    assert trace.texttemplate == "%{text}"
    assert trace.z[1][0] is None and trace.z[2][1] == heatmap.Z_MAX


def test_first_organisation_on_top():
    fig = utilisation_heatmap(FRAME, 26)
    assert fig.layout.yaxis.autorange == "reversed"
    assert list(fig.layout.yaxis.categoryarray) == ["Zet", "Scoop", "MOVISIE"]


def hover_text(trace, row: int, column: int) -> str:
    """What the browser shows on hovering a cell: the template filled in as plotly.js does."""
    text = trace.hovertemplate.replace("<extra></extra>", "")
    text = text.replace("%{y}", trace.y[row]).replace("%{x}", trace.x[column])
    for index, value in enumerate(trace.customdata[row][column]):
        text = text.replace(f"%{{customdata[{index}]}}", value)
    return text


def test_hover_is_dutch():
    trace = utilisation_heatmap(FRAME, 26).data[0]
    assert hover_text(trace, 0, 1) == ("<b>Zet</b><br>dec 2006 (stand 15 dec 2006)<br>Bezetting: 125%, tekort 26 "
                                       "dagdelen<br>Toegewezen: 130 dagdelen<br>Capaciteit: 104 dagdelen in 26 weken")
    assert hover_text(trace, 1, 0) == ("<b>Scoop</b><br>nov 2006 (stand 30 nov 2006)<br>Bezetting: geen lopend werk"
                                       "<br>Toegewezen: 0 dagdelen<br>Capaciteit: 156 dagdelen in 26 weken")
    assert hover_text(trace, 2, 0) == ("<b>MOVISIE</b><br>nov 2006 (stand 30 nov 2006)<br>Bezetting: geen capaciteit: "
                                       "geen adviseur beschikbaar<br>Toegewezen: 5 dagdelen<br>Capaciteit: 0 dagdelen "
                                       "in 26 weken")
    assert hover_text(trace, 1, 1) == ("<b>Scoop</b><br>dec 2006 (stand 15 dec 2006)<br>Bezetting: 51%<br>Toegewezen: "
                                       "80 dagdelen<br>Capaciteit: 156 dagdelen in 26 weken")
    assert trace.hovertemplate.endswith("<extra></extra>")


def test_scale_is_diverging_at_100_percent():
    trace = utilisation_heatmap(FRAME, 26).data[0]
    assert (trace.zmin, trace.zmax) == (0, heatmap.Z_MAX)
    stops = [position for position, _ in trace.colorscale]
    assert stops == sorted(stops) and stops[0] == 0 and stops[-1] == 1
    (centre,) = [colour for position, colour in trace.colorscale if position == pytest.approx(100 / heatmap.Z_MAX)]
    assert centre.lower() == "#f7f7f7"  # neutral at 100%
    low, high = trace.colorscale[0][1], trace.colorscale[-1][1]
    assert int(low[5:7], 16) > int(low[1:3], 16)  # blue below
    assert int(high[1:3], 16) > int(high[5:7], 16)  # orange above


@pytest.mark.parametrize("organisations,height", [(1, 320), (14, 610)])
def test_height_follows_the_rows(organisations, height):
    assert heatmap.heatmap_height(organisations) == height


@pytest.mark.parametrize("organisations,height", [(1, 360), (14, 660)])
def test_the_split_has_room_for_its_capacity_marks(organisations, height):
    assert heatmap.split_height(organisations) == height
    if organisations > 1:  # the marks of neighbouring rows stay apart: each is shorter than a row
        layout_height = height - 112 - 72 - 56  # top margin (title, subtitle), legend, the axis and its title
        assert layout_height / organisations > 20 + 3 + 4  # the mark, its line width and a gap


def test_empty_state():
    fig = utilisation_heatmap(FRAME.iloc[0:0], 26)
    assert fig.layout.title.text == "Bezetting per organisatie per maand"
    assert "Nog geen maanden" in fig.layout.annotations[0].text
    assert len(fig.data) == 0


def test_a_cell_tells_a_click_its_day():
    assert heatmap.hover_data(dt.date(2006, 12, 31), 40, 38.0, 105.3)[-1] == "2006-12-31"
