"""Where the programme reached: metrics per province, involved gemeenten as points, growth and blank spots."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import case, distinct, func, select, union_all
from sqlalchemy.orm import Session, aliased

from dashboard.data.derived.gemeente_snapshots import NR_SPAN, trajectory_key
from dashboard.data.schema.lifecycle import STATUS_LABELS
from dashboard.data.schema.models import (
    POINT_STATUSES,
    STATUS_DATE_ATTRIBUTE,
    STILL_WAITING,
    WAITING,
    Evaluation,
    Gemeente,
    Organisation,
    Province,
    Request,
    Status,
    Trajectory,
    trajectory_gemeenten,
)
from dashboard.data.queries import gemeente_counts, levels
from dashboard.data.queries.filters import NO_FILTERS, Filters, request_condition, trajectories_within
from dashboard.data.queries.sql_functions import month_start
from dashboard.data.queries.summary import status_on

MARK_COLUMNS = (Evaluation.mark_results, Evaluation.mark_process, Evaluation.mark_quality,
                Evaluation.mark_presentation, Evaluation.mark_service)
PROVINCES = ("province_id", "trajectory_province_id")
"""How the Kaart reads the monthly levels: by the applying gemeente's province and the trajectory's."""
MEASURES = ("received", "started", "dagdelen_sum", "forms", "form_total",
            *(f"status_{status.value}" for status in WAITING))
"""The measures of the monthly levels the Kaart counts."""
MAX_WAITING = 50  # the longest-waiting requests listed; the rest are counted (``waiting_count``)


def _started(as_of: dt.date, filters: Filters):
    """Ids of trajectories started by ``as_of`` within ``filters``."""
    return trajectories_within(select(Trajectory.id).where(Trajectory.started_on <= as_of), filters)


METRIC_COLUMNS = ["code", "province", "gemeenten", "involved", "trajectories", "requests", "dagdelen",
                  "mean_mark", "forms"]


def province_metrics(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per province on ``as_of``: gemeenten, involved, share (%), trajectories, requests, dagdelen, mean mark.

    Trajectories, dagdelen and marks count in the trajectory's province, requests in the applying
    gemeente's, involved gemeenten in their own; from the monthly levels when they are current.
    """
    frame = _metrics_from_levels(session, as_of, filters)
    if frame is None:
        frame = _metrics_from_base_tables(session, as_of, filters)
    frame["share"] = _share(frame)
    frame["mean_mark"] = frame["mean_mark"].astype("float64")
    return frame


def _share(frame: pd.DataFrame) -> pd.Series:
    """The share of each province's gemeenten (``gemeenten``) that are ``involved``, in percent; none without any."""
    return (100 * frame["involved"] / frame["gemeenten"]).where(frame["gemeenten"] > 0)


def _provinces(session: Session) -> pd.DataFrame:
    """Every province: id, code, name and its number of gemeenten, in the order of the ids."""
    return pd.DataFrame(session.execute(select(Province.id, Province.code, Province.name, Province.gemeenten_2008)
                                        .order_by(Province.id)).all(),
                        columns=["pid", "code", "province", "gemeenten"])


def _metrics_from_levels(session: Session, as_of: dt.date, filters: Filters) -> pd.DataFrame | None:
    """``METRIC_COLUMNS`` per province from the monthly levels; None when they do not match the data."""
    counts = levels.as_of(session, as_of, filters, PROVINCES, MEASURES)
    if counts is None:
        return None
    by_trajectory = counts.groupby("trajectory_province_id")[["started", "dagdelen_sum", "forms", "form_total"]].sum()
    by_request = counts.groupby("province_id")[["received"]].sum()
    frame = _provinces(session)
    own = by_trajectory.reindex(frame["pid"]).fillna(0)
    frame["involved"] = frame["pid"].map(levels.involved_per_province(session, as_of, filters)).fillna(0)
    frame["trajectories"] = own["started"].to_numpy()
    frame["requests"] = by_request["received"].reindex(frame["pid"]).fillna(0).to_numpy()
    frame["dagdelen"] = own["dagdelen_sum"].to_numpy()
    frame["mean_mark"] = own["form_total"].div(own["forms"] * 5.0).where(own["forms"] > 0).to_numpy()
    frame["forms"] = own["forms"].to_numpy()
    whole = ["involved", "trajectories", "requests", "dagdelen", "forms"]
    frame[whole] = frame[whole].astype("int64")
    return frame[METRIC_COLUMNS]


