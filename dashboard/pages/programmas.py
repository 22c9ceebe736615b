"""Programma's: every programme side by side (requests against target, trajectories, dagdelen against budget,
time elapsed against progress), each opening its own Overzicht."""

import dash
from dash import html

from dashboard import ids
from dashboard.components.chart_card import chart_card
from dashboard.figures.portfolio import figure_height

dash.register_page(__name__, path="/programmas", name="Programma's", title="Programma's – AVI 130 monitor", order=7)


def layout(**_query: str) -> html.Div:
    """The portfolio page."""
    return html.Div([
        html.H1("Programma's", className="page-title"),
        html.P("Elk programma met zijn eigen doel, budget en looptijd, per de gekozen stand. Kies een programma om "
               "zijn overzicht te openen. De filters op provincie, organisatie, thema en aanvrager gelden hier "
               "niet.", className="mb-2"),
        html.Div(html.P("Programma's laden…", className="text-muted"), id=ids.PORTFOLIO_TABLE),
        chart_card(ids.PORTFOLIO_FIGURE, "programmas",
                   "Per programma de ontvangen aanvragen (doorgetrokken lijn) tegen een gelijkmatig tempo van "
                   "niets bij de start naar het doel aan het eind (gestreept). Een programma dat na een tiende "
                   "van zijn looptijd onder driekwart van dat tempo blijft, staat als 'achter op schema'.",
                   height=figure_height(1)),
    ])
