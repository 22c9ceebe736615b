"""Partial figure updates: on a live data change, send only the traces when nothing else changed."""

from __future__ import annotations

import json

import plotly.graph_objects as go
from dash import Patch


def _layout_json(layout) -> str:
    """A comparable serialisation of a figure layout."""
    return json.dumps(layout, sort_keys=True, default=str)


def figure_update(figure: go.Figure, shown: dict | None) -> go.Figure | Patch:
    """A Patch of just the traces when ``shown`` has the same layout, else the whole ``figure``.

    Axis ranges, category order, target line and event marks live in the
    layout; when any of them changes (or the chart showed the empty state),
    the whole figure is sent so nothing goes stale.
    """
    if not shown or _layout_json(figure.layout.to_plotly_json()) != _layout_json(shown.get("layout", {})):
        return figure
    patch = Patch()
    patch["data"] = [trace.to_plotly_json() for trace in figure.data]
    return patch
