"""Evaluaties callbacks: shared state and data version → evaluation queries → cards, charts, lists; downloads.

The small-number rule (``Settings.small_number_threshold``, for the stuurgroep) is applied here,
to the charts and their downloads alike: breakdown groups with fewer forms are
blanked by ``dashboard.statistics.suppress_small_groups``, and a whole
selection with fewer forms shows no marks at all. The lists under "Voor
projectleiding" show single forms on purpose.
"""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, html, no_update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard.auth.callbacks import guarded_callback, small_number_threshold
from dashboard import comparison, formatting, ids
from dashboard.callbacks.compare import comparison_of
from dashboard.components.alerts import database_unavailable, empty_state
from dashboard.components.kpi_card import kpi_card
from dashboard.components.restricted import trajectory_link
from dashboard.data.schema.db import read_session
from dashboard.data.schema.models import EVALUATION_ASPECTS
from dashboard.data.queries import evaluations, timeline
from dashboard.data.queries.filters import Filters
from dashboard.figures.evaluations import (
    aspect_means_figure,
    breakdown_figure,
    interval_text,
    mark_distribution_figure,
    monthly_figure,
    selection_too_small,
    suppression_note,
)
from dashboard.figures.patching import figure_update
from dashboard.statistics import MeanInterval, suppress_small_groups
from dashboard.programme_choice import scoped
from dashboard.view_state import ViewState, parse

BREAKDOWNS = {  # graph id -> (dimension, chart title)
    ids.EVALUATIES_BY_ORGANISATION: ("organisation", "Gemiddeld cijfer per uitvoerende organisatie"),
    ids.EVALUATIES_BY_PROVINCE: ("province", "Gemiddeld cijfer per provincie"),
    ids.EVALUATIES_BY_APPLICANT: ("applicant_type", "Gemiddeld cijfer naar aanvrager"),
    ids.EVALUATIES_BY_THEME: ("theme", "Gemiddeld cijfer naar thema"),
}
SHOWN_MONTHS = timeline.SHOWN_PERIODS["month"]  # the months the chart of marks per month shows; downloads: all
FIGURES = (ids.EVALUATIES_ASPECTS, ids.EVALUATIES_DISTRIBUTION, *BREAKDOWNS, ids.EVALUATIES_BY_MONTH)
SHORT_ASPECTS = {"mark_results": "Resultaten", "mark_process": "Procesgang", "mark_quality": "Kwaliteit",
                 "mark_presentation": "Presentatie", "mark_service": "Service"}


def protected_breakdown(session: Session, dimension: str, as_of: dt.date, filters, threshold: int,
                        last: int | None = None) -> pd.DataFrame:
    """A breakdown with the small-number rule applied (the months: the last ``last`` only, if given)."""
    frame = evaluations.breakdown(session, dimension, as_of, filters, last=last)
    return suppress_small_groups(frame, threshold, partition=evaluations.DIMENSIONS[dimension].partition)


# the state on the comparison date: response, low marks, mean mark and the aspects' means (None: hidden then)
Earlier = tuple[evaluations.Response, int, MeanInterval | None, pd.DataFrame | None]


