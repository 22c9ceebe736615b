"""A chart in a card, with its caption and buttons to download the data behind it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def download_buttons(chart: str) -> html.Div:
    """CSV and Excel download buttons for the data behind ``chart``."""
    return html.Div([
        dbc.Button(f"Download {label}", id={"type": ids.DOWNLOAD_BUTTON, "chart": chart, "format": fmt},
                   size="sm", color="secondary", outline=True, className="me-2")
        for fmt, label in (("csv", "CSV"), ("xlsx", "Excel"))
    ], className="download-buttons mt-2")


def chart_card(graph_id: str, chart: str, caption: str, height: int = 380) -> html.Figure:
    """A card holding the graph ``graph_id``, a caption saying what it shows, and its downloads."""
    return html.Figure(dbc.Card(dbc.CardBody([
        dcc.Graph(id=graph_id, config=GRAPH_CONFIG, style={"height": f"{height}px"}),
        html.Figcaption(caption, className="chart-caption"),
        download_buttons(chart),
    ])), className="chart-card slide mb-3")
