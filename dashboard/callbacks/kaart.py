"""Kaart callbacks: shared state and metric → coverage queries → map, table and blank spots; clicks → URL."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from dashboard.callbacks.url_choice import register_url_choice
from dashboard.auth.callbacks import guarded_callback, small_number_threshold
from dashboard import formatting, ids, programme_window
from dashboard.callbacks.compare import comparison_of
from dashboard.components.alerts import database_unavailable, empty_state
from dashboard.components.restricted import TRAJECTEN, may_open
from dashboard.components.province_lists import province_blocks, province_table
from dashboard.data.schema.db import read_session
from dashboard.data.queries import coverage
from dashboard.figures.coverage_map import METRICS, coverage_map_figure
from dashboard.geo import province_geojson
from dashboard.programme_choice import scoped
from dashboard.view_state import parse, to_search, with_changes


def _totals(metrics) -> dict:
    """The totals row of the province table (the report's 443 / 158 / 36%)."""
    return {"province": "Totaal", "gemeenten": int(metrics.gemeenten.sum()), "involved": int(metrics.involved.sum()),
            "share": coverage.national_share(metrics), "trajectories": int(metrics.trajectories.sum())}


def _blank_provinces(metrics, national: float | None):
    """The provinces below the national share, lowest first."""
    if national is None:
        return empty_state("Nog geen gemeenten betrokken.")
    below = metrics[metrics.share < national].sort_values("share")
    if below.empty:
        return empty_state("Geen provincie zit onder het landelijke aandeel.")
    return html.Div([
        html.H3(f"Onder het landelijke aandeel ({formatting.number(national)}%)", className="h6"),
        html.Ul([html.Li(f"{row.province}: {formatting.number(row.involved)} van {formatting.number(row.gemeenten)} "
                         f"gemeenten ({formatting.number(row.share)}%)") for row in below.itertuples()]),
    ])


def waiting_sentence(shown: int, total: int) -> str:
    """Say how many requests wait to start and, when only the longest-waiting are listed, how many of them."""
    if total == 1:
        return "Eén aanvraag is nog niet gestart."
    if shown < total:
        return (f"De {formatting.number(shown)} langst wachtende van {formatting.number(total)} aanvragen die nog niet "
                "gestart zijn; de download bevat ze allemaal.")
    return f"{formatting.number(total)} aanvragen zijn nog niet gestart, de langst wachtende bovenaan."


def _waiting(frame, total: int):
    """The requests not started yet, longest waiting first, with their province and the region's CMO."""
    if total == 0:
        return empty_state("Alle ontvangen aanvragen zijn gestart of afgehandeld.")
    header = html.Thead(html.Tr([html.Th(text) for text in ("Provincie", "CMO", "Gemeente", "Ontvangen", "Status")]))
    body = html.Tbody([
        html.Tr([html.Td(row.province), html.Td(row.cmo or "–"), html.Td(row.gemeente),
                 html.Td(formatting.date(row.received_on)), html.Td(row.status)])
        for row in frame.itertuples()
    ])
    return html.Div([html.H3("Nog te starten", className="h6"),
                     html.P(waiting_sentence(len(frame), total), className="small mb-1"),
                     dbc.Table([header, body], size="sm", striped=True, bordered=False, responsive=True)])


def show_kaart(search: str | None, _version: dict | None):
    """Build the map, the province table, the provinces' gemeenten and the blank-spot lists for the shared
    state."""
    try:
        with read_session() as session:
            state = scoped(session, parse(search))
            as_of, filters = state.date(), state.filters
            metric = state.metric if state.metric in METRICS else "share"
            metrics = coverage.hide_small_marks(coverage.province_metrics(session, as_of, filters),
                                                small_number_threshold())
            points = coverage.gemeente_points(session, as_of, filters)
            growth = (coverage.coverage_by_month(session, programme_window.axis_end(as_of, state.programme), filters)
                      if metric == "share" else None)
            waiting = coverage.waiting_requests(session, as_of, filters)
            waiting_total = coverage.waiting_count(session, as_of, filters)
            compared, _meetings = comparison_of(session, state)
            earlier = coverage.province_metrics(session, compared, filters) if compared else None
    except SQLAlchemyError:
        return no_update, no_update, database_unavailable(), no_update, no_update, no_update
    national = coverage.national_share(metrics)
    opens = may_open(TRAJECTEN)
    figure = coverage_map_figure(metrics, points, province_geojson(), metric, national, growth, opens, compared)
    options = [{"label": name, "value": name} for name in metrics.province]
    involved_then = ({**dict(zip(earlier.province, earlier.involved)), "Totaal": int(earlier.involved.sum())}
                     if earlier is not None else None)
    table = province_table(metrics, _totals(metrics), involved_then, compared)
    return (figure, table, _blank_provinces(metrics, national),
            _waiting(waiting, waiting_total), province_blocks(metrics, points, state, opens),
            options)


def follow_click(click: dict | None, search: str | None, pathname: str | None):
    """A click on a province opens its trajectories on the Trajecten page, or, for who may not open them (the
    stuurgroep), filters every page on it; a click on a gemeente opens its trajectory (for who may)."""
    if not click or not click.get("points"):
        return no_update
    point = click["points"][0]
    state = parse(search)
    base = (pathname or "/").removesuffix("kaart")
    if point.get("curveNumber") == 0:
        chosen = with_changes(state, province=point["customdata"])
        return f"{base}trajecten{to_search(chosen)}" if may_open(TRAJECTEN) else f"{pathname}{to_search(chosen)}"
    if not may_open(TRAJECTEN):
        return no_update
    return f"{base}trajecten{to_search(with_changes(state, trajectory=int(point['customdata'])))}"


def register() -> None:
    """Register this page's callbacks with Dash (the factory calls this once per app)."""
    guarded_callback(
        Output(ids.KAART_MAP, "figure"),
        Output(ids.KAART_TABLE, "children"),
        Output(ids.KAART_BLANK_PROVINCES, "children"),
        Output(ids.KAART_WAITING, "children"),
        Output(ids.KAART_GEMEENTEN, "children"),
        Output(ids.KAART_PROVINCE_PICK, "options"),
        Input(ids.URL, "search"),
        Input(ids.DATA_VERSION, "data"),
        cached=True,
    )(show_kaart)
    register_url_choice(ids.KAART_METRIC, "metric")
    guarded_callback(
        Output(ids.URL, "href"),
        Input(ids.KAART_MAP, "clickData"),
        State(ids.URL, "search"),
        State(ids.URL, "pathname"),
        prevent_initial_call=True,
    )(follow_click)
    _register_keyboard_controls()


def _register_keyboard_controls() -> None:
    """The play control and the province choice work in the browser (``assets/kaart_play.js``)."""
    dash.clientside_callback(
        ClientsideFunction(namespace="kaart", function_name="control"),
        Output(ids.KAART_MONTH, "max"),
        Output(ids.KAART_MONTH, "value"),
        Output(ids.KAART_PLAY_TIMER, "disabled"),
        Output(ids.KAART_PLAY_CONTROLS, "hidden"),
        Input(ids.KAART_MAP, "figure"),
        Input(ids.KAART_PLAY, "n_clicks"),
        Input(ids.KAART_PAUSE, "n_clicks"),
        Input(ids.KAART_PLAY_TIMER, "n_intervals"),
        State(ids.KAART_MONTH, "value"),
    )
    dash.clientside_callback(
        ClientsideFunction(namespace="kaart", function_name="show"),
        Output(ids.KAART_MONTH_LABEL, "children"),
        Input(ids.KAART_MONTH, "value"),
        State(ids.KAART_MAP, "figure"),
    )
    dash.clientside_callback(
        ClientsideFunction(namespace="kaart", function_name="province"),
        Output({"type": ids.KAART_PROVINCE_BLOCK, "province": ALL}, "hidden"),
        Input(ids.KAART_PROVINCE_PICK, "value"),
        Input({"type": ids.KAART_PROVINCE_BLOCK, "province": ALL}, "id"),
    )


