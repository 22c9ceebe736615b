"""Overzicht callbacks: shared state and data version → queries → KPI cards, sentence and charts."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, no_update
from sqlalchemy.exc import SQLAlchemyError

from dashboard.auth.callbacks import guarded_callback, small_number_threshold
from dashboard import comparison, formatting, ids
from dashboard.callbacks.compare import comparison_of
from dashboard.components.alerts import database_unavailable
from dashboard.components.kpi_card import kpi_card
from dashboard.data.schema.db import read_session
from dashboard.data.queries import progress, summary
from dashboard.data.queries.filters import Filters
from dashboard.figures import denominators
from dashboard.figures.breakdowns import share_figure
from dashboard.figures.earlier import add_earlier
from dashboard.figures.funnel import funnel_figure
from dashboard.figures.patching import figure_update
from dashboard.figures.summary_text import summary_sentence
from dashboard.formatting import month_before
from dashboard.programme_choice import scoped
from dashboard.view_state import parse

FIGURES = (ids.OVERZICHT_FUNNEL, ids.OVERZICHT_THEMES, ids.OVERZICHT_APPLICANTS, ids.OVERZICHT_CHANNELS)


def _mark_card(head: summary.Headline, previous: summary.Headline, since: str):
    """The mean mark, hidden (for the stuurgroep) when too few forms lie behind it."""
    threshold = small_number_threshold()
    forms = f"{formatting.number(head.evaluation_forms)} evaluatieformulieren"
    if 0 < head.evaluation_forms < threshold:
        return kpi_card("Gemiddeld rapportcijfer", "–",
                        f"minder dan {threshold} formulieren: niet getoond", card_id="kpi-cijfer")
    hide_previous = 0 < previous.evaluation_forms < threshold
    change = comparison.change(head.evaluation_mean, None if hide_previous else previous.evaluation_mean, 1)
    return kpi_card("Gemiddeld rapportcijfer", formatting.number(head.evaluation_mean, 1), forms,
                    card_id="kpi-cijfer", change=f"{change} {since}")


def _cards(head: summary.Headline, previous: summary.Headline, programme, total: int, filters: Filters) -> list:
    """The headline cards, each with its change since the comparison date (by default a month earlier).

    Under a filter a share is of the filtered whole and the national target and budget are named national.
    """
    target = programme.target_requests
    since = comparison.since(previous.as_of)
    unfiltered = filters.is_empty()

    def changed(now: float | None, before: float | None, decimals: int = 0) -> str:
        """'+12 sinds 15 mrt 2007'."""
        return f"{comparison.change(now, before, decimals)} {since}"

    cards = [
        kpi_card("Aanvragen", denominators.requests_value(head.requests, target, filters),
                 denominators.requests_context(head.requests, target, filters),
                 progress=100 * head.requests / target if unfiltered else None, card_id="kpi-aanvragen",
                 change=changed(head.requests, previous.requests)),
        kpi_card("Lopende trajecten", formatting.number(head.running),
                 f"waarvan {formatting.number(head.work_finished)} met het werk klaar", card_id="kpi-lopend",
                 change=changed(head.running, previous.running)),
        kpi_card("Afgeronde trajecten", formatting.number(head.completed),
                 f"van {formatting.number(head.started)} gestart", card_id="kpi-afgerond",
                 change=changed(head.completed, previous.completed)),
        kpi_card("Niet doorgegaan", formatting.number(head.not_started), "teruggetrokken of afgewezen",
                 card_id="kpi-niet-doorgegaan", change=changed(head.not_started, previous.not_started)),
        kpi_card("Gemeenten betrokken", f"{formatting.number(head.gemeenten_involved)} van {total}",
                 denominators.gemeenten_context(head.gemeenten_involved, total, filters),
                 progress=100 * head.gemeenten_involved / total if total else 0, card_id="kpi-gemeenten",
                 change=changed(head.gemeenten_involved, previous.gemeenten_involved)),
        kpi_card("Dagdelen per traject", formatting.number(head.dagdelen.mean, 1),
                 denominators.dagdelen_context(head.dagdelen.total, programme.dagdelen_budget, filters),
                 card_id="kpi-dagdelen", change=changed(head.dagdelen.mean, previous.dagdelen.mean, 1)),
        _mark_card(head, previous, since),
    ]
    return [dbc.Col(card, xs=12, sm=6, lg=3) for card in cards]


def _figures(session, as_of, filters: Filters, started: int) -> tuple[dict, ...]:
    """The funnel and the three breakdowns as of ``as_of``."""
    return (
        funnel_figure(progress.funnel(session, as_of, filters)),
        share_figure(progress.trajectories_by_theme(session, as_of, filters), "Trajecten naar thema", total=started),
        share_figure(progress.requests_by(session, "applicant_type", as_of, filters), "Aanvragen naar aanvrager"),
        share_figure(progress.requests_by(session, "channel", as_of, filters), "Aanvragen naar kanaal"),
    )


def show_overzicht(search: str | None, _version: dict | None, *shown: dict | None):
    """Fill the Overzicht page for the shared state; on a data change, patch only the charts' data.

    With ``vergelijk=`` the cards count their change since that date and the charts show its state faintly.
    """
    try:
        with read_session() as session:
            state = scoped(session, parse(search))
            as_of, filters = state.date(), state.filters
            programme = summary.programme_info(session, state.programme)
            compared, _meetings = comparison_of(session, state)
            head = summary.headline(session, as_of, filters)
            previous = summary.headline(session, compared or month_before(as_of), filters)
            total = summary.gemeenten_total(session, filters.province)
            figures = _figures(session, as_of, filters, head.started)
            if compared:
                earlier = _figures(session, compared, filters, previous.started)
                figures = tuple(add_earlier(now, before, comparison.earlier_name(as_of),
                                            comparison.earlier_name(compared)) for now, before in zip(figures, earlier))
    except SQLAlchemyError:
        return (database_unavailable(), "", *(no_update for _ in FIGURES))
    live_refresh = ctx.triggered_id == ids.DATA_VERSION
    sentence = summary_sentence(head, programme.target_requests, total, filters)
    return (_cards(head, previous, programme, total, filters), sentence,
            *(figure_update(figure, old if live_refresh else None) for figure, old in zip(figures, shown)))


def register() -> None:
    """Register this page's callbacks with Dash (the factory calls this once per app)."""
    guarded_callback(
        Output(ids.OVERZICHT_KPIS, "children"),
        Output(ids.OVERZICHT_SUMMARY, "children"),
        *(Output(figure, "figure") for figure in FIGURES),
        Input(ids.URL, "search"),
        Input(ids.DATA_VERSION, "data"),
        *(State(figure, "figure") for figure in FIGURES),
        cached=True,
    )(show_overzicht)


