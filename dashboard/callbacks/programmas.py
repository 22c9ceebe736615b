"""Programma's callbacks: the stand → every programme's figures and history → the table and the small multiples."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard import formatting, ids
from dashboard.auth.callbacks import guarded_callback
from dashboard.auth.programme_access import allowed_programmes
from dashboard.components.alerts import database_unavailable
from dashboard.data.queries.portfolio import MAX_SHOWN, ProgrammeFigures, burn_up, on_view, programme_figures
from dashboard.data.schema.db import read_session
from dashboard.figures.portfolio import burn_up_figure, figure_height
from dashboard.view_state import ViewState, parse, to_search, with_changes


def _percent(share: float) -> str:
    """A share as a whole Dutch percentage."""
    return f"{formatting.number(round(100 * share))}%"


def portfolio_table(figures: list[ProgrammeFigures], state: ViewState) -> dbc.Table:
    """One row per programme, its name a link to its Overzicht with the same stand."""
    header = html.Thead(html.Tr([html.Th(name, scope="col") for name in (
        "Programma", "Looptijd", "Aanvragen / doel", "Gestart", "Lopend", "Afgerond", "Dagdelen / budget",
        "Tijd verstreken", "Voortgang", "Tempo")]))
    body = html.Tbody([html.Tr([
        html.Th(dcc.Link(figure.name, href=f"./{to_search(with_changes(state, programme=figure.slug))}"),
                scope="row"),
        html.Td(f"{formatting.date(figure.starts_on)} – {formatting.date(figure.ends_on)}"),
        html.Td(f"{formatting.number(figure.requests)} / {formatting.number(figure.target)}"),
        html.Td(formatting.number(figure.started)), html.Td(formatting.number(figure.running)),
        html.Td(formatting.number(figure.completed)),
        html.Td(f"{formatting.number(figure.dagdelen)} / {formatting.number(figure.budget)}"),
        html.Td(_percent(figure.elapsed)), html.Td(_percent(figure.progress)),
        html.Td(html.Strong("▼ achter op schema") if figure.lags else "op schema"),
    ]) for figure in figures])
    return dbc.Table([header, body], size="sm", striped=True, responsive=True, className="portfolio-table")


def show_programmes(search: str | None, _version: dict | None):
    """Fill the portfolio for the stand of the URL: the programmes the user may see."""
    state = parse(search)
    as_of = state.date()
    try:
        with read_session() as session:
            every = programme_figures(session, as_of, allowed_programmes())
            figures = on_view(every, as_of)
            charted = figures[:MAX_SHOWN]
            history = burn_up(session, as_of, {figure.slug for figure in charted})
    except SQLAlchemyError:
        return database_unavailable(), no_update, no_update
    return ([_selection(len(figures), len(charted), len(every), as_of), portfolio_table(figures, state)],
            burn_up_figure(charted, history, as_of), {"height": f"{figure_height(len(charted))}px"})


def _selection(shown: int, charted: int, every: int, as_of) -> html.P | None:
    """What a portfolio of many programmes shows: the running ones (how many of how many), the first as charts;
    nothing when it shows every programme."""
    if shown == every:
        return None
    charts = f"; de grafieken tonen de eerste {charted}" if charted < shown else ""
    return html.P(f"Lopend op {formatting.date(as_of)}: {formatting.number(shown)} van {formatting.number(every)} "
                  f"programma's, die achter op schema eerst{charts}. De andere {formatting.number(every - shown)} "
                  "(afgelopen of nog niet begonnen) staan in de download.", className="text-muted")


def download_programmes(session: Session, state: ViewState) -> pd.DataFrame:
    """The portfolio's table, with Dutch column names."""
    figures = programme_figures(session, state.date(), allowed_programmes())
    frame = pd.DataFrame([figure.as_dict() for figure in figures])
    frame["themes"] = frame["themes"].str.join(", ")
    return frame.rename(columns={
        "slug": "korte naam", "name": "programma", "target": "doel (aanvragen)", "dagdelen_budget": "budget (dagdelen)",
        "starts_on": "begin", "ends_on": "einde", "themes": "thema's", "requests": "aanvragen", "started": "gestart",
        "running": "lopend", "completed": "afgerond", "dagdelen": "dagdelen", "elapsed": "tijd verstreken (aandeel)",
        "progress": "voortgang (aandeel van het doel)", "lags_pace": "achter op schema"})


def register() -> None:
    """Register this page's callback with Dash (the factory calls this once per app)."""
    guarded_callback(
        Output(ids.PORTFOLIO_TABLE, "children"),
        Output(ids.PORTFOLIO_FIGURE, "figure"),
        Output(ids.PORTFOLIO_FIGURE, "style"),
        Input(ids.URL, "search"),
        Input(ids.DATA_VERSION, "data"),
        cached=True,
    )(show_programmes)
