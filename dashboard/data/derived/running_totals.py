"""Building blocks of the derived tables: temporary tables of a rebuild, and running totals per month.

A derived table holds, for every month and combination of its dimensions, what its measures add up to by
the end of that month; ``running_totals`` turns a table of what each month adds (its *deltas*) into those
levels, with a row for every month from a combination's first to the last month of its programme's data
(``PROGRAMME_ENDS``; after it nothing changes, so readers take that month's level for any later one: a programme
that ended is not carried on through the decades of others). ``continuation`` carries the levels of some
programmes on from a month: their level of the month before joins the deltas of the months since as their
starting point, so the months before, and the other programmes' rows, are neither read nor rewritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Delete,
    FromClause,
    Insert,
    Integer,
    MetaData,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    select,
)

NEVER = dt.date(9999, 12, 31)
"""Stands in for a missing date where a date is computed from several (it never passes); a status not left
yet is left on this day."""


def month_number(day: dt.date) -> int:
    """The month number of ``day`` as ``sql_functions.month_index`` counts it (the derived tables' months)."""
    return day.year * 12 + day.month - 1


def first_day(month: int) -> dt.date:
    """The first day of month number ``month``."""
    return dt.date(month // 12, month % 12 + 1, 1)


def within_programmes(column: ColumnElement[int]) -> ColumnElement[bool]:
    """``column`` is one of the programme ids bound as ``:programmes`` (a list, expanded when executed)."""
    return column.in_(bindparam("programmes", expanding=True))


PROGRAMME_ENDS = Table("programme_ends", MetaData(), Column("programme_id", Integer), Column("last_month", Integer),
                       prefixes=["TEMPORARY"])
"""A rebuild's last month of each programme's levels: the last month any of its events falls in (a temporary
table, filled by ``ends_of`` from the deltas of ``monthly_levels``, whose events include every event of the
other derived tables of levels)."""


def ends_of(deltas: Table) -> Insert:
    """Fill ``PROGRAMME_ENDS`` from ``deltas``: per programme, its last month there."""
    return insert(PROGRAMME_ENDS).from_select(
        ["programme_id", "last_month"],
        select(deltas.c.programme_id, func.max(deltas.c.month)).group_by(deltas.c.programme_id))


def temporary_copy(name: str, query: Select) -> Table:
    """A temporary table (of this transaction's connection) with the columns of ``query``."""
    return Table(name, MetaData(), *(Column(column.name, column.type) for column in query.selected_columns),
                 prefixes=["TEMPORARY"])


def filling(table: Table, query: Select) -> Insert:
    """An insert into ``table`` of the rows of ``query``, whose columns are named as the table's."""
    return insert(table).from_select([column.name for column in query.selected_columns], query)


def running_totals(deltas: FromClause, dimensions: tuple[str, ...], sums: tuple[str, ...],
                   minima: tuple[str, ...] = (), maxima: tuple[str, ...] = ()) -> Select:
    """The levels of ``deltas`` (columns ``month``, ``dimensions`` with ``programme_id`` among them, and the
    measures) at the end of every month from a combination's first month to its programme's last
    (``PROGRAMME_ENDS``, at most ``:last``), starting the count at month ``:first``: ``sums`` added up,
    ``minima`` and ``maxima`` the smallest and largest value so far."""
    combinations = (select(*(deltas.c[name] for name in dimensions), func.min(deltas.c.month).label("since"))
                    .group_by(*(deltas.c[name] for name in dimensions)).subquery())
    groups = [combinations.c[name] for name in dimensions]
    months = select(bindparam("first", type_=Integer).label("month")).cte("months", recursive=True)
    months = months.union_all(select(months.c.month + 1).where(months.c.month < bindparam("last", type_=Integer)))
    ends = PROGRAMME_ENDS.c
    joined = months.join(combinations, months.c.month >= combinations.c.since).join(
        PROGRAMME_ENDS, and_(ends.programme_id == combinations.c.programme_id, months.c.month <= ends.last_month)
    ).outerjoin(
        deltas, and_(deltas.c.month == months.c.month,
                     *(deltas.c[name] == combinations.c[name] for name in dimensions)))
    window = {"partition_by": groups, "order_by": months.c.month}
    return select(
        months.c.month, *groups,
        *(func.sum(func.coalesce(deltas.c[name], 0)).over(**window).label(name) for name in sums),
        *(func.min(deltas.c[name]).over(**window).label(name) for name in minima),
        *(func.max(deltas.c[name]).over(**window).label(name) for name in maxima),
    ).select_from(joined)


@dataclass(frozen=True)
class Continuation:
    """The statements that recompute a derived table of levels from a month on (``continuation``)."""

    drop_earlier: Delete
    seed: Insert
    fill: Insert
    fill_ends: Insert | None

    def run(self, connection: Connection, since: int, last: int, programmes: Sequence[int]) -> None:
        """Recompute the levels of the programmes ``programmes`` from month ``since`` to ``last``, from their
        deltas in place (their levels from ``since`` on deleted, the deltas only theirs): drop earlier deltas,
        put their level of the month before among them, (fill ``PROGRAMME_ENDS`` from these,) and insert the
        running totals."""
        connection.execute(self.drop_earlier, {"since": since})
        connection.execute(self.seed, {"since": since, "programmes": list(programmes)})
        if self.fill_ends is not None:
            connection.execute(self.fill_ends)
        connection.execute(self.fill, {"since": since, "first": since - 1, "last": last})


def continuation(levels: Table, deltas: Table, dimensions: tuple[str, ...], sums: tuple[str, ...],
                 minima: tuple[str, ...] = (), maxima: tuple[str, ...] = (), fills_ends: bool = False) -> Continuation:
    """How to recompute ``levels`` (a table with a ``programme_id`` among its ``dimensions``) from a month on for
    some programmes, given their deltas of the months from then (and maybe earlier ones) in ``deltas``; with
    ``fills_ends``, the programmes' last months (``PROGRAMME_ENDS``) are taken from these deltas, and otherwise
    they must be there already.

    Each programme's level of the month before ``since`` must be stored (``since`` at most one month after its
    last month), since it is the starting point."""
    since = bindparam("since", type_=Integer)
    names = ["month", *dimensions, *sums, *minima, *maxima]
    seed = insert(deltas).from_select(names, select(*(levels.c[name] for name in names))
                                      .where(levels.c.month == since - 1, within_programmes(levels.c.programme_id)))
    totals = running_totals(deltas, dimensions, sums, minima, maxima).subquery()
    fill = insert(levels).from_select(names, select(*(totals.c[name] for name in names))
                                      .where(totals.c.month >= since))
    return Continuation(delete(deltas).where(deltas.c.month < since), seed, fill,
                        ends_of(deltas) if fills_ends else None)


@contextmanager
def temporary_tables(connection: Connection, *tables: Table) -> Iterator[None]:
    """Create ``tables`` (temporary copies, ``temporary_copy``) on ``connection`` for the block, and drop them
    after it, also when it fails."""
    try:
        for table in tables:
            table.create(connection)
        yield
    finally:
        for table in reversed(tables):
            table.drop(connection, checkfirst=True)
