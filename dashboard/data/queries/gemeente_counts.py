"""The map's counts per gemeente as of a date, from ``gemeente_levels`` (see ``data.derived.gemeente_snapshots``).

The level at the end of the last month the day ends (``levels.start``) plus what changed since: for the few
requests with an event since then (found through the indexes on the event dates), what they count on the
day minus what they counted the day before. The levels answer without filters, with the province filter,
and with one other filter (its facet's rows), with or without the province; with two filters besides the
province the callers count from the base tables.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import ColumnElement, Select, Subquery, and_, case, func, select, union_all
from sqlalchemy.orm import Session

from dashboard.data.derived.gemeente_snapshots import NO_FACET, trajectory_key
from dashboard.data.schema.models import (
    POINT_STATUSES,
    Organisation,
    Province,
    Request,
    Trajectory,
    gemeente_levels,
    trajectory_gemeenten,
)
from dashboard.data.queries.filters import Filters, request_condition
from dashboard.data.queries import levels
from dashboard.data.queries.summary import status_on
from dashboard.data.derived.snapshots import changed_between, current

COLUMNS = ["gid", "trajectories", *(status.value for status in POINT_STATUSES), "total_dagdelen",
           "first_started_on", "key"]
"""Per gemeente: trajectories started, how many in each point status, their dagdelen, the first start and
the latest trajectory's key (``gemeente_snapshots.trajectory_key``)."""


def _facet_values(filters: Filters) -> dict[str, ColumnElement | str | int] | None:
    """The facet of ``gemeente_levels`` that holds ``filters`` (``gemeente_snapshots.FACETS``), as the value of
    each of its columns; None when more than one filter besides the province is set."""
    if sum(bool(value) for value in (filters.organisation, filters.theme, filters.applicant_type)) > 1:
        return None
    values: dict[str, ColumnElement | str | int] = dict(NO_FACET)
    if filters.organisation:
        values["organisation_id"] = (select(Organisation.id).where(Organisation.name == filters.organisation)
                                     .scalar_subquery())
    if filters.theme:
        values["theme"] = filters.theme
    if filters.applicant_type:
        values["applicant_type"] = filters.applicant_type
    return values


def _rows(month: int, filters: Filters) -> ColumnElement[bool]:
    """Keep the rows of ``gemeente_levels`` of ``month`` within ``filters`` (one facet: ``_start``)."""
    g = gemeente_levels.c
    conditions = [levels.at_month(gemeente_levels, month, filters),
                  *(g[name] == value for name, value in _facet_values(filters).items())]
    if filters.province:
        conditions.append(g.province_id == select(Province.id).where(Province.name == filters.province)
                          .scalar_subquery())
    return and_(*conditions)


def _level(month: int, filters: Filters) -> Select:
    """The rows of ``gemeente_levels`` at the end of ``month`` within ``filters``."""
    g = gemeente_levels.c
    return (select(g.gemeente_id.label("gid"), g.trajectories, *(g[status.value] for status in POINT_STATUSES),
                   g.dagdelen.label("total_dagdelen"), g.first_started_on, g.latest_key.label("key"))
            .where(_rows(month, filters)))


def _changes(start: dt.date, day: dt.date, filters: Filters) -> Select:
    """Per gemeente: what the requests with an event from ``start`` to ``day`` count on ``day`` minus the day
    before ``start``; the first start and latest key among the trajectories started in that stretch."""
    before = start - dt.timedelta(days=1)

    def counted(on: dt.date, status=None) -> ColumnElement[int]:
        started = Trajectory.started_on <= on
        return case((started if status is None else and_(started, status_on(on) == status.value), 1), else_=0)

    started = counted(day) - counted(before)
    within = Trajectory.started_on.between(start, day)
    return (
        select(trajectory_gemeenten.c.gemeente_id.label("gid"), func.sum(started).label("trajectories"),
               *(func.sum(counted(day, status) - counted(before, status)).label(status.value)
                 for status in POINT_STATUSES),
               func.sum(started * Trajectory.dagdelen).label("total_dagdelen"),
               func.min(case((within, Trajectory.started_on))).label("first_started_on"),
               func.max(case((within, trajectory_key(Trajectory.started_on, Trajectory.nr)))).label("key"))
        .select_from(Request)
        .join(Trajectory, Trajectory.request_id == Request.id)
        .join(trajectory_gemeenten, trajectory_gemeenten.c.trajectory_id == Trajectory.id)
        .where(Request.id.in_(changed_between(start, day)), request_condition(filters))
        .group_by(trajectory_gemeenten.c.gemeente_id)
    )


def _start(session: Session, day: dt.date, filters: Filters) -> tuple[int | None, dt.date] | None:
    """The month whose level ``day`` builds on (None: no level yet) and the first day of the changes to add
    (``levels.start``); None when the levels cannot answer (stale, or two filters besides the province set)."""
    if _facet_values(filters) is None:
        return None
    coverage = current(session)
    return None if coverage is None else levels.start(coverage, day)


def counts_as_of(session: Session, day: dt.date, filters: Filters) -> pd.DataFrame | None:
    """Per gemeente involved by ``day`` within ``filters``, the ``COLUMNS``; None when the levels do not match
    the data or two filters besides the province are set (the caller then counts from the base tables)."""
    found = _start(session, day, filters)
    if found is None:
        return None
    month, since = found
    parts = [_changes(since, day, filters)]  # none after ``day``: on a month's last day its level is the answer
    if month is not None:
        parts.insert(0, _level(month, filters))
    every = union_all(*parts).subquery()
    rows = session.execute(
        select(every.c.gid, *(func.sum(every.c[name]) for name in COLUMNS[1:-2]),
               func.min(every.c.first_started_on), func.max(every.c.key))
        .group_by(every.c.gid).having(func.sum(every.c.trajectories) > 0)
    ).all()
    return pd.DataFrame(rows, columns=COLUMNS)


def first_starts(session: Session, day: dt.date, filters: Filters) -> Subquery | None:
    """Per gemeente involved by ``day`` within ``filters`` (``gid``): its first start (``first``); None as for
    ``counts_as_of``. The month's level, and the trajectories started since the first of the month."""
    found = _start(session, day, filters)
    if found is None:
        return None
    month, since = found
    parts = [select(trajectory_gemeenten.c.gemeente_id.label("gid"), Trajectory.started_on.label("first"))
             .join(Trajectory, Trajectory.id == trajectory_gemeenten.c.trajectory_id)
             .join(Request, Request.id == Trajectory.request_id)
             .where(Trajectory.started_on.between(since, day), request_condition(filters))]
    if month is not None:
        g = gemeente_levels.c
        parts.insert(0, select(g.gemeente_id.label("gid"), g.first_started_on.label("first"))
                     .where(_rows(month, filters)))
    every = union_all(*parts).subquery()
    return select(every.c.gid, func.min(every.c.first).label("first")).group_by(every.c.gid).subquery()