def _cards(response: evaluations.Response, overall: MeanInterval, low_marks: int, hidden: str | None,
           earlier: Earlier | None = None) -> list:
    """The headline cards: response, mean mark with interval, forms still owed, forms with a low mark; with
    ``earlier`` (the response, low marks and mean mark on the comparison date, the mean None where the
    small-number rule hid it then) their change since then."""
    def change(now: float | None, before: float | None, decimals: int = 0) -> str:
        """'+12 sinds 15 mrt 2007', or nothing when there is no comparison or one side is not shown."""
        if not earlier or now is None or before is None:
            return ""
        return f"{comparison.change(now, before, decimals)} {comparison.since(earlier[0].as_of)}"
    before, low_before, mean_before, _aspects = earlier or (response, low_marks, None, None)
    rate = response.rate
    if hidden:
        mean, mean_context = "–", hidden
    elif overall.mean is None:
        mean, mean_context = "–", "nog geen formulieren"
    elif overall.low is None:
        mean, mean_context = formatting.number(overall.mean, 1), "één formulier, geen interval"
    else:
        mean = formatting.number(overall.mean, 1)
        mean_context = (f"95%-betrouwbaarheidsinterval {formatting.number(overall.low, 1)}–"
                        f"{formatting.number(overall.high, 1)}, over alle aspecten")
    cards = [
        kpi_card("Formulieren ontvangen", f"{formatting.number(response.forms)} van "
                 f"{formatting.number(response.completed)}",
                 f"{formatting.percentage(response.forms_for_completed, response.completed)} van de afgeronde "
                 "trajecten" if response.completed else "nog geen trajecten afgerond",
                 progress=100 * rate if rate is not None else 0, card_id="kpi-evaluatie-formulieren",
                 change=change(response.forms, before.forms)),
        kpi_card("Gemiddeld cijfer", mean, mean_context, card_id="kpi-evaluatie-cijfer",
                 change=change(None if hidden else overall.mean, mean_before and mean_before.mean, 1)),
        kpi_card("Nog te ontvangen", formatting.number(response.owed), "afgeronde trajecten zonder formulier",
                 card_id="kpi-evaluatie-open", change=change(response.owed, before.owed)),
        kpi_card("Lage cijfers", formatting.number(low_marks), "formulieren met een aspect onder de 6",
                 card_id="kpi-evaluatie-laag", change=change(low_marks, low_before)),
    ]
    return [dbc.Col(card, xs=12, sm=6, lg=3) for card in cards]


def _earlier(session: Session, day: dt.date, filters: Filters,
             threshold: int) -> Earlier:
    """The response, the low marks, the mean mark and the aspects' means on the comparison date ``day``; the
    means None when the small-number rule would have hidden them then, so that their change gives nothing away."""
    response = evaluations.response(session, day, filters)
    if 0 < response.forms < threshold:
        return response, evaluations.low_mark_count(session, day, filters), None, None
    return (response, evaluations.low_mark_count(session, day, filters),
            evaluations.overall_mark(session, day, filters),
            evaluations.aspect_summary(evaluations.mark_distribution(session, day, filters)))


def summary_sentence(response: evaluations.Response, overall: MeanInterval, aspects: pd.DataFrame,
                     hidden: str | None) -> str:
    """One sentence on response and marks, as the report's §3.3 would put it."""
    day = formatting.date(response.as_of)
    if response.forms == 0:
        return f"Per {day} was er nog geen evaluatieformulier binnen."
    first = (f"Per {day} kwamen {formatting.number(response.forms)} evaluatieformulieren binnen, van "
             f"{formatting.number(response.completed)} afgeronde trajecten "
             f"({formatting.percentage(response.forms_for_completed, response.completed)}).")
    if response.forms == 1:
        first = first.replace("evaluatieformulieren binnen", "evaluatieformulier binnen").replace("kwamen", "kwam")
    if hidden or overall.mean is None:
        return first
    shown = aspects[aspects["forms"] > 0]
    lowest, highest = shown.loc[shown["mean"].idxmin()], shown.loc[shown["mean"].idxmax()]
    return (f"{first} Gemiddeld gaven de opdrachtgevers een {interval_text(overall.mean, overall.low, overall.high)}"
            f"; het laagst scoorde {lowest.label.lower()} ({formatting.number(lowest['mean'], 1)}), het hoogst "
            f"{highest.label.lower()} ({formatting.number(highest['mean'], 1)}).")


def _mark_cell(mark: int) -> html.Td:
    """A mark in the low-marks table; an insufficient one bold and said in words, not only coloured."""
    if mark < evaluations.LOW_MARK:
        return html.Td([html.Strong(str(mark)), html.Span(" (onvoldoende)", className="visually-hidden")],
                       className="mark-low")
    return html.Td(str(mark))


