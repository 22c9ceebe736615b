"""Horizontal bar charts of counts and shares per category."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.figures import breakdowns
from tests.figures.drawing import drawn

THEMES = pd.DataFrame({
    "label": ["Waardering", "Vrijwilligersbeleid", "Werving en behoud", "Overig"],
    "count": [27, 73, 41, 6],
})

share_figure = drawn(breakdowns.share_figure)


def test_titles():
    fig = share_figure(THEMES, "Thema's van de trajecten", total=114, y_title="Thema")
    assert fig.layout.title.text == "Thema's van de trajecten"
    assert fig.layout.xaxis.title.text == "Aantal"
    assert fig.layout.yaxis.title.text == "Thema"
    assert fig.data[0].orientation == "h"


def test_sorted_descending_largest_on_top():
    fig = share_figure(THEMES, "Thema's")
    bar = fig.data[0]
    assert list(bar.y) == ["Vrijwilligersbeleid", "Werving en behoud", "Waardering", "Overig"]
    assert list(bar.x) == [73, 41, 27, 6]
    assert list(fig.layout.yaxis.categoryarray) == list(bar.y)
    assert fig.layout.yaxis.autorange == "reversed"


@pytest.mark.parametrize("total,expected", [
    (114, ["73 (64%)", "41 (36%)", "27 (24%)", "6 (5%)"]),  # shares of trajectories, together > 100%
    (None, ["73 (50%)", "41 (28%)", "27 (18%)", "6 (4%)"]),  # shares of the sum, 147
])
def test_text_shows_count_and_share(total, expected):
    fig = share_figure(THEMES, "Thema's", total=total)
    assert list(fig.data[0].text) == expected


def test_subtitle_explains_shares_over_100_percent_only_when_they_are():
    over = share_figure(THEMES, "Thema's", total=114)
    assert "114" in over.layout.title.subtitle.text and "100%" in over.layout.title.subtitle.text
    assert share_figure(THEMES, "Thema's", total=200).layout.title.subtitle.text is None
    assert share_figure(THEMES, "Thema's").layout.title.subtitle.text is None


def test_numbers_use_dutch_notation():
    frame = pd.DataFrame({"label": ["Groot", "Klein"], "count": [1234, 766]})
    fig = share_figure(frame, "Aanvragen", total=4000)
    bar = fig.data[0]
    assert list(bar.text) == ["1.234 (31%)", "766 (19%)"]
    assert list(bar.customdata[0]) == ["1.234", "31%", "4.000", "Groot"]  # without codes, the label for a click
    assert "Aandeel: %{customdata[1]} van %{customdata[2]}" in bar.hovertemplate
    assert fig.layout.separators == ",."


def test_ties_keep_input_order():
    frame = pd.DataFrame({"label": ["B", "A", "C"], "count": [2, 5, 2]})
    assert list(share_figure(frame, "t").data[0].y) == ["A", "B", "C"]


@pytest.mark.parametrize("frame", [
    THEMES.iloc[0:0], pd.DataFrame({"label": ["A", "B"], "count": [0, 0]}),
], ids=["no rows", "all zero"])
def test_empty_input_gives_empty_state(frame):
    fig = share_figure(frame, "Thema's", total=114)
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text == "Geen gegevens voor deze selectie"
    assert fig.layout.title.text == "Thema's"
