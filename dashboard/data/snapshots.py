"""Monthly levels: every count of the Overzicht, Tijdlijn and Evaluaties per month and filter combination,
kept in step with every write.

Counting statuses, starts and forms as of a date over millions of rows takes seconds. Each of these counts
is a sum over requests of events that each happen on one date: received, reaching a status, leaving it,
starting, finishing, sending an evaluation form. ``monthly_levels`` keeps, for the end of every month and
every combination of the filters' values, the sum of all events up to then; a count as of a date is then
the previous month's level plus the events since the first of the month, which the indexes on the event
dates find (``queries.levels``). ``monthly_totals`` sums each month's levels over the combinations (a run of
months without filters). ``gemeente_involvement`` keeps when each gemeente was first involved, since a
distinct count is not a sum.

``rebuild`` recomputes these tables from the base tables in the writer's own transaction;
``bump_data_version`` calls it, so they always match the data version recorded in ``snapshot_state``, and
readers fall back to the base tables whenever they do not.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import (
    Column,
    ColumnElement,
    Date,
    FromClause,
    Insert,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from dashboard.data.models import (
    EVALUATION_ASPECTS,
    LATEST_FIRST,
    LEVEL_DIMENSIONS,
    LEVEL_MEASURES,
    LOW_MARK,
    MARK_COUNTS,
    STATUS_DATE_ATTRIBUTE,
    Channel,
    DataVersion,
    Evaluation,
    Gemeente,
    Request,
    RequestTheme,
    SnapshotState,
    Status,
    Theme,
    Trajectory,
    gemeente_involvement,
    monthly_levels,
    monthly_totals,
    trajectory_gemeenten,
)
from dashboard.data.queries.sql_functions import greatest, least, month_index

NEVER = dt.date(9999, 12, 31)
"""Stands in for a missing date where a date is computed from several (it never passes)."""

THEME_BITS: dict[str, int] = {theme.value: 1 << position for position, theme in enumerate(Theme)}
"""A request's themes are one number, a bit per theme (a request can have several)."""

REACHED = tuple(status for status in Status if status not in (Status.RECEIVED, Status.WAITLIST))
"""The funnel's stages after 'received', counted by the date each was reached."""


def _left(status: Status) -> str:
    """The name of the row column holding the date a request stopped having ``status``."""
    return f"left_{status.value}"


def request_rows() -> Select:
    """One row per request: its filter values, the dates of its events and what they weigh.

    A request has ``status`` from its date until the first date of a status that comes later in
    ``LATEST_FIRST``'s order of precedence; that date (``left_<status>``) is never before its own, so
    every status count is the sum of a +1 and a -1 event.
    """
    themes = (select(func.coalesce(func.sum(case(*((RequestTheme.theme == theme, bit)
                                                    for theme, bit in THEME_BITS.items()), else_=0)), 0))
              .where(RequestTheme.request_id == Request.id).correlate(Request).scalar_subquery())
    dates = {status: getattr(Request, STATUS_DATE_ATTRIBUTE[status]) for status in Status}
    precedence = (*LATEST_FIRST, Status.RECEIVED)
    never = literal(NEVER, Date)
    left = []
    for position, status in enumerate(precedence[1:], start=1):
        later = [func.coalesce(dates[before], never) for before in precedence[:position]]
        first_later = later[0] if len(later) == 1 else least(*later)
        # (a CASE, as PostgreSQL's GREATEST passes over NULL where SQLite's max gives NULL)
        left.append(case((dates[status].is_not(None), greatest(dates[status], first_later)))
                    .label(_left(status)))
    return (
        select(
            Gemeente.province_id.label("province_id"),
            func.coalesce(Trajectory.organisation_id, 0).label("organisation_id"),
            type_coerce(themes, Integer).label("theme_mask"),
            cast(Request.applicant_type, String(20)).label("applicant_type"),
            cast(Request.channel, String(20)).label("channel"),
            func.coalesce(Trajectory.province_id, 0).label("trajectory_province_id"),
            Trajectory.id.label("trajectory_id"),
            *(date.label(STATUS_DATE_ATTRIBUTE[status]) for status, date in dates.items()),
            *left,
            Trajectory.started_on.label("started_on"),
            Trajectory.dagdelen.label("dagdelen"),
            Trajectory.work_finished_on.label("trajectory_work_finished_on"),
            Trajectory.completed_on.label("trajectory_completed_on"),
            Evaluation.received_on.label("evaluated_on"),
            *(getattr(Evaluation, aspect).label(aspect) for aspect in EVALUATION_ASPECTS),
        )
        .join(Gemeente, Gemeente.id == Request.gemeente_id)
        .outerjoin(Trajectory, Trajectory.request_id == Request.id)
        .outerjoin(Evaluation, Evaluation.trajectory_id == Trajectory.id)
    )


@dataclass(frozen=True)
class Event:
    """Something that happens to a request on the date in ``date``, adding ``weights`` to the measures."""

    date: ColumnElement[dt.date]
    weights: dict[str, ColumnElement[int]]