def _metrics_from_base_tables(session: Session, as_of: dt.date, filters: Filters) -> pd.DataFrame:
    """``METRIC_COLUMNS`` per province counted from the base tables."""
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
    return pd.DataFrame(rows, columns=METRIC_COLUMNS)


def hide_small_marks(metrics: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Blank the mean mark of provinces with fewer than ``threshold`` forms (small-number protection)."""
    hidden = metrics.copy()
    hidden.loc[(hidden["forms"] > 0) & (hidden["forms"] < threshold), "mean_mark"] = float("nan")
    return hidden


def national_share(metrics: pd.DataFrame) -> float | None:
    """The share of all gemeenten involved, in percent (the report's 36%)."""
    total = metrics["gemeenten"].sum()
    return float(100 * metrics["involved"].sum() / total) if total else None


def _counts_from_base_tables(session: Session, as_of: dt.date, filters: Filters) -> pd.DataFrame:
    """``gemeente_counts.COLUMNS`` per gemeente, counted from the base tables in one pass of plain aggregates.

    The pass reads the requests in their own order and reaches each one's trajectories and gemeenten through
    their keys. Grouping on ``gemeente_id + 0`` keeps SQLite from walking the gemeente index of
    ``trajectory_gemeenten`` to save a sort instead: that reaches the trajectories and requests in random
    order, about ten times slower at 100,000 trajectories.
    """
    gemeente_id = (trajectory_gemeenten.c.gemeente_id + 0).label("gemeente_id")
    status = status_on(as_of)
    counts = session.execute(
        select(gemeente_id, func.count(),
               *(func.sum(case((status == point.value, 1), else_=0)) for point in POINT_STATUSES),
               func.sum(Trajectory.dagdelen), func.min(Trajectory.started_on),
               func.max(trajectory_key(Trajectory.started_on, Trajectory.nr)))
        .select_from(Request)
        .join(Trajectory, Trajectory.request_id == Request.id)
        .join(trajectory_gemeenten, trajectory_gemeenten.c.trajectory_id == Trajectory.id)
        .where(Trajectory.started_on <= as_of, request_condition(filters))
        .group_by(gemeente_id)).all()
    return pd.DataFrame(counts, columns=gemeente_counts.COLUMNS)


def gemeente_points(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Every gemeente involved by ``as_of``, once, at its main town: its trajectories counted and its latest one.

    Per gemeente: how many trajectories started (``trajectories``) and how many are in each status on
    ``as_of`` (``running``, ``work_finished``, ``completed``, ``withdrawn``), their dagdelen, the first
    start, and the facts of its latest trajectory (``nr``, its gemeenten, organisation, status, dates).
    The counts per gemeente come from the gemeente levels when they are current (else from the base tables),
    with the latest trajectory as the largest (start day, number) key; a second query reads the details of
    those latest trajectories.
    """
    status = status_on(as_of)
    per_gemeente = gemeente_counts.counts_as_of(session, as_of, filters)
    if per_gemeente is None:
        per_gemeente = _counts_from_base_tables(session, as_of, filters)
    per_gemeente["nr"] = (per_gemeente["key"].astype("int64") % NR_SPAN).astype("int64")
    partner = aliased(Gemeente)
    partners = (
        select(trajectory_gemeenten.c.trajectory_id.label("tid"),
               func.aggregate_strings(partner.name, ", ").label("names"))
        .join(partner, partner.id == trajectory_gemeenten.c.gemeente_id)
        .join(Trajectory, Trajectory.id == trajectory_gemeenten.c.trajectory_id)
        .where(Trajectory.nr.in_(per_gemeente["nr"].tolist()))
        .group_by(trajectory_gemeenten.c.trajectory_id).subquery()
    )
    details = pd.DataFrame(session.execute(
        select(Trajectory.nr, partners.c.names, Organisation.name, status, Trajectory.dagdelen, Request.received_on,
               Trajectory.started_on, Trajectory.work_finished_on, Trajectory.completed_on)
        .join(Request, Request.id == Trajectory.request_id)
        .join(Organisation, Organisation.id == Trajectory.organisation_id)
        .join(partners, partners.c.tid == Trajectory.id)
    ).all(), columns=["nr", "trajectory_gemeenten", "organisation", "status", "dagdelen", "received_on",
                      "started_on", "work_finished_on", "completed_on"])
    places = pd.DataFrame(session.execute(
        select(Gemeente.id, Gemeente.name, Province.name, Gemeente.latitude, Gemeente.longitude)
        .join(Province, Province.id == Gemeente.province_id)
        .where(Gemeente.id.in_(per_gemeente["gid"].tolist()))
    ).all(), columns=["gid", "gemeente", "province", "lat", "lon"])
    frame = (places.merge(per_gemeente, on="gid").merge(details, on="nr")
             .sort_values("gemeente", ignore_index=True))
    frame = frame[["gemeente", "province", "lat", "lon", "trajectories", *(point.value for point in POINT_STATUSES),
                   "total_dagdelen", "first_started_on", "nr", "trajectory_gemeenten", "organisation", "status",
                   "dagdelen", "received_on", "started_on", "work_finished_on", "completed_on"]]
    frame["status"] = [STATUS_LABELS[Status(value)] for value in frame["status"]]
    for column in ("work_finished_on", "completed_on"):
        frame[column] = [value if value is not None and value <= as_of else None for value in frame[column]]
    return frame


def coverage_by_month(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per month and province: the share of gemeenten involved by the end of that month (for the play control).

    A gemeente counts from the month its first trajectory started (from ``gemeente_levels``, or with two
    filters besides the province ``gemeente_involvement``, when the derived tables are current).
    """
    first_start = gemeente_counts.first_starts(session, as_of, filters)
    if first_start is None:
        first_start = levels.first_starts(session, as_of, filters)
    if first_start is None:
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
    if not rows:
        return pd.DataFrame(columns=["month", "code", "province", "involved", "share"])
    counts = pd.DataFrame(rows, columns=["pid", "month", "new"])
    months = pd.period_range(min(counts["month"]), as_of, freq="M").to_timestamp().date
    provinces = _provinces(session)
    involved = (counts.pivot_table(index="month", columns="pid", values="new", aggfunc="sum")
                .reindex(index=months, columns=provinces["pid"]).fillna(0).cumsum().astype("int64"))
    frame = provinces.merge(involved.rename_axis("month").melt(ignore_index=False, value_name="involved")
                            .reset_index(), on="pid")
    frame["share"] = _share(frame)
    return frame[["month", "code", "province", "involved", "share"]]


def _waiting(as_of: dt.date, filters: Filters):
    """The requests received by ``as_of`` that have not started yet (or been turned down), with their status.

    Such a request either never left the waiting statuses or left them after ``as_of``: both kinds are found
    through indexes, so only they are read (few, unless ``as_of`` lies long before the last data).
    """
    status = status_on(as_of)
    later = [getattr(Request, STATUS_DATE_ATTRIBUTE[s]) for s in Status if s not in WAITING]
    candidates = union_all(select(Request.id).where(STILL_WAITING),
                           *(select(Request.id).where(date > as_of) for date in later))
    return (select(Request.id, Request.gemeente_id, Request.received_on, status.label("status"))
            .where(Request.id.in_(candidates), Request.received_on <= as_of,
                   status.in_([s.value for s in WAITING]), request_condition(filters)))


def waiting_requests(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS,
                     limit: int | None = MAX_WAITING) -> pd.DataFrame:
    """The ``limit`` requests waiting longest on ``as_of`` to start, oldest first, with province, CMO and status.

    ``waiting_count`` tells how many there are in all; ``limit=None`` lists every one (for downloads).
    """
    waiting = _waiting(as_of, filters).subquery()
    cmo = aliased(Organisation)
    query = (
        select(Province.name, cmo.name, Gemeente.name, waiting.c.received_on, waiting.c.status)
        .select_from(waiting)
        .join(Gemeente, Gemeente.id == waiting.c.gemeente_id)
        .join(Province, Province.id == Gemeente.province_id)
        .outerjoin(cmo, cmo.province_id == Province.id)
        .order_by(waiting.c.received_on, Province.id, waiting.c.id)
    )
    if limit is not None:
        query = query.limit(limit)
    frame = pd.DataFrame(session.execute(query).all(), columns=["province", "cmo", "gemeente", "received_on", "status"])
    frame["status"] = [STATUS_LABELS[Status(value)] for value in frame["status"]]
    return frame


def waiting_count(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> int:
    """How many requests received by ``as_of`` had not started yet on that day."""
    counts = levels.as_of(session, as_of, filters, PROVINCES, MEASURES)
    if counts is not None:
        return int(sum(counts[f"status_{status.value}"].sum() for status in WAITING))
    return session.execute(select(func.count()).select_from(_waiting(as_of, filters).subquery())).scalar_one()
