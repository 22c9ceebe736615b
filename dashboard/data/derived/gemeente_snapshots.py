"""Gemeente levels: per month and gemeente, the trajectories it took part in and their statuses then.

The map shows every involved gemeente with how many trajectories started there by a date and how many of
them run, have their work finished, are completed or were withdrawn on that date, and its latest trajectory.
Like ``data.derived.snapshots``, each of these is a sum of events on one date per trajectory and gemeente (a start;
reaching a status, from the start on; leaving it), and the latest trajectory and the first start are the
largest and smallest of a key so far; ``gemeente_levels`` keeps them at the end of every month, for all
trajectories and for those of each value of one filter other than the province (``FACETS``). ``fill`` builds
it from the rebuild's temporary table of request rows (``snapshots.request_rows``): what each month adds per
gemeente and combination of filter values first, then those sums per facet value, and the running totals of
these (a row per facet value, gemeente and province for every month from its first: at 1,000,000 trajectories
over 800 months about 4.1 million rows, 11.5 times those of all trajectories alone).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
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
    literal,
    select,
    union_all,
)

from dashboard.data.schema.models import (
    GEMEENTE_MEASURES,
    POINT_STATUSES,
    STATUS_DATE_ATTRIBUTE,
    THEME_BITS,
    Status,
    Trajectory,
    gemeente_levels,
    trajectory_gemeenten,
)
from dashboard.data.queries.sql_functions import days_between, greatest, month_index
from dashboard.data.derived.running_totals import (
    NEVER,
    Continuation,
    continuation,
    filling,
    running_totals,
    temporary_copy,
    temporary_tables,
)

EPOCH, NR_SPAN = dt.date(1900, 1, 1), 10 ** 9
"""A trajectory's (start day, nr) as one number: days since ``EPOCH`` * ``NR_SPAN`` + nr."""
NO_FACET = {"organisation_id": 0, "theme": "", "applicant_type": ""}
FACETS = tuple(NO_FACET)
"""The columns of ``gemeente_levels`` that tell whose trajectories a row counts: at most one holds a filter
value, the others their value in ``NO_FACET`` (all three: every trajectory)."""
DIMENSIONS = ("programme_id", *FACETS, "gemeente_id", "province_id")
COMBINATION = ("programme_id", "gemeente_id", "province_id", "organisation_id", "theme_mask", "applicant_type")
"""What a month's events are first added up by: the gemeente and every filter value of the request rows."""


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
    columns = [c.programme_id, trajectory_gemeenten.c.gemeente_id, c.province_id, c.organisation_id, c.theme_mask,
               c.applicant_type, c.started_on, c.dagdelen,
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


def _combination_deltas(links: FromClause) -> Select:
    """What each month adds per gemeente and combination of filter values (``COMBINATION``)."""
    c = links.c
    groups = [c[name] for name in COMBINATION]

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
    groups = [every.c[name] for name in COMBINATION]
    return _summed(every, groups, groups)


def _summed(deltas: FromClause, columns: list[ColumnElement], groups: list[ColumnElement],
            where: ColumnElement[bool] | None = None) -> Select:
    """The rows of ``deltas`` (where ``where`` holds) added up per month and ``groups``, beside ``columns``."""
    c = deltas.c
    query = (select(c.month, *columns, *(func.sum(c[name]).label(name) for name in GEMEENTE_MEASURES),
                    func.min(c.first_started_on).label("first_started_on"), func.max(c.latest_key).label("latest_key"))
             .group_by(c.month, *groups))
    return query if where is None else query.where(where)


def _facet_deltas(deltas: FromClause) -> Select:
    """What each month adds per facet value (``FACETS``), gemeente and province filter value, from what it adds
    per combination in ``deltas``: to all trajectories, an organisation's, each theme's (a request counts in each
    of its themes) and an applicant type's."""
    c = deltas.c
    place = [c.programme_id, c.gemeente_id, c.province_id]

    def facet(by: str | None = None, theme: str | None = None) -> Select:
        """The sums for all trajectories, per value of the column ``by`` of ``deltas``, or for ``theme``."""
        values = {name: literal(empty, gemeente_levels.c[name].type) for name, empty in NO_FACET.items()}
        grouped = []
        if by is not None:
            values[by] = c[by]
            grouped.append(c[by])
        if theme is not None:
            values["theme"] = literal(theme, gemeente_levels.c.theme.type)
        return _summed(deltas, [*(value.label(name) for name, value in values.items()), *place], [*grouped, *place],
                       None if theme is None else c.theme_mask.op("&")(THEME_BITS[theme]) != 0)

    return union_all(facet(), facet(by="organisation_id"), *(facet(theme=theme) for theme in THEME_BITS),
                     facet(by="applicant_type"))


@dataclass(frozen=True)
class Statements:
    """The temporary tables and statements that fill ``gemeente_levels`` from the rebuild's request rows."""

    links: Table
    fill_links: Insert
    combinations: Table
    fill_combinations: Insert
    deltas: Table
    fill_deltas: Insert
    fill_levels: Insert
    continuation: Continuation


@functools.cache
def statements(rows: Table) -> Statements:
    """The statements for the request rows table ``rows`` (built once per process)."""
    links_query = _links(rows)
    links = temporary_copy("gemeente_links", links_query)
    combinations_query = _combination_deltas(links)
    combinations = temporary_copy("gemeente_combinations", combinations_query)
    deltas_query = _facet_deltas(combinations)
    deltas = temporary_copy("gemeente_deltas", deltas_query)
    measures = (DIMENSIONS, GEMEENTE_MEASURES, ("first_started_on",), ("latest_key",))
    levels = running_totals(deltas, *measures)
    return Statements(
        links=links, fill_links=filling(links, links_query),
        combinations=combinations, fill_combinations=filling(combinations, combinations_query),
        deltas=deltas, fill_deltas=filling(deltas, deltas_query),
        fill_levels=filling(gemeente_levels, levels),
        continuation=continuation(gemeente_levels, deltas, *measures),
    )


def fill(connection: Connection, rows: Table, first: int, last: int, since: int | None = None,
         programmes: Sequence[int] = ()) -> None:
    """Fill ``gemeente_levels`` from the request rows in ``rows``, months ``first`` to ``last``: all of them
    (emptied before), or from month ``since`` on for the programmes ``programmes`` (their rows deleted from
    then on; ``rows`` then holds every request of theirs with an event since)."""
    made = statements(rows)
    with temporary_tables(connection, made.links, made.combinations, made.deltas):
        connection.execute(made.fill_links)
        connection.execute(made.fill_combinations)
        connection.execute(made.fill_deltas)
        if since is None:
            connection.execute(made.fill_levels, {"first": first, "last": last})
        else:
            made.continuation.run(connection, since, last, programmes)
