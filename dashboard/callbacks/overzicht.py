"""Overzicht callbacks: the URL's as-of date → headline query → KPI cards and summary sentence."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output
from sqlalchemy.exc import SQLAlchemyError

from dashboard import formatting, ids
from dashboard.callbacks.query_string import as_of_from_search
from dashboard.components.alerts import database_unavailable
from dashboard.components.kpi_card import kpi_card
from dashboard.data.db import read_session
from dashboard.data.queries import summary
from dashboard.figures.summary_text import summary_sentence


def show_headline(search: str | None):
    """Fill the Overzicht cards for the as-of date in the URL."""
    as_of = as_of_from_search(search)
    try:
        with read_session() as session:
            programme = summary.programme_info(session)
            head = summary.headline(session, as_of)
            total = summary.gemeenten_total(session)
    except SQLAlchemyError:
        return database_unavailable(), "", f"Stand per {formatting.date(as_of)}"
    target = programme.target_requests
    cards = [
        kpi_card("Aanvragen", f"{formatting.number(head.requests)} van {target}",
                 f"{formatting.percentage(head.requests, target)} van het doel",
                 progress=100 * head.requests / target, card_id="kpi-aanvragen"),
        kpi_card("Lopende trajecten", formatting.number(head.running),
                 f"waarvan {formatting.number(head.work_finished)} met het werk klaar", card_id="kpi-lopend"),
        kpi_card("Afgeronde trajecten", formatting.number(head.completed),
                 f"van {formatting.number(head.started)} gestart", card_id="kpi-afgerond"),
        kpi_card("Niet doorgegaan", formatting.number(head.not_started), "teruggetrokken of afgewezen",
                 card_id="kpi-niet-doorgegaan"),
        kpi_card("Gemeenten betrokken", f"{formatting.number(head.gemeenten_involved)} van {total}",
                 f"{formatting.percentage(head.gemeenten_involved, total)} van alle gemeenten",
                 progress=100 * head.gemeenten_involved / total if total else 0, card_id="kpi-gemeenten"),
        kpi_card("Dagdelen per traject", formatting.number(head.dagdelen.mean, 1),
                 f"{formatting.number(head.dagdelen.total)} van {formatting.number(programme.dagdelen_budget)} "
                 "dagdelen gebruikt", card_id="kpi-dagdelen"),
        kpi_card("Gemiddeld rapportcijfer", formatting.number(head.evaluation_mean, 1),
                 f"{formatting.number(head.evaluation_forms)} evaluatieformulieren", card_id="kpi-cijfer"),
    ]
    columns = [dbc.Col(card, xs=12, sm=6, lg=3) for card in cards]
    return columns, summary_sentence(head, target, total), f"Stand per {formatting.date(as_of)}"


def register() -> None:
    """Register this page's callbacks with Dash (the factory calls this once per app)."""
    dash.callback(
        Output(ids.OVERZICHT_KPIS, "children"),
        Output(ids.OVERZICHT_SUMMARY, "children"),
        Output(ids.OVERZICHT_AS_OF, "children"),
        Input(ids.URL, "search"),
    )(show_headline)