def events(rows: FromClause) -> Iterator[Event]:
    """Every event of the rows of ``request_rows`` (as ``rows``), with the measures it adds to."""
    c = rows.c
    one = literal(1)
    yield Event(c.received_on, {"received": one, "status_received": one,
                                "received_mailing": case((c.channel == Channel.MAILING.value, 1), else_=0),
                                "received_adviseur": case((c.channel == Channel.ADVISEUR.value, 1), else_=0)})
    for status in Status:
        if status is not Status.RECEIVED:
            weights = {f"status_{status.value}": one}
            if status in REACHED:
                weights[f"reached_{status.value}"] = one
            yield Event(c[STATUS_DATE_ATTRIBUTE[status]], weights)
        if status is not Status.WITHDRAWN:
            yield Event(c[_left(status)], {f"status_{status.value}": literal(-1)})
    yield Event(c.started_on, {"started": one, "dagdelen_sum": c.dagdelen})
    yield Event(c.trajectory_work_finished_on, {"work_finished": one})
    yield Event(c.trajectory_completed_on, {"completed": one})
    total = sum((c[aspect] for aspect in list(EVALUATION_ASPECTS)[1:]), c[next(iter(EVALUATION_ASPECTS))])
    yield Event(c.evaluated_on, {
        "forms": one, **{aspect: c[aspect] for aspect in EVALUATION_ASPECTS},
        "form_total": total, "form_squares": total * total,
        "low_forms": case((or_(*(c[aspect] < LOW_MARK for aspect in EVALUATION_ASPECTS)), 1), else_=0),
        **{name: case((c[aspect] == mark, 1), else_=0) for (aspect, mark), name in MARK_COUNTS.items()},
    })
    both = and_(c.trajectory_completed_on.is_not(None), c.evaluated_on.is_not(None))
    yield Event(case((both, greatest(c.trajectory_completed_on, c.evaluated_on))), {"answered": one})


def dimension_columns(rows: FromClause) -> list[ColumnElement]:
    """The filter-value columns of ``rows``, in ``LEVEL_DIMENSIONS`` order."""
    return [rows.c[name] for name in LEVEL_DIMENSIONS]


def _temporary(name: str, columns: list[Column]) -> Table:
    """A temporary table of this transaction's connection."""
    return Table(name, MetaData(), *columns, prefixes=["TEMPORARY"])


def _copy_of(name: str, query: Select) -> Table:
    """A temporary table with the columns of ``query``."""
    return _temporary(name, [Column(column.name, column.type) for column in query.selected_columns])


RANGES = ("dagdelen_min", "dagdelen_max")


def _families(every: list[Event]) -> list[list[Event]]:
    """The events in groups that share no measure (a status's +1 and -1 share one; a form's marks share none
    with a start), so each group is added up over its own few measures only."""
    families: list[list[Event]] = []
    for event in every:
        joined = [family for family in families if any(set(e.weights) & set(event.weights) for e in family)]
        families = [family for family in families if family not in joined]
        families.append([event, *(e for family in joined for e in family)])
    return families


def _sums(parts: list[Select], names: list[str]) -> Select:
    """The sums of ``names`` (and the dagdelen range) per month and filter combination over ``parts``."""
    every = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    return (select(every.c.month, *dimension_columns(every), *(func.sum(every.c[name]).label(name) for name in names),
                   func.min(every.c.dagdelen_min).label("dagdelen_min"),
                   func.max(every.c.dagdelen_max).label("dagdelen_max"))
            .group_by(every.c.month, *dimension_columns(every)))


def _monthly_deltas(rows: Table) -> Select:
    """Per month and filter combination: what the events of that month add, and its dagdelen range.

    Each family of events is added up over its own measures first; the families' sums (far fewer rows)
    are then put side by side.
    """
    dimensions = dimension_columns(rows)
    totals = []
    for family in _families(list(events(rows))):
        names = [name for name in LEVEL_MEASURES if any(name in event.weights for event in family)]
        parts = []
        for event in family:
            month = month_index(event.date).label("month")
            ranges = ([func.min(rows.c.dagdelen), func.max(rows.c.dagdelen)] if "started" in event.weights
                      else [literal(None, Integer)] * 2)
            parts.append(select(month, *dimensions,
                                *(func.sum(event.weights[name]).label(name) if name in event.weights
                                  else literal(0).label(name) for name in names),
                                *(value.label(name) for value, name in zip(ranges, RANGES)))
                         .where(event.date.is_not(None), event.date < NEVER).group_by(month, *dimensions))
        family_sums = _sums(parts, names).subquery()
        totals.append(select(family_sums.c.month, *dimension_columns(family_sums),
                             *(family_sums.c[name] if name in names else literal(0).label(name)
                               for name in LEVEL_MEASURES),
                             *(family_sums.c[name] for name in RANGES)))
    return _sums(totals, list(LEVEL_MEASURES))


