"""Counts as of a date from the monthly levels: the previous month's level plus the events since.

``as_of`` returns, per group of the dimensions asked for, every measure of ``models.LEVEL_MEASURES`` and the
dagdelen range on a date within the filters, reading one month of ``monthly_levels`` and the few requests
that changed since the first of the month (on a month's last day: that month's level alone); ``month_ends``
reads the levels of a run of months (without filters from ``monthly_totals``); ``gemeenten_involved`` counts
distinct gemeenten from ``gemeente_involvement``. Each gives ``None`` when the levels do not match the data
(the callers then count from the base tables). See ``data.snapshots``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Date,
    FromClause,
    Select,
    and_,
    bindparam,
    case,
    distinct,
    func,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from dashboard.data.models import (
    LEVEL_MEASURES,
    STATUS_DATE_ATTRIBUTE,
    Evaluation,
    Organisation,
    Province,
    Request,
    Status,
    Trajectory,
    gemeente_involvement,
    monthly_levels,
    monthly_totals,
)
from dashboard.data.queries.filters import Filters
from dashboard.data.snapshots import THEME_BITS, Coverage, current, events, request_rows

GROUPS = ("theme_mask", "applicant_type")
"""What ``as_of`` keeps apart unless told otherwise, for the breakdowns by theme and applicant."""


def month_number(day: dt.date) -> int:
    """The month number of ``day`` as ``sql_functions.month_index`` counts it."""
    return day.year * 12 + day.month - 1


def first_day(month: int) -> dt.date:
    """The first day of month number ``month``."""
    return dt.date(month // 12, month % 12 + 1, 1)


def dimension_condition(rows: FromClause, filters: Filters) -> ColumnElement[bool]:
    """Keep the rows of ``rows`` (with the columns of ``LEVEL_DIMENSIONS``) that match ``filters``."""
    conditions = []
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


def _changed_between(start: dt.date, end: dt.date):
    """The ids of the requests with any event date from ``start`` to ``end``, each found through its index."""
    dates = [getattr(Request, STATUS_DATE_ATTRIBUTE[status]) for status in Status]
    return union_all(
        *(select(Request.id).where(date.between(start, end)) for date in dates),
        *(select(Trajectory.request_id).where(date.between(start, end))
          for date in (Trajectory.started_on, Trajectory.work_finished_on, Trajectory.completed_on)),
        select(Trajectory.request_id).join(Evaluation, Evaluation.trajectory_id == Trajectory.id)
        .where(Evaluation.received_on.between(start, end)),
    )


VALUES = [*LEVEL_MEASURES, "dagdelen_min", "dagdelen_max"]


def _frame(rows, by: tuple[str, ...]) -> pd.DataFrame:
    """Rows of ``by`` and ``VALUES`` as a frame, the values as floats (a missing range: NaN)."""
    frame = pd.DataFrame(rows, columns=[*by, *VALUES])
    frame[VALUES] = frame[VALUES].to_numpy(dtype="float64")
    return frame


def _level(session: Session, month: int, filters: Filters, by: tuple[str, ...]) -> pd.DataFrame:
    """The levels at the end of ``month`` within ``filters``, per group of ``by``."""
    groups = [monthly_levels.c[name] for name in by]
    rows = session.execute(
        select(*groups, *(func.sum(monthly_levels.c[name]).label(name) for name in LEVEL_MEASURES),
               func.min(monthly_levels.c.dagdelen_min).label("dagdelen_min"),
               func.max(monthly_levels.c.dagdelen_max).label("dagdelen_max"))
        .where(monthly_levels.c.month == month, dimension_condition(monthly_levels, filters))
        .group_by(*groups)
    ).all()
    return _frame(rows, by)


@functools.cache
def _changes(by: tuple[str, ...]) -> tuple[FromClause, Select]:
    """The rows of the requests with an event from ``:start`` to ``:end``, and what their events there add per
    group of ``by`` (built once per grouping: the statement has a hundred expressions)."""
    start, end = bindparam("start", type_=Date), bindparam("end", type_=Date)
    rows = request_rows().where(Request.id.in_(_changed_between(start, end))).subquery()
    terms: dict[str, list] = {name: [] for name in LEVEL_MEASURES}
    started = None
    for event in events(rows):
        within = event.date.between(start, end)
        for name, weight in event.weights.items():
            terms[name].append(case((within, weight), else_=0))
        if "started" in event.weights:
            started = case((within, rows.c.dagdelen))
    groups = [rows.c[name] for name in by]
    return rows, (select(*groups, *(func.sum(sum(parts[1:], parts[0])).label(name) for name, parts in terms.items()),
                         func.min(started).label("dagdelen_min"), func.max(started).label("dagdelen_max"))
                  .group_by(*groups))


def _since(session: Session, start: dt.date, end: dt.date, filters: Filters, by: tuple[str, ...]) -> pd.DataFrame:
    """What the events from ``start`` to ``end`` add within ``filters``, per group of ``by``."""
    rows, query = _changes(by)
    result = session.execute(query.where(dimension_condition(rows, filters)), {"start": start, "end": end}).all()
    return _frame(result, by)


def as_of(session: Session, day: dt.date, filters: Filters, by: tuple[str, ...] = GROUPS) -> pd.DataFrame | None:
    """Every measure on ``day`` within ``filters`` per group of ``by`` (level dimensions); None if stale.

    Kept in the session for the same data version, since a page asks for several counts of one date.
    """
    coverage = current(session)
    if coverage is None:
        return None
    known = session.info.setdefault("levels_as_of", {})
    key = (coverage.version, day, filters, by)
    if key not in known:
        known[key] = _as_of(session, coverage, day, filters, by)
    return known[key]


def _as_of(session: Session, coverage: Coverage, day: dt.date, filters: Filters,
           by: tuple[str, ...]) -> pd.DataFrame:
    """``as_of`` for levels that cover ``coverage``, without keeping the answer."""
    first, last = coverage.first_month, coverage.last_month
    ends_month = day.day == calendar.monthrange(day.year, day.month)[1]
    month = month_number(day) - (0 if ends_month else 1)  # the last month ended by ``day``
    if last is not None and month > last:
        month = last
    parts = [_since(session, first_day(month + 1), day, filters, by)] if first_day(month + 1) <= day else []
    if first is not None and month >= first:
        parts.insert(0, _level(session, month, filters, by))
    if not parts:  # the end of a month before the first level: nothing yet
        parts = [_frame([], by)]
    found = [part for part in parts if not part.empty]
    every = pd.concat(found) if found else parts[0]
    groups = every.groupby(list(by))
    totals = groups[list(LEVEL_MEASURES)].sum()
    totals["dagdelen_min"] = groups["dagdelen_min"].min()
    totals["dagdelen_max"] = groups["dagdelen_max"].max()
    return totals.reset_index()


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
        select(source.c.month, *(func.sum(source.c[name]) for name in measures))
        .where(source.c.month.between(low, high), dimension_condition(source, filters))
        .group_by(source.c.month)
    ).all()
    found = pd.DataFrame(rows, columns=["month", *measures]).set_index("month").astype("int64")
    # A month with no row: before the first level of these filters (nothing yet) or after the last (no change).
    every = found.reindex(range(min(first, low), max(last, high) + 1)).ffill().fillna(0).astype("int64")
    return every.loc[first:last]


def gemeenten_involved(session: Session, day: dt.date, filters: Filters) -> int:
    """The distinct gemeenten involved in trajectories started by ``day`` within ``filters`` (levels current)."""
    return session.execute(
        select(func.count(distinct(gemeente_involvement.c.gemeente_id)))
        .where(gemeente_involvement.c.first_started_on <= day, dimension_condition(gemeente_involvement, filters))
    ).scalar_one()


def with_theme(levels: pd.DataFrame, theme: str) -> pd.DataFrame:
    """The groups of ``levels`` whose requests have ``theme``."""
    return levels[(levels["theme_mask"].astype(int) & THEME_BITS[theme]) != 0]
