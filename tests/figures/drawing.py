"""Figures that come as plotly JSON, read back as ``go.Figure`` for the tests."""

from __future__ import annotations

import plotly.graph_objects as go


def drawn(builder):
    """``builder`` with its plotly JSON read back as a ``go.Figure`` (which also checks every property)."""
    return lambda *args, **kwargs: go.Figure(builder(*args, **kwargs))
