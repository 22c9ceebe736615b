"""Overzicht: the projectmonitor's headline figures, funnel and breakdowns as of the shared date."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import ids
from dashboard.components.chart_card import chart_card
from dashboard.components.drill_links import drill_links
from dashboard.data.queries.progress import APPLICANT_LABELS, THEME_LABELS

dash.register_page(__name__, path="/", name="Overzicht", title="Overzicht – AVI 130 monitor", order=0)


def layout(**query: str) -> html.Div:
    """The Overzicht page; the figures are filled in by ``callbacks.overzicht``."""
    return html.Div([
        html.H1("Overzicht", className="page-title"),
        html.Div([
            html.Section([
                dbc.Row(dbc.Col(html.P("Cijfers laden…", className="text-muted")), id=ids.OVERZICHT_KPIS,
                        className="g-3 mb-3"),
                html.P(id=ids.OVERZICHT_SUMMARY, className="summary-sentence"),
            ], className="kpi-block", **{"aria-label": "Kerncijfers"}),
            dbc.Row([
                dbc.Col(chart_card(ids.OVERZICHT_FUNNEL, "trechter",
                                   "Hoeveel aanvragen elke stap bereikten, en hoeveel er afvielen.",
                                   links=drill_links(query, [("Gestart", {"stage": "gestart"}),
                                                             ("Werk klaar", {"stage": "werk-klaar"}),
                                                             ("Afgerond", {"stage": "afgerond"})])), lg=6),
                dbc.Col(chart_card(ids.OVERZICHT_THEMES, "themas",
                                   "Thema's van de gestarte trajecten; een traject kan meer thema's hebben, "
                                   "dus de percentages samen zijn meer dan 100%.",
                                   links=drill_links(query, [(label, {"theme": code})
                                                             for code, label in THEME_LABELS.items()])), lg=6),
                dbc.Col(chart_card(ids.OVERZICHT_APPLICANTS, "aanvragers",
                                   "Wie de aanvraag deed: de gemeente of het steunpunt.", height=260,
                                   links=drill_links(query, [(label, {"applicant_type": code})
                                                             for code, label in APPLICANT_LABELS.items()])), lg=6),
                dbc.Col(chart_card(ids.OVERZICHT_CHANNELS, "kanalen",
                                   "Hoe de aanvraag binnenkwam: na de mailing van het programma (bij AVI 130 "
                                   "in oktober 2006) of via het netwerk van een adviseur.", height=260), lg=6),
            ], className="g-3"),
        ], className="slides"),
    ])
