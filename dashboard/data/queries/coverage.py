"""Where the programme reached: metrics per province, involved gemeenten as points, growth and blank spots."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session, aliased

from dashboard.data.lifecycle import STATUS_LABELS
from dashboard.data.models import (
    Evaluation,
    Gemeente,
    Organisation,
    Province,
    Request,
    Status,
    Trajectory,
    trajectory_gemeenten,
)
from dashboard.data.queries.filters import NO_FILTERS, Filters, request_condition
from dashboard.data.queries.sql_functions import month_start
from dashboard.data.queries.summary import status_as_of

MARK_COLUMNS = (Evaluation.mark_results, Evaluation.mark_process, Evaluation.mark_quality,
                Evaluation.mark_presentation, Evaluation.mark_service)
WAITING = (Status.RECEIVED, Status.INTAKE, Status.WAITLIST)


def _started(as_of: dt.date, filters: Filters):
    """Ids of trajectories started by ``as_of`` within ``filters``."""
    return (select(Trajectory.id).join(Request, Request.id == Trajectory.request_id)
            .where(Trajectory.started_on <= as_of, request_condition(filters)))


def province_metrics(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per province on ``as_of``: gemeenten, involved, share (%), trajectories, requests, dagdelen, mean mark."""
    started = _started(as_of, filters).subquery()
    involved = (
        select(Gemeente.province_id.label("pid"), func.count(distinct(Gemeente.id)).label("n"))
        .join(trajectory_gemeenten, trajectory_gemeenten.c.gemeente_id == Gemeente.id)
        .where(trajectory_gemeenten.c.trajectory_id.in_(select(started.c.id)))
        .group_by(Gemeente.province_id).subquery()
    )
    trajectories = (
        select(Trajectory.province_id.label("pid"), func.count().label("n"), func.sum(Trajectory.dagdelen).label("d"))
        .where(Trajectory.id.in_(select(started.c.id)))
        .group_by(Trajectory.province_id).subquery()
    )
    requests = (
        select(Gemeente.province_id.label("pid"), func.count(Request.id).label("n"))
        .join(Request, Request.gemeente_id == Gemeente.id)
        .where(Request.received_on <= as_of, request_condition(filters))
        .group_by(Gemeente.province_id).subquery()
    )
    marks = (
        select(Trajectory.province_id.label("pid"),
               (sum(func.sum(column) for column in MARK_COLUMNS) / (func.count(Evaluation.id) * 5.0)).label("mark"),
               func.count(Evaluation.id).label("forms"))
        .join(Evaluation, Evaluation.trajectory_id == Trajectory.id)
        .join(Request, Request.id == Trajectory.request_id)
        .where(Evaluation.received_on <= as_of, request_condition(filters))
        .group_by(Trajectory.province_id).subquery()
    )
    rows = session.execute(
        select(Province.code, Province.name, Province.gemeenten_2008, func.coalesce(involved.c.n, 0),
               func.coalesce(trajectories.c.n, 0), func.coalesce(requests.c.n, 0),
               func.coalesce(trajectories.c.d, 0), marks.c.mark, func.coalesce(marks.c.forms, 0))
        .outerjoin(involved, involved.c.pid == Province.id)
        .outerjoin(trajectories, trajectories.c.pid == Province.id)
        .outerjoin(requests, requests.c.pid == Province.id)
        .outerjoin(marks, marks.c.pid == Province.id)
        .order_by(Province.id)
    ).all()
    frame = pd.DataFrame(rows, columns=["code", "province", "gemeenten", "involved", "trajectories", "requests",
                                        "dagdelen", "mean_mark", "forms"])
    frame["share"] = (100 * frame["involved"] / frame["gemeenten"]).where(frame["gemeenten"] > 0)
    frame["mean_mark"] = frame["mean_mark"].astype("float64")
    return frame


