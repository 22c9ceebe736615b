"""Counts as of a date from the monthly levels: the previous month's level plus the events since.

``as_of`` returns, per group of the dimensions asked for, every measure of ``models.LEVEL_MEASURES`` and the
dagdelen range on a date within the filters, reading one month of ``monthly_levels`` and the few requests
that changed since the first of the month (on a month's last day: that month's level alone); ``month_ends``
reads the levels of a run of months (without filters from ``monthly_totals``); ``gemeenten_involved`` counts
distinct gemeenten from ``gemeente_involvement``. Each gives ``None`` when the levels do not match the data
(the callers then count from the base tables). See ``data.derived.snapshots``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools

import numpy as np
import pandas as pd
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    FromClause,
    Integer,
    Select,
    Subquery,
    and_,
    bindparam,
    case,
    cast,
    distinct,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session

from dashboard.data.schema.models import (
    LEVEL_MEASURES,
    THEME_BITS,
    Gemeente,
    Organisation,
    Province,
    Request,
    Trajectory,
    gemeente_involvement,
    monthly_levels,
    monthly_totals,
)
from dashboard.data.queries.filters import NO_FILTERS, Filters, in_programme, programme_id
from dashboard.data.queries.sql_functions import least
from dashboard.data.derived.running_totals import first_day, month_number
from dashboard.data.derived.snapshots import Coverage, changed_between, current, events, request_rows

GROUPS = ("theme_mask", "applicant_type")
"""What ``as_of`` keeps apart unless told otherwise, for the breakdowns by theme and applicant."""


def dimension_condition(rows: FromClause, filters: Filters) -> ColumnElement[bool]:
    """Keep the rows of ``rows`` (with the columns of ``LEVEL_DIMENSIONS``) that match ``filters``."""
    conditions = []
    if filters.programme:
        conditions.append(in_programme(rows.c.programme_id, filters))
    if filters.province:
        conditions.append(rows.c.province_id == select(Province.id).where(Province.name == filters.province)
                          .scalar_subquery())
    if filters.organisation:
        conditions.append(rows.c.organisation_id == select(Organisation.id)
                          .where(Organisation.name == filters.organisation).scalar_subquery())
    if filters.theme:
        conditions.append(rows.c.theme_mask.op("&")(THEME_BITS.get(filters.theme, 0)) != 0)
    if filters.applicant_type:
        conditions.append(rows.c.applicant_type == filters.applicant_type)
    return and_(true(), *conditions)


RANGES = ["dagdelen_min", "dagdelen_max"]


def at_month(table: FromClause, month: int, filters: Filters) -> ColumnElement[bool]:
    """Keep the rows of ``table`` (a table of levels, with ``month`` and ``programme_id``) that hold each
    programme's level at the end of ``month``, of ``filters``' programme (none set: of every programme).

    A programme's levels end in the last month of its events (``running_totals.PROGRAMME_ENDS``), the last
    month ``monthly_totals`` holds for it; for a later month, that last month's level is the answer.
    """
    t = monthly_totals.c
    last = func.max(t.month)
    if filters.programme:
        return and_(table.c.month == select(least(literal(month, Integer), last))
                    .where(in_programme(t.programme_id, filters)).scalar_subquery(),
                    in_programme(table.c.programme_id, filters))
    ends = select(t.programme_id, least(literal(month, Integer), last)).group_by(t.programme_id)
    return tuple_(table.c.programme_id, table.c.month).in_(ends)


def _frame(rows, by: tuple[str, ...], measures: tuple[str, ...]) -> pd.DataFrame:
    """Rows of ``by``, ``measures`` and ``RANGES`` as a frame, the values as floats (a missing range: NaN).

    The values go into one float array at once: setting the columns one by one took longer than the query.
    """
    values = [*measures, *RANGES]
    groups = pd.DataFrame([row[:len(by)] for row in rows], columns=list(by))
    numbers = np.array([row[len(by):] for row in rows], dtype="float64").reshape(len(rows), len(values))
    return pd.concat([groups, pd.DataFrame(numbers, columns=values)], axis=1)


def _level(session: Session, month: int, filters: Filters, by: tuple[str, ...],
           measures: tuple[str, ...]) -> pd.DataFrame:
    """The levels of ``measures`` at the end of ``month`` within ``filters``, per group of ``by``."""
    groups = [monthly_levels.c[name] for name in by]
    rows = session.execute(
        select(*groups, *(func.sum(monthly_levels.c[name]).label(name) for name in measures),
               func.min(monthly_levels.c.dagdelen_min).label("dagdelen_min"),
               func.max(monthly_levels.c.dagdelen_max).label("dagdelen_max"))
        .where(at_month(monthly_levels, month, filters), dimension_condition(monthly_levels, filters))
        .group_by(*groups)
    ).all()
    return _frame(rows, by, measures)


@functools.cache
def _changes(by: tuple[str, ...], measures: tuple[str, ...]) -> tuple[FromClause, Select]:
    """The rows of the requests with an event from ``:start`` to ``:end``, and what their events there add to
    ``measures`` per group of ``by`` (built once per grouping: the statement has up to a hundred expressions)."""
    start, end = bindparam("start", type_=Date), bindparam("end", type_=Date)
    rows = request_rows().where(Request.id.in_(changed_between(start, end))).subquery()
    terms: dict[str, list] = {name: [] for name in measures}
    started = None
    for event in events(rows):
        within = event.date.between(start, end)
        for name, weight in event.weights.items():
            if name in terms:
                terms[name].append(case((within, weight), else_=0))
        if "started" in event.weights:
            started = case((within, rows.c.dagdelen))
    groups = [rows.c[name] for name in by]
    return rows, (select(*groups, *(func.sum(sum(parts[1:], parts[0])).label(name) for name, parts in terms.items()),
                         func.min(started).label("dagdelen_min"), func.max(started).label("dagdelen_max"))
                  .group_by(*groups))


def _since(session: Session, start: dt.date, end: dt.date, filters: Filters, by: tuple[str, ...],
           measures: tuple[str, ...]) -> pd.DataFrame:
    """What the events from ``start`` to ``end`` add to ``measures`` within ``filters``, per group of ``by``."""
    rows, query = _changes(by, measures)
    result = session.execute(query.where(dimension_condition(rows, filters)), {"start": start, "end": end}).all()
    return _frame(result, by, measures)


def as_of(session: Session, day: dt.date, filters: Filters, by: tuple[str, ...] = GROUPS,
          measures: tuple[str, ...] = LEVEL_MEASURES) -> pd.DataFrame | None:
    """``measures`` (by default every one) and the dagdelen range on ``day`` within ``filters`` per group of
    ``by`` (level dimensions); None if stale.

    Kept in the session for the same data version, since a page asks for several counts of one date.
    """
    return _kept(session, "levels_as_of", (day, filters, by, measures),
                 lambda coverage: _as_of(session, coverage, day, filters, by, measures))


def _kept(session: Session, kind: str, key: tuple, compute) -> pd.DataFrame | None:
    """``compute(coverage)`` for the levels' coverage, kept in the session under ``kind`` and ``key`` for the same
    data version; None when the levels are stale."""
    coverage = current(session)
    if coverage is None:
        return None
    known = session.info.setdefault(kind, {})
    key = (coverage.version, *key)
    if key not in known:
        known[key] = compute(coverage)
    return known[key]


def _as_of(session: Session, coverage: Coverage, day: dt.date, filters: Filters, by: tuple[str, ...],
           measures: tuple[str, ...]) -> pd.DataFrame:
    """``as_of`` for levels that cover ``coverage``, without keeping the answer."""
    month, since = start(coverage, day)
    parts = [_since(session, since, day, filters, by, measures)] if since <= day else []
    if month is not None:
        parts.insert(0, _level(session, month, filters, by, measures))
    if not parts:  # the end of a month before the first level: nothing yet
        parts = [_frame([], by, measures)]
    found = [part for part in parts if not part.empty]
    every = pd.concat(found) if found else parts[0]
    groups = every.groupby(list(by))
    totals = groups[list(measures)].sum()
    totals["dagdelen_min"] = groups["dagdelen_min"].min()
    totals["dagdelen_max"] = groups["dagdelen_max"].max()
    return totals.reset_index()


def start(coverage: Coverage, day: dt.date) -> tuple[int | None, dt.date]:
    """The month whose level a count on ``day`` starts from (None: nothing before it) and the first day of the
    events to add to it (after ``day`` on a month's last day: nothing to add): the last month ``day`` ends, or
    the last the levels cover."""
    first, last = coverage.first_month, coverage.last_month
    ends_month = day.day == calendar.monthrange(day.year, day.month)[1]
    month = month_number(day) - (0 if ends_month else 1)  # the last month ended by ``day``
    if last is not None and month > last:
        month = last
    return (month if first is not None and month >= first else None), first_day(month + 1)


def trajectory_counts(session: Session, day: dt.date) -> pd.DataFrame | None:
    """Trajectories started and completed by ``day`` per programme, current organisation and province; None if
    stale.

    Only these two measures of the levels, and the trajectories started or completed since through the
    indexes on those dates (``as_of`` adds up every measure over every event, ten times as long). Kept in
    the session for the same data version, as ``as_of``.
    """
    return _kept(session, "trajectory_counts", (day,), lambda coverage: _trajectory_counts(session, coverage, day))


def _trajectory_counts(session: Session, coverage: Coverage, day: dt.date) -> pd.DataFrame:
    """``trajectory_counts`` for levels that cover ``coverage``, without keeping the answer."""
    month, since = start(coverage, day)
    parts = [select(Trajectory.programme_id, Trajectory.organisation_id, Trajectory.province_id,
                    literal(1).label("started"), literal(0).label("completed"))
             .where(Trajectory.started_on.between(since, day)),
             select(Trajectory.programme_id, Trajectory.organisation_id, Trajectory.province_id, literal(0),
                    literal(1))
             .where(Trajectory.completed_on.between(since, day))]
    if month is not None:
        levels = monthly_levels.c
        parts.append(select(levels.programme_id, levels.organisation_id, levels.trajectory_province_id,
                            levels.started, levels.completed)
                     .where(at_month(monthly_levels, month, NO_FILTERS), levels.organisation_id != 0))
    every = union_all(*parts).subquery()
    columns = ["programme_id", "organisation_id", "trajectory_province_id", "started", "completed"]
    rows = session.execute(
        select(every.c.programme_id, every.c.organisation_id, every.c.province_id,
               *(cast(func.sum(every.c[name]), BigInteger) for name in columns[3:]))
        .group_by(every.c.programme_id, every.c.organisation_id, every.c.province_id)
    ).all()
    return pd.DataFrame(rows, columns=columns).astype("int64")


def of_programme(session: Session, counts: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows of ``counts`` (from ``trajectory_counts``) of the programme of ``filters``; all without one."""
    if not filters.programme:
        return counts
    return counts[counts["programme_id"] == session.execute(select(programme_id(filters.programme))).scalar_one()]


def month_ends(session: Session, first: int, last: int, filters: Filters, measures: list[str]) -> pd.DataFrame | None:
    """The levels of ``measures`` at the end of every month from ``first`` to ``last`` (month numbers, the index)
    within ``filters``; None when the levels do not match the data."""
    coverage = current(session)
    if coverage is None:
        return None
    months = range(first, last + 1)
    if coverage.first_month is None:
        return pd.DataFrame(0, index=months, columns=measures)
    low = min(max(first, coverage.first_month), coverage.last_month)  # a month after the data: the last level
    high = max(min(last, coverage.last_month), low)
    source = monthly_totals if filters.is_empty() else monthly_levels  # without filters: a row a month
    rows = session.execute(
        select(source.c.programme_id, source.c.month, *(func.sum(source.c[name]) for name in measures))
        .where(or_(source.c.month.between(low, high), at_month(source, low, filters)),
               dimension_condition(source, filters))
        .group_by(source.c.programme_id, source.c.month)
    ).all()
    found = (pd.DataFrame(rows, columns=["programme_id", "month", *measures]).astype("int64")
             .set_index(["month", "programme_id"]).unstack("programme_id"))
    # A programme's month with no row: before the first level of these filters (nothing yet) or after its last
    # (no change: its levels end there).
    months = range(min(first, low, *found.index), max(last, high) + 1)
    every = found.reindex(months).ffill().fillna(0).T.groupby(level=0).sum().T
    return every.reindex(columns=measures, fill_value=0).astype("int64").loc[first:last]


def gemeenten_involved(session: Session, day: dt.date, filters: Filters) -> int:
    """The distinct gemeenten involved in trajectories started by ``day`` within ``filters`` (levels current)."""
    return session.execute(
        select(func.count(distinct(gemeente_involvement.c.gemeente_id)))
        .where(_involvement(day, filters))
    ).scalar_one()


def _involvement(day: dt.date, filters: Filters):
    """The rows of ``gemeente_involvement`` within ``filters`` of gemeenten involved by ``day``."""
    return (gemeente_involvement.c.first_started_on <= day) & dimension_condition(gemeente_involvement, filters)


def involved_per_province(session: Session, day: dt.date, filters: Filters) -> dict[int, int]:
    """Per province (of the gemeente itself): the gemeenten involved by ``day`` within ``filters`` (levels
    current)."""
    return dict(session.execute(
        select(Gemeente.province_id, func.count(distinct(gemeente_involvement.c.gemeente_id)))
        .join(Gemeente, Gemeente.id == gemeente_involvement.c.gemeente_id)
        .where(_involvement(day, filters))
        .group_by(Gemeente.province_id)
    ).all())


def first_starts(session: Session, day: dt.date, filters: Filters) -> Subquery | None:
    """Per gemeente involved by ``day`` within ``filters`` (``gid``): its first start (``first``); None when
    the derived tables do not match the data."""
    if current(session) is None:
        return None
    return (select(gemeente_involvement.c.gemeente_id.label("gid"),
                   func.min(gemeente_involvement.c.first_started_on).label("first"))
            .where(_involvement(day, filters))
            .group_by(gemeente_involvement.c.gemeente_id).subquery())


def with_theme(levels: pd.DataFrame, theme: str) -> pd.DataFrame:
    """The groups of ``levels`` whose requests have ``theme``."""
    return levels[(levels["theme_mask"].astype(int) & THEME_BITS[theme]) != 0]
