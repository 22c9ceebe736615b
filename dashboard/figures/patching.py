"""Partial figure updates: on a live data change, send only the traces, keeping layout and zoom."""

from __future__ import annotations

import plotly.graph_objects as go
from dash import Patch


def figure_update(figure: go.Figure, data_only: bool) -> go.Figure | Patch:
    """The whole ``figure``, or (``data_only``) a Patch that replaces just its traces and title."""
    if not data_only:
        return figure
    patch = Patch()
    patch["data"] = [trace.to_plotly_json() for trace in figure.data]
    patch["layout"]["annotations"] = [a.to_plotly_json() for a in figure.layout.annotations]
    return patch
