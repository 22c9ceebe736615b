"""JSON API for scripts and monitoring: ``/api/v1/summary`` and ``/api/v1/timeline``, the numbers of the pages.

``programme=SLUG`` chooses the programme of ``summary``, ``timeline``, ``evaluations`` and ``organisations``
(default: ``DASHBOARD_DEFAULT_PROGRAMME``, else the first), and each answer names it; a user limited to some
programmes gets only theirs (``programme=`` of another is refused with 403); ``organisations`` reports that
programme's trajectories and signals beside the organisations' capacity and allocated work, which every
programme shares.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from flask import Blueprint, jsonify, request
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard.auth.callbacks import small_number_threshold
from dashboard.auth.programme_access import allowed_programmes
from dashboard.auth.web import app_settings
from dashboard.data.schema.db import read_session
from dashboard.data.queries import programmes, summary, timeline
from dashboard.data.queries.evaluations import evaluation_figures
from dashboard.data.queries.filters import Filters
from dashboard.data.queries.portfolio import programme_figures
from dashboard.data.queries.stats import key_figures
from dashboard.data.queries.capacity import HORIZON_WEEKS
from dashboard.data.queries.signals import OVERDUE_WEEKS, organisations_report

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
    """The optional filters ``programme``, ``province``, ``organisation``, ``theme`` and ``applicant_type``."""
    args = request.args
    return Filters(args.get("province") or None, args.get("organisation") or None, args.get("theme") or None,
                   args.get("applicant_type") or None, args.get("programme") or None)


class Forbidden(PermissionError):
    """A programme the signed-in user may not see; the message is Dutch."""


def _programme(session: Session) -> programmes.ProgrammeRef:
    """The programme asked for (``programme=SLUG``), else the default, of the user's programmes; an unknown one is
    a bad request, one the user may not see is forbidden."""
    try:
        return programmes.chosen(session, request.args.get("programme") or None, app_settings().default_programme,
                                 allowed_programmes())
    except programmes.ProgrammeNotAllowed as refused:
        raise Forbidden(str(refused))
    except programmes.UnknownProgramme as unknown:
        raise BadRequest(str(unknown))


def _scoped(session: Session) -> tuple[programmes.ProgrammeRef, Filters]:
    """The programme asked for and the filters narrowed to it."""
    programme = _programme(session)
    return programme, programmes.scope(session, replace(_filters(), programme=programme.slug),
                                       allowed=allowed_programmes())


@api.errorhandler(BadRequest)
def _bad_request(error: BadRequest):
    """Answer a bad parameter with 400 and a Dutch message."""
    return jsonify(error=str(error)), 400


@api.errorhandler(Forbidden)
def _forbidden(error: Forbidden):
    """Answer a programme the user may not see with 403 and a Dutch message."""
    return jsonify(error=str(error)), 403


@api.errorhandler(SQLAlchemyError)
def _database_unavailable(_error: SQLAlchemyError):
    """Answer a database outage with 503 and a Dutch message, never a traceback."""
    return jsonify(error="De database is op dit moment niet bereikbaar."), 503


@api.get("/summary")
def summary_route():
    """The key figures as of a date, in the shape of ``python -m dashboard stats``."""
    as_of = _as_of()
    with read_session() as session:
        programme, filters = _scoped(session)
        figures = {"programme": programme.slug, **key_figures(session, as_of, filters)}
    evaluations = figures["evaluations"]
    threshold = small_number_threshold()
    evaluations["suppressed"] = 0 < evaluations["forms"] < threshold
    if evaluations["suppressed"]:
        evaluations["mean"] = None
        evaluations["aspects"] = {aspect: None for aspect in evaluations["aspects"]}
    return jsonify(figures)


@api.get("/timeline")
def timeline_route():
    """Requests and trajectories per month or week up to a date (``freq=month|week``)."""
    as_of = _as_of()
    freq = request.args.get("freq", "month")
    if freq not in ("month", "week"):
        raise BadRequest(f"freq '{freq}' is onbekend; gebruik month of week")
    with read_session() as session:
        chosen, filters = _scoped(session)
        programme = summary.programme_info(session, chosen.slug)
        frame = timeline.timeline(session, as_of, filters, freq, since=programme.starts_on)
    periods = [
        {key: (value.isoformat() if isinstance(value, dt.date) else value) for key, value in row.items()}
        for row in frame.astype({c: "int64" for c in frame.columns if c not in ("period_start", "label")})
        .to_dict("records")
    ]
    return jsonify(programme=chosen.slug, as_of=as_of.isoformat(), freq=freq, target=programme.target_requests,
                   periods=periods)


@api.get("/programmes")
def programmes_route():
    """Every programme the user may see with its settings and its figures on a date: requests against target,
    trajectories, dagdelen against budget, time elapsed against progress, and whether it lags its pace."""
    as_of = _as_of()
    with read_session() as session:
        figures = programme_figures(session, as_of, allowed_programmes())
    return jsonify(as_of=as_of.isoformat(), programmes=[figure.as_dict() for figure in figures])


@api.get("/evaluations")
def evaluations_route():
    """Evaluation forms against completed trajectories and the mean mark per aspect with its 95% interval."""
    as_of = _as_of()
    threshold = small_number_threshold()
    with read_session() as session:
        programme, filters = _scoped(session)
        return jsonify({"programme": programme.slug, **evaluation_figures(session, as_of, filters, threshold)})


def _weeks(name: str, default: int) -> int:
    """An optional whole number of weeks (1-104) from the query string."""
    text = request.args.get(name)
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text) <= 104:
        raise BadRequest(f"{name} '{text}' is geen geldig aantal weken; gebruik een geheel getal van 1 tot 104")
    return int(text)


@api.get("/organisations")
def organisations_route():
    """Per organisation its advisors, trajectories, allocated dagdelen, capacity, utilisation, gap and signals."""
    as_of = _as_of()
    horizon, overdue = _weeks("horizon_weeks", HORIZON_WEEKS), _weeks("overdue_weeks", OVERDUE_WEEKS)
    with read_session() as session:
        programme, filters = _scoped(session)
        report = organisations_report(session, as_of, horizon, overdue, filters.programme, allowed_programmes())
    return jsonify({"programme": programme.slug, **report})