def listed_sentence(shown: int, total: int, first: str, nouns: tuple[str, str], order: str) -> str:
    """'De 50 laagst beoordeelde van 1.234 formulieren …; de download bevat ze allemaal.' when not all are shown."""
    one, many = nouns
    if shown < total:
        return (f"De {formatting.number(shown)} {first} van {formatting.number(total)} {many}; de download bevat ze "
                "allemaal.")
    if total == 1:
        return f"1 {one}."
    return f"{formatting.number(total)} {many}, {order}."


def low_marks_table(frame: pd.DataFrame, total: int, state: ViewState):
    """The forms with an aspect below 6 (the lowest marked first), with their marks and remarks (as plain text)."""
    if total == 0:
        return empty_state("Geen formulieren met een aspect onder de 6.")
    header = html.Thead(html.Tr([html.Th(text, scope="col") for text in (
        "Traject", "Gemeente(n)", "Organisatie", "Ontvangen", *SHORT_ASPECTS.values(), "Opmerkingen")]))
    body = html.Tbody([
        html.Tr([html.Td(trajectory_link(row.nr, state), className="nowrap"), html.Td(row.gemeenten),
                 html.Td(row.organisation), html.Td(formatting.date(row.received_on), className="nowrap"),
                 *(_mark_cell(int(getattr(row, column))) for column in EVALUATION_ASPECTS),
                 html.Td(row.remarks or "–", className="remark-cell")])
        for row in frame.itertuples()
    ])
    return html.Div([
        html.P(listed_sentence(len(frame), total, "laagst beoordeelde",
                               ("formulier met een aspect onder de 6", "formulieren met een aspect onder de 6"),
                               "het laagste cijfer bovenaan"), className="mb-1"),
        dbc.Table([header, body], size="sm", striped=True, bordered=False, responsive=True, className="mb-1"),
        html.P("Vetgedrukt: een cijfer onder de 6.", className="small text-muted"),
    ])


def owed_table(frame: pd.DataFrame, total: int, state: ViewState):
    """The completed trajectories still owing a form, longest waiting first."""
    if total == 0:
        return empty_state("Van alle afgeronde trajecten is het formulier binnen.")
    header = html.Thead(html.Tr([html.Th(text, scope="col") for text in (
        "Traject", "Gemeente(n)", "Provincie", "Organisatie", "Adviseur", "Afgerond", "Wacht (dagen)")]))
    body = html.Tbody([
        html.Tr([html.Td(trajectory_link(row.nr, state), className="nowrap"), html.Td(row.gemeenten),
                 html.Td(row.province), html.Td(row.organisation), html.Td(row.advisor or "–"),
                 html.Td(formatting.date(row.completed_on), className="nowrap"),
                 html.Td(formatting.number(row.days_waiting), className="text-end")])
        for row in frame.itertuples()
    ])
    return html.Div([
        html.P(listed_sentence(len(frame), total, "langst wachtende",
                               ("afgerond traject zonder formulier", "afgeronde trajecten zonder formulier"),
                               "het langst wachtende bovenaan"), className="mb-1"),
        html.Div(dbc.Table([header, body], size="sm", striped=True, bordered=False, className="mb-0"),
                 className="scroll-table", tabIndex="0", role="region",
                 **{"aria-label": "Afgeronde trajecten zonder formulier"}),
    ])


def remarks_list(frame: pd.DataFrame, state: ViewState):
    """The remarks as plain text, each with its trajectory, gemeenten, organisation, date and mean mark."""
    return html.Ul([
        html.Li(html.Figure([
            html.Blockquote(html.P(row.remarks, className="mb-0"), className="blockquote remark"),
            html.Figcaption([trajectory_link(row.nr, state),
                             f" · {row.gemeenten} · {row.organisation} · ontvangen "
                             f"{formatting.date(row.received_on)} · gemiddeld {formatting.number(row.mean, 1)}"],
                            className="blockquote-footer mt-1"),
        ], className="mb-0"), className="remark-item")
        for row in frame.itertuples()
    ], className="list-unstyled remarks")


