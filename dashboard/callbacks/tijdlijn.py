"""Tijdlijn callbacks: shared state and data version → timeline and lead-time queries → figures."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, ctx, no_update
from sqlalchemy.exc import SQLAlchemyError

from dashboard.callbacks.url_choice import register_url_choice
from dashboard.auth.callbacks import guarded_callback
from dashboard import comparison, formatting, ids, programme_window
from dashboard.callbacks.compare import comparison_of
from dashboard.components.alerts import database_unavailable
from dashboard.callbacks.notes import window_notes
from dashboard.data.schema.db import read_session
from dashboard.data.queries import summary, timeline
from dashboard.figures import denominators
from dashboard.figures.lead_times import lead_time_figure
from dashboard.figures.patching import figure_update
from dashboard.figures.timeline import timeline_figure
from dashboard.programme_choice import scoped
from dashboard.view_state import parse


def gap_sentence(frame, as_of) -> str:
    """Say how many trajectories had their work done but were not yet administratively completed, and whether
    the chart leaves out the earliest periods."""
    if frame.empty:
        return "Nog geen trajecten gestart."
    last = frame.iloc[-1]
    return (f"Per {formatting.date(as_of)} waren {formatting.number(last.completed_cum)} trajecten administratief "
            f"afgerond; bij nog eens {formatting.number(last.work_done_admin_open)} was het werk klaar, maar "
            f"ontbraken het verslag of de facturen; {formatting.number(last.in_progress)} waren nog bezig."
            + _earlier_note(frame))


def _earlier_note(frame) -> str:
    """' De grafiek begint bij …' when periods before the first shown have data (they are in its totals)."""
    first = frame.iloc[0]
    if all(first[f"{name}_cum"] == first[name] for name in timeline.SERIES):
        return ""
    return (f" De grafiek begint bij {first.label}; wat eerder gebeurde telt mee in de totalen, en de download "
            "bevat de hele looptijd.")


def show_tijdlijn(search: str | None, _version: dict | None, _notes_done: int | None, shown_timeline: dict | None,
                  shown_lead: dict | None):
    """Build the timeline (by month or week) and the lead times for the shared state, over the programme's own
    period (``programme_window``)."""
    try:
        with read_session() as session:
            state = scoped(session, parse(search))
            filters = state.filters
            programme = summary.programme_info(session, state.programme)
            as_of = programme_window.axis_end(state.date(), state.programme)
            frame = timeline.timeline(session, as_of, filters, state.freq, since=programme.starts_on,
                                      last=timeline.SHOWN_PERIODS[state.freq])
            events = timeline.programme_events(session, as_of, state.programme)
            compared, _meetings = comparison_of(session, state)
            lead = timeline.lead_times(session, as_of, filters, last=timeline.LEAD_TIME_MONTHS)
            noted = window_notes(session, state)
    except SQLAlchemyError:
        return no_update, database_unavailable(), no_update
    live_refresh = ctx.triggered_id == ids.DATA_VERSION
    if compared:  # the comparison date as one more dotted, labelled line
        events = pd.concat([events, pd.DataFrame([{"kind": "vergelijk", "occurred_on": compared,
                                                   "label": comparison.earlier_name(compared)}])],
                           ignore_index=True).sort_values("occurred_on", kind="stable")
    note = "" if filters.is_empty() else f" (landelijk; {denominators.no_target_reason(filters)})"
    return (figure_update(timeline_figure(frame, events, programme.target_requests, note, noted),
                          shown_timeline if live_refresh else None),
            gap_sentence(frame, as_of), figure_update(lead_time_figure(lead), shown_lead if live_refresh else None))


def register() -> None:
    """Register this page's callbacks with Dash (the factory calls this once per app)."""
    guarded_callback(
        Output(ids.TIJDLIJN_FIGURE, "figure"),
        Output(ids.TIJDLIJN_GAP, "children"),
        Output(ids.TIJDLIJN_LEAD_TIMES, "figure"),
        Input(ids.URL, "search"),
        Input(ids.DATA_VERSION, "data"),
        Input(ids.NOTES_DONE, "data"),
        State(ids.TIJDLIJN_FIGURE, "figure"),
        State(ids.TIJDLIJN_LEAD_TIMES, "figure"),
        cached=True,
    )(show_tijdlijn)
    register_url_choice(ids.TIJDLIJN_FREQ, "freq")
