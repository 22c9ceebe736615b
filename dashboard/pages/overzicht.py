"""Overzicht: the programme's headline figures as of a date."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import ids

dash.register_page(__name__, path="/", name="Overzicht", title="Overzicht – AVI 130 monitor", order=0)


def layout(**_query: str) -> html.Div:
    """The Overzicht page; the figures are filled in by ``callbacks.overzicht``."""
    return html.Div([
        html.H1("Overzicht", className="page-title"),
        html.P(id=ids.OVERZICHT_AS_OF, className="lead"),
        dbc.Spinner(dbc.Row(id=ids.OVERZICHT_KPIS, className="g-3 mb-3"), color="primary"),
        html.P(id=ids.OVERZICHT_SUMMARY, className="summary-sentence"),
    ])