def show_evaluaties(search: str | None, _version: dict | None, *shown: dict | None):
    """Fill the Evaluaties page for the shared state; on a data change, patch only the charts' data."""
    threshold = small_number_threshold()
    try:
        with read_session() as session:
            state = scoped(session, parse(search))
            as_of, filters = state.date(), state.filters
            response = evaluations.response(session, as_of, filters)
            distribution = evaluations.mark_distribution(session, as_of, filters)
            overall = evaluations.overall_mark(session, as_of, filters)
            groups = {graph: protected_breakdown(session, dimension, as_of, filters, threshold)
                      for graph, (dimension, _title) in BREAKDOWNS.items()}
            until = evaluations.months_until(session, as_of, filters) or as_of
            months = protected_breakdown(session, "month", until, filters, threshold, last=SHOWN_MONTHS)
            low = evaluations.low_mark_forms(session, as_of, filters, limit=evaluations.MAX_LISTED)
            low_total = evaluations.low_mark_count(session, as_of, filters)
            owed = evaluations.owed_forms(session, as_of, filters, limit=evaluations.MAX_LISTED)
            owed_total = evaluations.owed_count(session, as_of, filters)
            compared, _meetings = comparison_of(session, state)
            earlier = _earlier(session, compared, filters, threshold) if compared else None
    except SQLAlchemyError:
        return (database_unavailable(), "", *(no_update for _ in FIGURES), no_update, no_update)
    hidden = selection_too_small(response.forms, threshold) if 0 < response.forms < threshold else None
    aspects = evaluations.aspect_summary(distribution)
    figures = (
        aspect_means_figure(aspects, overall, suppressed=hidden, earlier=earlier[3] if earlier else None,
                            earlier_name=comparison.earlier_name(compared) if compared else ""),
        mark_distribution_figure(distribution, suppressed=hidden),
        *(breakdown_figure(groups[graph], title, evaluations.DIMENSIONS[dimension].name, threshold,
                           overall=overall, suppressed=hidden)
          for graph, (dimension, title) in BREAKDOWNS.items()),
        monthly_figure(months, threshold, until, as_of),
    )
    live_refresh = ctx.triggered_id == ids.DATA_VERSION
    return (_cards(response, overall, low_total, hidden, earlier), summary_sentence(response, overall, aspects, hidden),
            *(figure_update(figure, old if live_refresh else None) for figure, old in zip(figures, shown)),
            low_marks_table(low, low_total, state), owed_table(owed, owed_total, state))


def show_remarks(search_text: str | None, search: str | None, _version: dict | None):
    """The remarks matching the search box, for the shared state."""
    try:
        with read_session() as session:
            state = scoped(session, parse(search))
            as_of = state.date()
            frame = evaluations.remarks(session, as_of, state.filters, search=search_text or "")
    except SQLAlchemyError:
        return database_unavailable(), ""
    term = (search_text or "").strip()
    if frame.empty:
        message = (f"Geen opmerkingen met ‘{term}’ per {formatting.date(as_of)}." if term
                   else f"Nog geen formulieren met opmerkingen per {formatting.date(as_of)}.")
        return empty_state(message), ""
    count = len(frame)
    noun = "opmerking" if count == 1 else "opmerkingen"
    note = f" (de nieuwste {formatting.number(evaluations.MAX_REMARKS)})" if count >= evaluations.MAX_REMARKS else ""
    found = f" met ‘{term}’" if term else ""
    return remarks_list(frame, state), f"{formatting.number(count)} {noun}{found} per {formatting.date(as_of)}{note}"


# Downloads: the data behind each chart and list, with Dutch column names (listed in callbacks.downloads).

INTERVAL_COLUMNS = {"forms": "formulieren", "mean": "gemiddeld cijfer", "ci_low": "95%-interval ondergrens",
                    "ci_high": "95%-interval bovengrens"}


