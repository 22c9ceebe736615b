"""The 'Vergelijk met' choice: its options (the stuurgroep's earlier meetings) and the date it stands for."""

from __future__ import annotations

import datetime as dt

from dash import Input, Output, no_update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard import formatting, ids
from dashboard.auth.callbacks import guarded_callback
from dashboard.comparison import MONTH, PREVIOUS, compare_date
from dashboard.components.filter_bar import NO_COMPARISON, NO_COMPARISON_VALUE
from dashboard.data.schema.db import read_session
from dashboard.data.queries.meetings import meetings
from dashboard.programme_choice import scoped
from dashboard.view_state import ViewState, parse


def comparison_of(session: Session, state: ViewState) -> tuple[dt.date | None, list[tuple[dt.date, str]]]:
    """The date ``state`` (scoped: ``programme_choice.scoped``) compares with (None: off) and its programme's
    stuurgroep meetings."""
    if not state.compare:
        return None, []
    held = meetings(session, state.programme)
    return compare_date(state.compare, state.date(), held), held


def compare_options(search: str | None):
    """'Niet vergelijken', the default, each meeting before the as-of date, 'Een maand eerder'."""
    try:
        with read_session() as session:
            state = scoped(session, parse(search))
            held = meetings(session, state.programme)
    except SQLAlchemyError:
        return no_update
    earlier = [(day, title) for day, title in held if day < state.date()]
    options = [{"label": NO_COMPARISON, "value": NO_COMPARISON_VALUE}]
    if earlier:
        options.append({"label": "Vorige stuurgroepvergadering", "value": PREVIOUS})
    options += [{"label": f"{formatting.date(day)}: {title}", "value": day.isoformat()}
                for day, title in reversed(earlier)]
    options.append({"label": "Een maand eerder", "value": MONTH})
    if not earlier:
        options.append({"label": "Standaard (een maand eerder)", "value": PREVIOUS})
    if state.compare and state.compare not in {option["value"] for option in options}:
        options.append({"label": formatting.date(formatting.parse_date(state.compare)), "value": state.compare})
    return options


def register() -> None:
    """Register the choice's options callback (the factory calls this once per app)."""
    guarded_callback(Output(ids.FILTER_COMPARE, "options"), Input(ids.URL, "search"), cached=True)(compare_options)