def hide_small_marks(metrics: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Blank the mean mark of provinces with fewer than ``threshold`` forms (small-number protection)."""
    hidden = metrics.copy()
    hidden.loc[(hidden["forms"] > 0) & (hidden["forms"] < threshold), "mean_mark"] = float("nan")
    return hidden


def national_share(metrics: pd.DataFrame) -> float | None:
    """The share of all gemeenten involved, in percent (the report's 36%)."""
    total = metrics["gemeenten"].sum()
    return float(100 * metrics["involved"].sum() / total) if total else None


def gemeente_points(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Every gemeente of a trajectory started by ``as_of``, at its main town, with its trajectory's facts."""
    latest = status_as_of(as_of).subquery()
    partner = aliased(Gemeente)
    partners = (
        select(trajectory_gemeenten.c.trajectory_id.label("tid"),
               func.aggregate_strings(partner.name, ", ").label("names"))
        .join(partner, partner.id == trajectory_gemeenten.c.gemeente_id)
        .group_by(trajectory_gemeenten.c.trajectory_id).subquery()
    )
    rows = session.execute(
        select(Gemeente.name, Province.name, Gemeente.latitude, Gemeente.longitude, Trajectory.nr,
               partners.c.names, Organisation.name, latest.c.status, Trajectory.dagdelen, Request.received_on,
               Trajectory.started_on, Trajectory.work_finished_on, Trajectory.completed_on)
        .select_from(Trajectory)
        .join(Request, Request.id == Trajectory.request_id)
        .join(latest, latest.c.request_id == Request.id)
        .join(trajectory_gemeenten, trajectory_gemeenten.c.trajectory_id == Trajectory.id)
        .join(Gemeente, Gemeente.id == trajectory_gemeenten.c.gemeente_id)
        .join(Province, Province.id == Gemeente.province_id)
        .join(Organisation, Organisation.id == Trajectory.organisation_id)
        .join(partners, partners.c.tid == Trajectory.id)
        .where(Trajectory.started_on <= as_of, request_condition(filters))
        .order_by(Trajectory.nr, Gemeente.name)
    ).all()
    frame = pd.DataFrame(rows, columns=["gemeente", "province", "lat", "lon", "nr", "trajectory_gemeenten",
                                        "organisation", "status", "dagdelen", "received_on", "started_on",
                                        "work_finished_on", "completed_on"])
    frame["status"] = [STATUS_LABELS[Status(value)] for value in frame["status"]]
    for column in ("work_finished_on", "completed_on"):
        frame[column] = [value if value is not None and value <= as_of else None for value in frame[column]]
    return frame


def coverage_by_month(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per month and province: the share of gemeenten involved by the end of that month (for the play control).

    A gemeente counts from the month its first trajectory started.
    """
    first_start = (
        select(trajectory_gemeenten.c.gemeente_id.label("gid"), func.min(Trajectory.started_on).label("first"))
        .join(Trajectory, Trajectory.id == trajectory_gemeenten.c.trajectory_id)
        .join(Request, Request.id == Trajectory.request_id)
        .where(Trajectory.started_on <= as_of, request_condition(filters))
        .group_by(trajectory_gemeenten.c.gemeente_id).subquery()
    )
    month = month_start(first_start.c.first)
    rows = session.execute(
        select(Gemeente.province_id, month, func.count())
        .join(first_start, first_start.c.gid == Gemeente.id)
        .group_by(Gemeente.province_id, month)
    ).all()
    provinces = session.execute(select(Province.id, Province.code, Province.name, Province.gemeenten_2008)
                                .order_by(Province.id)).all()
    if not rows:
        return pd.DataFrame(columns=["month", "code", "province", "involved", "share"])
    counts = pd.DataFrame(rows, columns=["pid", "month", "new"])
    months = pd.period_range(min(counts["month"]), as_of, freq="M").to_timestamp().date
    records = []
    for pid, code, name, total in provinces:
        new = counts[counts.pid == pid].set_index("month")["new"]
        running = 0
        for start in months:
            running += int(new.get(start, 0))
            records.append((start, code, name, running, 100 * running / total if total else None))
    return pd.DataFrame(records, columns=["month", "code", "province", "involved", "share"])


def waiting_requests(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Requests received by ``as_of`` that have not started yet, with their province, region's CMO and status."""
    latest = status_as_of(as_of).subquery()
    cmo = aliased(Organisation)
    rows = session.execute(
        select(Province.name, cmo.name, Gemeente.name, Request.received_on, latest.c.status)
        .select_from(Request)
        .join(latest, latest.c.request_id == Request.id)
        .join(Gemeente, Gemeente.id == Request.gemeente_id)
        .join(Province, Province.id == Gemeente.province_id)
        .outerjoin(cmo, cmo.province_id == Province.id)
        .where(latest.c.status.in_([s.value for s in WAITING]), request_condition(filters))
        .order_by(Province.id, Request.received_on)
    ).all()
    frame = pd.DataFrame(rows, columns=["province", "cmo", "gemeente", "received_on", "status"])
    frame["status"] = [STATUS_LABELS[Status(value)] for value in frame["status"]]
    return frame
