"""The 'Stand per' of a page without ``stand=``: today while the programme runs, the end of its record once it is
over (``queries.programme_period``); read from the database at most once per web request."""

from __future__ import annotations

import datetime as dt

from flask import g, has_app_context
from sqlalchemy.exc import SQLAlchemyError

from dashboard.data.db import read_session
from dashboard.data.queries.programme_period import default_as_of

_KEY = "dashboard_default_as_of"


def default_day(today: dt.date) -> dt.date | None:
    """The default as-of date of the running app, or None (today; also outside an app or when the database is
    unreachable, so that the page can report the outage itself)."""
    if not has_app_context():
        return None
    if _KEY not in g:
        try:
            with read_session() as session:
                setattr(g, _KEY, default_as_of(session, today))
        except SQLAlchemyError:
            return None
    return g.get(_KEY)
