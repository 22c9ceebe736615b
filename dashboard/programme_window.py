"""The programme's own period for the running web request (``queries.programme_period``), read from the
database at most once per request: the 'Stand per' of a page without ``stand=`` (today while the programme
runs, the end of its record once it is over) and the last day its time axes show."""

from __future__ import annotations

import datetime as dt

from flask import g, has_app_context
from sqlalchemy.exc import SQLAlchemyError

from dashboard.data.schema.db import read_session
from dashboard.data.queries.programme_period import Period, period

_KEY = "dashboard_programme_period"


def _period() -> Period | None:
    """The programme's period, once per request; None outside an app, without a programme, or when the database
    is unreachable (then the page reports the outage itself, and the next call tries again)."""
    if not has_app_context():
        return None
    if _KEY not in g:
        try:
            with read_session() as session:
                setattr(g, _KEY, period(session))
        except SQLAlchemyError:
            return None
    return g.get(_KEY)


def default_day(today: dt.date) -> dt.date | None:
    """The default as-of date: the end of the record of a programme that is over, else None (today)."""
    found = _period()
    return found.record_ends_on if found is not None and found.is_over(today) else None


def axis_end(as_of: dt.date) -> dt.date:
    """The last day the time axes show for the chosen date (the chosen date while the programme runs)."""
    found = _period()
    return as_of if found is None else found.axis_end(as_of)
