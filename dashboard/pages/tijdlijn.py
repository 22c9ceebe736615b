"""Tijdlijn: requests, running and completed trajectories over time, and the lead times."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import ids
from dashboard.components.chart_card import chart_card
from dashboard.components.drill_links import drill_links

dash.register_page(__name__, path="/tijdlijn", name="Tijdlijn", title="Tijdlijn – AVI 130 monitor", order=1)


def layout(per: str = "maand", **query: str) -> html.Div:
    """The Tijdlijn page; ``per`` (maand or week) chooses the period of the bars."""
    return html.Div([
        html.H1("Tijdlijn", className="page-title"),
        dbc.RadioItems(
            id=ids.TIJDLIJN_FREQ, name=ids.TIJDLIJN_FREQ, inline=True, value="week" if per == "week" else "month",
            options=[{"label": "Per maand", "value": "month"}, {"label": "Per week", "value": "week"}],
            className="mb-2 screen-only", inputClassName="me-1",
        ),
        html.Div([
            chart_card(ids.TIJDLIJN_FIGURE, "tijdlijn",
                       "De lijn telt alle aanvragen; de staven tonen per periode de gestarte trajecten: nog "
                       "bezig, werk klaar maar administratief open, en administratief afgerond. Een traject "
                       "telt pas als afgerond als ook het verslag en de facturen binnen zijn.", height=480,
                       links=drill_links({**query, "per": per}, [
                           ("Lopend, werk bezig (per de gekozen stand)", {"stage": "werk-bezig"}),
                           ("Werk klaar, administratie open", {"stage": "administratie-open"}),
                           ("Afgerond (administratief)", {"stage": "afgerond"})])),
            html.Section(html.P(id=ids.TIJDLIJN_GAP, className="summary-sentence"), className="slide"),
            chart_card(ids.TIJDLIJN_LEAD_TIMES, "doorlooptijden",
                       "Mediaan aantal dagen per maand: van aanvraag tot start (maand van de start), van start "
                       "tot het werk klaar is, en van start tot de administratieve afronding.", height=400),
        ], className="slides"),
    ])
