"""Partial figure updates: a Patch of the data when the browser shows the same layout, else the whole figure."""

from __future__ import annotations

import copy

import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import Patch

from dashboard.figures.breakdowns import share_figure
from dashboard.figures.patching import FINGERPRINT, figure_update
from dashboard.figures.style import empty_figure_json
from tests.figures.drawing import as_the_browser_sends

THEMES = pd.DataFrame({"label": ["Waardering", "Vrijwilligersbeleid", "Overig"], "count": [27, 68, 6]})


def themes(counts=(27, 68, 6), title: str = "Trajecten naar thema") -> dict:
    """The theme chart as the server builds it."""
    return share_figure(THEMES.assign(count=list(counts)), title)


def operations(update) -> list[dict]:
    """The operations of a Patch."""
    assert isinstance(update, Patch), f"the whole figure was sent: {update}"
    return update.to_plotly_json()["operations"]


def test_the_same_layout_as_the_browser_sends_it_gives_a_patch_of_the_data():
    shown = as_the_browser_sends(figure_update(themes(), None))
    assert shown["layout"]["template"]["layout"]["colorscale"]["sequential"][0][0] == 0  # an int, no longer 0.0
    assert shown["layout"]["yaxis"]["autorange"] is True
    new = themes(counts=(28, 68, 6))  # same ranges and categories, other bars
    [operation] = operations(figure_update(new, shown))
    assert operation["location"] == ["data"]
    assert operation["params"]["value"] == new["data"]


def test_a_changed_layout_sends_the_whole_figure():
    shown = as_the_browser_sends(figure_update(themes(), None))
    for new in (themes(counts=(27, 80, 6)),  # another range
                themes(title="Trajecten naar thema per 1 jan 2007"),  # another as-of date in the title
                empty_figure_json(title="Trajecten naar thema")):  # data → empty state
        sent = figure_update(new, shown)
        assert isinstance(sent, dict)
        assert sent["data"] == new["data"]
        assert {key: value for key, value in sent["layout"].items() if key != "meta"} == new["layout"]


def test_from_the_empty_state_to_data_sends_the_whole_figure():
    shown = as_the_browser_sends(figure_update(empty_figure_json(title="Trajecten naar thema"), None))
    assert isinstance(figure_update(themes(), shown), dict)


@pytest.mark.parametrize("shown", [None, {}, {"data": [], "layout": {}}])
def test_nothing_shown_yet_sends_the_whole_figure(shown):
    """Also the graph's own empty figure before the first answer, or one drawn without a fingerprint."""
    sent = figure_update(themes(), shown)
    assert isinstance(sent, dict) and sent["data"] == themes()["data"]


def test_a_figure_from_before_the_fingerprint_sends_the_whole_figure():
    shown = as_the_browser_sends(themes())
    assert isinstance(figure_update(themes(), shown), dict)


def test_the_fingerprint_is_in_the_whole_figure_and_plotly_accepts_it():
    sent = figure_update(themes(), None)
    fingerprint = sent["layout"]["meta"][FINGERPRINT]
    assert isinstance(fingerprint, str) and len(fingerprint) == 32
    assert figure_update(themes(), None)["layout"]["meta"] == {FINGERPRINT: fingerprint}  # the same each time
    assert figure_update(themes(counts=(27, 80, 6)), None)["layout"]["meta"] != {FINGERPRINT: fingerprint}
    assert go.Figure(sent).layout.meta == {FINGERPRINT: fingerprint}


def test_the_figure_given_is_left_as_it_was():
    figure = themes()
    before = copy.deepcopy(figure)
    figure_update(figure, None)
    figure_update(figure, as_the_browser_sends(figure_update(figure, None)))
    assert figure == before


def test_a_figure_s_own_meta_is_kept_and_part_of_the_layout():
    figure = themes()
    figure["layout"]["meta"] = {"eenheid": "trajecten"}
    sent = figure_update(figure, None)
    assert sent["layout"]["meta"]["eenheid"] == "trajecten"
    assert isinstance(figure_update(figure, as_the_browser_sends(sent)), Patch)
    other = copy.deepcopy(figure)
    other["layout"]["meta"]["eenheid"] = "aanvragen"
    assert isinstance(figure_update(other, as_the_browser_sends(sent)), dict)
    figure["layout"]["meta"] = ["trajecten"]
    with pytest.raises(ValueError, match="layout.meta"):
        figure_update(figure, None)
