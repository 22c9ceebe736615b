"""Figures that come as plotly JSON, read back as ``go.Figure`` or as the browser sends them back, for the tests."""

from __future__ import annotations

import json

import plotly.graph_objects as go
from plotly.io.json import to_json_plotly


def drawn(builder):
    """``builder`` with its plotly JSON read back as a ``go.Figure`` (which also checks every property)."""
    return lambda *args, **kwargs: go.Figure(builder(*args, **kwargs))


def whole_number(text: str) -> int | float:
    """A JSON number as JavaScript writes it back: ``0.0`` becomes ``0``."""
    number = float(text)
    return int(number) if number.is_integer() else number


def as_the_browser_sends(sent: dict) -> dict:
    """The ``figure`` State of a graph that drew ``sent``, as Chromium sent it back (seen in
    ``tests/browser/test_live_patch.py``): whole-number floats as ints, and the layout as plotly.js left it, with
    ``autosize``, computed axis ranges (made up here) and types, and ``autorange: "reversed"`` turned into ``true``."""
    figure = json.loads(to_json_plotly(sent), parse_float=whole_number)
    layout = figure["layout"]
    layout["autosize"] = True
    for name in ("xaxis", "yaxis"):
        axis = layout.setdefault(name, {})
        if axis.get("autorange") == "reversed":
            axis["autorange"], axis["range"] = True, [2.5, -0.5]
        elif "range" not in axis:
            axis["autorange"], axis["range"] = True, [-0.5, 2.5]
        axis.setdefault("type", "category" if name == "yaxis" else "linear")
    return figure
