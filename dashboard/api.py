"""JSON API for scripts and monitoring: ``/api/v1/summary`` and ``/api/v1/timeline``, the numbers of the pages."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, jsonify, request
from sqlalchemy.exc import SQLAlchemyError

from dashboard.data.db import read_session
from dashboard.data.queries import summary, timeline
from dashboard.data.queries.filters import Filters
from dashboard.data.queries.stats import key_figures

api = Blueprint("api_v1", __name__, url_prefix="/api/v1")


class BadRequest(ValueError):
    """A request parameter that cannot be used; the message is Dutch."""


def _as_of() -> dt.date:
    """The ``as_of`` parameter (YYYY-MM-DD), today when absent."""
    text = request.args.get("as_of")
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"as_of '{text}' is geen geldige datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2007-11-30")


def _filters() -> Filters:
    """The optional filters ``province``, ``organisation``, ``theme`` and ``applicant_type``."""
    args = request.args
    return Filters(args.get("province") or None, args.get("organisation") or None, args.get("theme") or None,
                   args.get("applicant_type") or None)


@api.errorhandler(BadRequest)
def _bad_request(error: BadRequest):
    """Answer a bad parameter with 400 and a Dutch message."""
    return jsonify(error=str(error)), 400


@api.errorhandler(SQLAlchemyError)
def _database_unavailable(_error: SQLAlchemyError):
    """Answer a database outage with 503 and a Dutch message, never a traceback."""
    return jsonify(error="De database is op dit moment niet bereikbaar."), 503


@api.get("/summary")
def summary_route():
    """The key figures as of a date, in the shape of ``python -m dashboard stats``."""
    as_of, filters = _as_of(), _filters()
    with read_session() as session:
        return jsonify(key_figures(session, as_of, filters))


@api.get("/timeline")
def timeline_route():
    """Requests and trajectories per month or week up to a date (``freq=month|week``)."""
    as_of, filters = _as_of(), _filters()
    freq = request.args.get("freq", "month")
    if freq not in ("month", "week"):
        raise BadRequest(f"freq '{freq}' is onbekend; gebruik month of week")
    with read_session() as session:
        programme = summary.programme_info(session)
        frame = timeline.timeline(session, as_of, filters, freq, since=programme.starts_on)
    periods = [
        {key: (value.isoformat() if isinstance(value, dt.date) else value) for key, value in row.items()}
        for row in frame.astype({c: "int64" for c in frame.columns if c not in ("period_start", "label")})
        .to_dict("records")
    ]
    return jsonify(as_of=as_of.isoformat(), freq=freq, target=programme.target_requests, periods=periods)