def _levels(deltas: Table) -> Select:
    """The running totals of ``deltas``: a row for every month from a combination's first to ``:last``."""
    combinations = (select(*dimension_columns(deltas), func.min(deltas.c.month).label("since"))
                    .group_by(*dimension_columns(deltas)).subquery())
    months = select(bindparam("first", type_=Integer).label("month")).cte("months", recursive=True)
    months = months.union_all(select(months.c.month + 1).where(months.c.month < bindparam("last", type_=Integer)))
    joined = months.join(combinations, months.c.month >= combinations.c.since).outerjoin(
        deltas, and_(deltas.c.month == months.c.month,
                     *(deltas.c[name] == combinations.c[name] for name in LEVEL_DIMENSIONS)))
    window = {"partition_by": dimension_columns(combinations), "order_by": months.c.month}
    return select(
        months.c.month, *dimension_columns(combinations),
        *(func.sum(func.coalesce(deltas.c[name], 0)).over(**window).label(name) for name in LEVEL_MEASURES),
        func.min(deltas.c.dagdelen_min).over(**window).label("dagdelen_min"),
        func.max(deltas.c.dagdelen_max).over(**window).label("dagdelen_max"),
    ).select_from(joined)


@dataclass(frozen=True)
class _Statements:
    """The temporary tables and statements of a rebuild, built once per process (so compiled once: they hold
    thousands of expressions)."""

    rows: Table
    fill_rows: Insert
    deltas: Table
    fill_deltas: Insert
    months: Select
    fill_levels: Insert
    fill_totals: Insert
    fill_involvement: Insert


@functools.cache
def _statements() -> _Statements:
    """The rebuild's tables and statements."""
    query = request_rows()
    rows = _copy_of("snapshot_rows", query)
    deltas_query = _monthly_deltas(rows)
    deltas = _copy_of("snapshot_deltas", deltas_query)
    levels = _levels(deltas)
    involvement = (select(trajectory_gemeenten.c.gemeente_id, *dimension_columns(rows), func.min(rows.c.started_on))
                   .join(trajectory_gemeenten, trajectory_gemeenten.c.trajectory_id == rows.c.trajectory_id)
                   .where(rows.c.started_on.is_not(None))
                   .group_by(trajectory_gemeenten.c.gemeente_id, *dimension_columns(rows)))
    return _Statements(
        rows=rows, fill_rows=insert(rows).from_select([c.name for c in rows.c], query),
        deltas=deltas, fill_deltas=insert(deltas).from_select([c.name for c in deltas.c], deltas_query),
        months=select(func.min(deltas.c.month), func.max(deltas.c.month)),
        fill_levels=insert(monthly_levels).from_select([c.name for c in levels.selected_columns], levels),
        fill_totals=insert(monthly_totals).from_select([c.name for c in monthly_totals.c], totals_of_levels()),
        fill_involvement=insert(gemeente_involvement).from_select(
            ["gemeente_id", *LEVEL_DIMENSIONS, "first_started_on"], involvement),
    )


def totals_of_levels() -> Select:
    """Per month, the sum of ``monthly_levels`` over every combination of filter values (``monthly_totals``)."""
    ranges = {"dagdelen_min": func.min, "dagdelen_max": func.max}
    return (select(monthly_levels.c.month, *(ranges.get(name, func.sum)(monthly_levels.c[name]).label(name)
                                             for name in [*LEVEL_MEASURES, *ranges]))
            .group_by(monthly_levels.c.month))


def rebuild(session: Session) -> None:
    """Recompute ``monthly_levels``, ``monthly_totals`` and ``gemeente_involvement`` from the base tables, in this
    transaction."""
    version = session.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar_one_or_none()
    session.execute(delete(monthly_levels))
    session.execute(delete(monthly_totals))
    session.execute(delete(gemeente_involvement))
    session.execute(delete(SnapshotState))
    connection = session.connection()
    made = _statements()
    try:
        made.rows.create(connection)
        connection.execute(made.fill_rows)
        made.deltas.create(connection)
        connection.execute(made.fill_deltas)
        first, last = connection.execute(made.months).one()
        if first is not None:
            connection.execute(made.fill_levels, {"first": first, "last": last})
            connection.execute(made.fill_totals)
        connection.execute(made.fill_involvement)
    finally:
        made.deltas.drop(connection, checkfirst=True)
        made.rows.drop(connection, checkfirst=True)
    if version is not None:
        session.add(SnapshotState(id=1, data_version=version, first_month=first, last_month=last))
        session.flush()


class Coverage(NamedTuple):
    """The data version the derived tables match, and the first and last month of the levels (None: no data)."""

    version: int
    first_month: int | None
    last_month: int | None


def current(session: Session) -> Coverage | None:
    """What the derived tables cover when they match the data version; None when they do not."""
    row = session.execute(
        select(SnapshotState.data_version, SnapshotState.first_month, SnapshotState.last_month)
        .join(DataVersion, DataVersion.version == SnapshotState.data_version)
        .where(SnapshotState.id == 1, DataVersion.id == 1)
    ).first()
    return Coverage(*row) if row else None
