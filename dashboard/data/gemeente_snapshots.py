"""Gemeente levels: per month and gemeente, the trajectories it took part in and their statuses then.

The map shows every involved gemeente with how many trajectories started there by a date and how many of
them run, have their work finished, are completed or were withdrawn on that date, and its latest trajectory.
Like ``data.snapshots``, each of these is a sum of events on one date per trajectory and gemeente (a start;
reaching a status, from the start on; leaving it), and the latest trajectory and the first start are the
largest and smallest of a key so far; ``gemeente_levels`` keeps them at the end of every month. ``fill``
builds it from the rebuild's temporary table of request rows (``snapshots.request_rows``).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Date,
    FromClause,
    Insert,
    Select,
    Table,
    case,
    cast,
    func,
    insert,
    literal,
    select,
    union_all,
)

from dashboard.data.models import (
    GEMEENTE_MEASURES,
    POINT_STATUSES,
    STATUS_DATE_ATTRIBUTE,
    Status,
    Trajectory,
    gemeente_levels,
    trajectory_gemeenten,
)
from dashboard.data.queries.sql_functions import days_between, greatest, month_index
from dashboard.data.running_totals import (
    NEVER,
    Continuation,
    continuation,
    running_totals,
    temporary_copy,
    temporary_tables,
)

EPOCH, NR_SPAN = dt.date(1900, 1, 1), 10 ** 9
"""A trajectory's (start day, nr) as one number: days since ``EPOCH`` * ``NR_SPAN`` + nr."""
DIMENSIONS = ("gemeente_id", "province_id")


def trajectory_key(started_on: ColumnElement[dt.date], nr: ColumnElement[int]) -> ColumnElement[int]:
    """(start day, nr) as one 64-bit number, so the latest trajectory is the largest key."""
    days = cast(days_between(literal(EPOCH, Date()), started_on), BigInteger)
    return days * literal(NR_SPAN, BigInteger()) + nr


def _from(status: Status) -> str:
    return f"{status.value}_from"


def _until(status: Status) -> str:
    return f"{status.value}_until"


def _links(rows: FromClause) -> Select:
    """A row per started trajectory and gemeente it involves: the dates it has each point status, from its start."""
    c = rows.c
    columns = [trajectory_gemeenten.c.gemeente_id, c.province_id, c.started_on, c.dagdelen,
               trajectory_key(c.started_on, Trajectory.nr).label("latest_key")]
    for status in POINT_STATUSES:
        reached = c[STATUS_DATE_ATTRIBUTE[status]]
        columns.append(case((reached.is_not(None), greatest(reached, c.started_on))).label(_from(status)))
        if status is not Status.WITHDRAWN:  # never left
            left = c[f"left_{status.value}"]
            columns.append(case((left.is_not(None), greatest(left, c.started_on))).label(_until(status)))
    return (select(*columns)
            .select_from(rows.join(trajectory_gemeenten, trajectory_gemeenten.c.trajectory_id == rows.c.trajectory_id)
                         .join(Trajectory, Trajectory.id == rows.c.trajectory_id))
            .where(c.started_on.is_not(None)))


def _deltas(links: FromClause) -> Select:
    """What each month adds per gemeente and province filter value."""
    c = links.c
    groups = [c.gemeente_id, c.province_id]

    def part(date: ColumnElement[dt.date], weights: dict[str, ColumnElement[int]], started: bool = False) -> Select:
        month = month_index(date).label("month")
        return (select(month, *groups,
                       *(func.sum(weights[name]).label(name) if name in weights else literal(0).label(name)
                         for name in GEMEENTE_MEASURES),
                       (func.min(c.started_on) if started else literal(None, Date)).label("first_started_on"),
                       (func.max(c.latest_key) if started else literal(None, BigInteger)).label("latest_key"))
                .where(date.is_not(None), date < NEVER).group_by(month, *groups))

    parts = [part(c.started_on, {"trajectories": literal(1), "dagdelen": c.dagdelen}, started=True)]
    for status in POINT_STATUSES:
        parts.append(part(c[_from(status)], {status.value: literal(1)}))
        if status is not Status.WITHDRAWN:
            parts.append(part(c[_until(status)], {status.value: literal(-1)}))
    every = union_all(*parts).subquery()
    return (select(every.c.month, every.c.gemeente_id, every.c.province_id,
                   *(func.sum(every.c[name]).label(name) for name in GEMEENTE_MEASURES),
                   func.min(every.c.first_started_on).label("first_started_on"),
                   func.max(every.c.latest_key).label("latest_key"))
            .group_by(every.c.month, every.c.gemeente_id, every.c.province_id))


@dataclass(frozen=True)
class Statements:
    """The temporary tables and statements that fill ``gemeente_levels`` from the rebuild's request rows."""

    links: Table
    fill_links: Insert
    deltas: Table
    fill_deltas: Insert
    fill_levels: Insert
    continuation: Continuation


@functools.cache
def statements(rows: Table) -> Statements:
    """The statements for the request rows table ``rows`` (built once per process)."""
    links_query = _links(rows)
    links = temporary_copy("gemeente_links", links_query)
    deltas_query = _deltas(links)
    deltas = temporary_copy("gemeente_deltas", deltas_query)
    measures = (DIMENSIONS, GEMEENTE_MEASURES, ("first_started_on",), ("latest_key",))
    levels = running_totals(deltas, *measures)
    return Statements(
        links=links, fill_links=insert(links).from_select([c.name for c in links.c], links_query),
        deltas=deltas, fill_deltas=insert(deltas).from_select([c.name for c in deltas.c], deltas_query),
        fill_levels=insert(gemeente_levels).from_select([c.name for c in levels.selected_columns], levels),
        continuation=continuation(gemeente_levels, deltas, *measures),
    )


def fill(connection: Connection, rows: Table, first: int, last: int, since: int | None = None) -> None:
    """Fill ``gemeente_levels`` from the request rows in ``rows``, months ``first`` to ``last``: all of them
    (emptied before), or from month ``since`` on (deleted from then on; ``rows`` then holds every request
    with an event since)."""
    made = statements(rows)
    with temporary_tables(connection, made.links, made.deltas):
        connection.execute(made.fill_links)
        connection.execute(made.fill_deltas)
        if since is None:
            connection.execute(made.fill_levels, {"first": first, "last": last})
        else:
            made.continuation.run(connection, since, last)
