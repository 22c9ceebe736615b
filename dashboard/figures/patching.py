"""Partial figure updates: on a live data change, send only the traces when nothing else changed."""

from __future__ import annotations

import json

import plotly.graph_objects as go
from dash import Patch


def _layout_json(layout) -> str:
    """A comparable serialisation of a figure layout."""
    return json.dumps(layout, sort_keys=True, default=str)


def figure_update(figure: go.Figure | dict, shown: dict | None) -> go.Figure | dict | Patch:
    """A Patch of just the traces when ``shown`` has the same layout, else the whole ``figure`` (a ``go.Figure``
    or its plotly JSON).

    Axis ranges, category order, target line and event marks live in the
    layout; when any of them changes (or the chart showed the empty state),
    the whole figure is sent so nothing goes stale.
    """
    if not shown:
        return figure
    plain = figure if isinstance(figure, dict) else figure.to_plotly_json()
    if _layout_json(plain["layout"]) != _layout_json(shown.get("layout", {})):
        return figure
    patch = Patch()
    patch["data"] = plain["data"]
    return patch
