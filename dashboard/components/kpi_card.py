"""A headline figure card: a label, a big number, and a line of context."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html


def kpi_card(label: str, value: str, context: str = "", progress: float | None = None,
             card_id: str | None = None, change: str = "") -> dbc.Card:
    """Build a card showing ``value`` under ``label``, with optional context, progress (0-100) and change."""
    body = [
        html.H2(label, className="kpi-label"),
        html.P(value, className="kpi-value"),
    ]
    if progress is not None:
        body.append(html.Progress(value=str(round(min(progress, 100), 1)), max="100", className="kpi-progress",
                                  **{"aria-label": f"{label}: {value}"}))
    if context:
        body.append(html.P(context, className="kpi-context"))
    if change:
        body.append(html.P(change, className="kpi-change"))
    extra = {"id": card_id} if card_id else {}
    return dbc.Card(dbc.CardBody(body), className="kpi-card h-100", **extra)
