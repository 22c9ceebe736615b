"""Which programme a web request shows, and its own period for the running web request (``queries.programme_period``), read from the
database at most once per request and programme: the 'Stand per' of a page without ``stand=`` (today while the
programme runs, the end of its record once it is over) and the last day its time axes show."""

from __future__ import annotations

import datetime as dt

from flask import current_app, g, has_app_context
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard.auth.programme_access import allowed_programmes
from dashboard.data.schema.db import read_session
from dashboard.data.queries import programmes
from dashboard.data.queries.filters import Filters
from dashboard.data.queries.programme_period import Period, period

_KEY = "dashboard_programme_period"


def default_programme() -> str | None:
    """The configured default programme's slug (``DASHBOARD_DEFAULT_PROGRAMME``; None: the first)."""
    return current_app.config["DASHBOARD_SETTINGS"].default_programme if has_app_context() else None


def shown_slug(session: Session, programme: str | None) -> str | None:
    """The programme shown for the URL's ``programme`` (a slug or None): that one when the database holds it and
    the signed-in user may see it, else the default (of the user's programmes); as a slug when the database holds
    several programmes, None when it holds one (or none). A user limited to programmes sees only theirs, whatever
    the URL says: this is where every page callback, download and link gets its programme."""
    default, allowed = default_programme(), allowed_programmes()
    try:
        return programmes.scope(session, Filters(programme=programme), default, allowed).programme
    except programmes.UnknownProgramme:
        if not programmes.visible(session, allowed):  # no programme yet (``auth.web.guard`` refuses a user
            return None                                # none of whose programmes the database holds)
        return programmes.scope(session, Filters(), default, allowed).programme


def shown_programme(programme: str | None) -> str | None:
    """``shown_slug`` in a read session of its own (for a page or callback that queries nothing else)."""
    with read_session() as session:
        return shown_slug(session, programme)


def _period(programme: str | None) -> Period | None:
    """The period of the programme shown for the URL's ``programme`` (``programme_choice.scoped``), once per
    request; None outside an app, without a programme, or when the database is unreachable (then the page reports
    the outage itself, and the next call tries again)."""
    if not has_app_context():
        return None
    known = g.setdefault(_KEY, {})
    if programme not in known:
        try:
            with read_session() as session:
                known[programme] = period(session, shown_slug(session, programme))
        except SQLAlchemyError:
            return None
    return known[programme]


def default_day(today: dt.date, programme: str | None = None) -> dt.date | None:
    """The default as-of date: the end of the record of a programme that is over, else None (today)."""
    found = _period(programme)
    return found.record_ends_on if found is not None and found.is_over(today) else None


def axis_end(as_of: dt.date, programme: str | None = None) -> dt.date:
    """The last day the time axes show for the chosen date (the chosen date while the programme runs)."""
    found = _period(programme)
    return as_of if found is None else found.axis_end(as_of)
