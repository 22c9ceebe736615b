"""A chart in a card, with its caption and buttons to download the data behind it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids

# plotly.js's Dutch words for what the toolbars keep, given with every graph instead of loading a locale script.
DUTCH = {
    "dictionary": {
        "Download plot as a PNG": "Download als afbeelding (PNG)", "Download plot": "Download als afbeelding",
        "Zoom in": "Inzoomen", "Zoom out": "Uitzoomen", "Reset": "Terug naar het hele land",
        "Double-click to zoom back out": "Dubbelklik om uit te zoomen",
    },
    "format": {
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                   "oktober", "november", "december"],
        "shortMonths": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
        "date": "%d-%m-%Y", "decimal": ",", "thousands": ".",
    },
}
# One toolbar button, the picture download, so that each chart adds one tab stop (the data come as CSV or Excel
# through the card's own buttons); the map keeps its zoom buttons too (``MAP_BUTTONS``).
GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "locale": "nl",
    "locales": {"nl": DUTCH},
    "modeBarButtons": [["toImage"]],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
MAP_BUTTONS = [["zoomInGeo", "zoomOutGeo", "resetGeo", "toImage"]]


def download_buttons(chart: str) -> html.Div:
    """CSV and Excel download buttons for the data behind ``chart``."""
    return html.Div([
        dbc.Button(f"Download {label}", id={"type": ids.DOWNLOAD_BUTTON, "chart": chart, "format": fmt},
                   size="sm", color="secondary", outline=True, className="me-2")
        for fmt, label in (("csv", "CSV"), ("xlsx", "Excel"))
    ], className="download-buttons mt-2")


def chart_card(graph_id: str, chart: str, caption: str, height: int = 380, links=None) -> html.Figure:
    """A card holding the graph ``graph_id``, a caption saying what it shows, its downloads, and ``links`` (the
    keyboard's way to what a click on the chart opens, see ``drill_links``)."""
    return html.Figure(dbc.Card(dbc.CardBody([
        dcc.Graph(id=graph_id, config=GRAPH_CONFIG, style={"height": f"{height}px"}),
        html.Figcaption(caption, className="chart-caption"),
        download_buttons(chart),
        links,
    ])), className="chart-card slide mb-3")