def _selection_hidden(session: Session, state: ViewState, threshold: int) -> str | None:
    """The message when the whole selection has too few forms to show marks."""
    forms = evaluations.response(session, state.date(), state.filters).forms
    return selection_too_small(forms, threshold) if 0 < forms < threshold else None


def download_aspects(session: Session, state: ViewState) -> pd.DataFrame:
    """Per aspect: forms, mean and interval (blank when the selection is too small)."""
    aspects = evaluations.aspect_summary(evaluations.mark_distribution(session, state.date(), state.filters))
    hidden = _selection_hidden(session, state, small_number_threshold())
    if hidden:
        aspects[["mean", "ci_low", "ci_high"]] = None
    aspects["opmerking"] = hidden or ""
    return aspects.drop(columns="aspect").rename(columns={"label": "aspect", **INTERVAL_COLUMNS})


def download_distribution(session: Session, state: ViewState) -> pd.DataFrame:
    """Per aspect and mark the number of forms (nothing when the selection is too small)."""
    hidden = _selection_hidden(session, state, small_number_threshold())
    if hidden:
        return pd.DataFrame({"opmerking": [hidden]})
    frame = evaluations.mark_distribution(session, state.date(), state.filters)
    return frame.drop(columns="aspect").rename(columns={"label": "aspect", "mark": "cijfer",
                                                        "count": "formulieren"})


def download_breakdown(dimension: str):
    """A download of one breakdown with the small-number rule applied and said per group."""
    def build(session: Session, state: ViewState) -> pd.DataFrame:
        threshold = small_number_threshold()
        frame = protected_breakdown(session, dimension, state.date(), state.filters, threshold)
        frame["opmerking"] = [suppression_note(reason, threshold) for reason in frame["suppressed"]]
        group = evaluations.DIMENSIONS[dimension].name.lower()
        return frame.drop(columns=["key", "suppressed"]).rename(columns={"label": group, **INTERVAL_COLUMNS})
    return build


def download_low_marks(session: Session, state: ViewState) -> pd.DataFrame:
    """The forms with an aspect below 6 (for the project leaders)."""
    frame = evaluations.low_mark_forms(session, state.date(), state.filters, limit=None)
    return frame.drop(columns=["lowest"]).rename(columns={
        "nr": "traject", "gemeenten": "gemeenten", "province": "provincie", "organisation": "organisatie",
        "received_on": "ontvangen", "mean": "gemiddeld cijfer", **{c: SHORT_ASPECTS[c].lower() for c in SHORT_ASPECTS},
        "remarks": "opmerkingen"})


def download_owed(session: Session, state: ViewState) -> pd.DataFrame:
    """The completed trajectories without a form (for the project leaders)."""
    return evaluations.owed_forms(session, state.date(), state.filters, limit=None).rename(columns={
        "nr": "traject", "province": "provincie", "organisation": "organisatie", "advisor": "adviseur",
        "completed_on": "afgerond", "days_waiting": "wacht (dagen)"})


def register() -> None:
    """Register this page's callbacks with Dash (the factory calls this once per app)."""
    guarded_callback(
        Output(ids.EVALUATIES_KPIS, "children"),
        Output(ids.EVALUATIES_SUMMARY, "children"),
        *(Output(figure, "figure") for figure in FIGURES),
        Output(ids.EVALUATIES_LOW_MARKS, "children"),
        Output(ids.EVALUATIES_OWED, "children"),
        Input(ids.URL, "search"),
        Input(ids.DATA_VERSION, "data"),
        *(State(figure, "figure") for figure in FIGURES),
        cached=True,
    )(show_evaluaties)
    guarded_callback(
        Output(ids.EVALUATIES_REMARKS, "children"),
        Output(ids.EVALUATIES_REMARKS_COUNT, "children"),
        Input(ids.EVALUATIES_REMARKS_SEARCH, "value"),
        Input(ids.URL, "search"),
        Input(ids.DATA_VERSION, "data"),
        cached=True,
    )(show_remarks)
