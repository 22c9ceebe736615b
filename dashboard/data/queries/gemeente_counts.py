"""The map's counts per gemeente as of a date, from ``gemeente_levels`` (see ``data.gemeente_snapshots``).

The level at the end of the previous month plus what changed since the first of the month: for the few
requests with an event since then (found through the indexes on the event dates), what they count on the
day minus what they counted the day before the month began.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import ColumnElement, and_, case, func, select, true
from sqlalchemy.orm import Session

from dashboard.data.gemeente_snapshots import trajectory_key
from dashboard.data.models import (
    POINT_STATUSES,
    Gemeente,
    Province,
    Request,
    Trajectory,
    gemeente_levels,
    trajectory_gemeenten,
)
from dashboard.data.queries.filters import Filters
from dashboard.data.queries.levels import changed_between, first_day, month_number
from dashboard.data.queries.summary import status_on
from dashboard.data.snapshots import current

COLUMNS = ["gid", "trajectories", *(status.value for status in POINT_STATUSES), "total_dagdelen",
           "first_started_on", "key"]
"""Per gemeente: trajectories started, how many in each point status, their dagdelen, the first start and
the latest trajectory's key (``gemeente_snapshots.trajectory_key``)."""


def _province(column: ColumnElement[int], filters: Filters) -> ColumnElement[bool]:
    """Keep the rows whose province filter value in ``column`` matches ``filters``."""
    if not filters.province:
        return true()
    return column == select(Province.id).where(Province.name == filters.province).scalar_subquery()


def _level(session: Session, month: int, filters: Filters) -> list:
    """The rows of ``gemeente_levels`` at the end of ``month`` within ``filters``."""
    g = gemeente_levels.c
    return session.execute(
        select(g.gemeente_id, g.trajectories, *(g[status.value] for status in POINT_STATUSES), g.dagdelen,
               g.first_started_on, g.latest_key)
        .where(g.month == month, _province(g.province_id, filters))
    ).all()


def _changes(session: Session, start: dt.date, day: dt.date, filters: Filters) -> list:
    """Per gemeente: what the requests with an event from ``start`` to ``day`` count on ``day`` minus the day
    before ``start``; the first start and latest key among the trajectories started in that stretch."""
    before = start - dt.timedelta(days=1)

    def counted(on: dt.date, status=None) -> ColumnElement[int]:
        started = Trajectory.started_on <= on
        return case((started if status is None else and_(started, status_on(on) == status.value), 1), else_=0)

    started = counted(day) - counted(before)
    within = Trajectory.started_on.between(start, day)
    return session.execute(
        select(trajectory_gemeenten.c.gemeente_id, func.sum(started),
               *(func.sum(counted(day, status) - counted(before, status)) for status in POINT_STATUSES),
               func.sum(started * Trajectory.dagdelen), func.min(case((within, Trajectory.started_on))),
               func.max(case((within, trajectory_key(Trajectory.started_on, Trajectory.nr)))))
        .select_from(Request)
        .join(Gemeente, Gemeente.id == Request.gemeente_id)
        .join(Trajectory, Trajectory.request_id == Request.id)
        .join(trajectory_gemeenten, trajectory_gemeenten.c.trajectory_id == Trajectory.id)
        .where(Request.id.in_(changed_between(start, day)), _province(Gemeente.province_id, filters))
        .group_by(trajectory_gemeenten.c.gemeente_id)
    ).all()


def counts_as_of(session: Session, day: dt.date, filters: Filters) -> pd.DataFrame | None:
    """Per gemeente involved by ``day`` within ``filters``, the ``COLUMNS``; None when the levels do not match
    the data or a filter other than the province is set (the caller then counts from the base tables)."""
    if filters.organisation or filters.theme or filters.applicant_type:
        return None
    coverage = current(session)
    if coverage is None:
        return None
    month = month_number(day) - 1
    if coverage.last_month is not None:
        month = min(month, coverage.last_month)
    rows = _changes(session, first_day(month + 1), day, filters)
    if coverage.first_month is not None and month >= coverage.first_month:
        rows = [*_level(session, month, filters), *rows]
    every = pd.DataFrame(rows, columns=COLUMNS)
    if every.empty:
        return every
    groups = every.groupby("gid")
    totals = groups[COLUMNS[1:-2]].sum().astype("int64")
    totals["first_started_on"] = groups["first_started_on"].min()
    totals["key"] = groups["key"].max()
    involved = totals[totals["trajectories"] > 0].reset_index()
    involved["key"] = involved["key"].astype("int64")
    return involved
