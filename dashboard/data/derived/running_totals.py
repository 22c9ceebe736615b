"""Building blocks of the derived tables: temporary tables of a rebuild, and running totals per month.

A derived table holds, for every month and combination of its dimensions, what its measures add up to by
the end of that month; ``running_totals`` turns a table of what each month adds (its *deltas*) into those
levels, with a row for every month from a combination's first to the last month of the data.
``continuation`` carries the levels on from a month: the level of the month before joins the deltas of
the months since as their starting point, so the months before are neither read nor rewritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import (
    Column,
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


def temporary_copy(name: str, query: Select) -> Table:
    """A temporary table (of this transaction's connection) with the columns of ``query``."""
    return Table(name, MetaData(), *(Column(column.name, column.type) for column in query.selected_columns),
                 prefixes=["TEMPORARY"])


def filling(table: Table, query: Select) -> Insert:
    """An insert into ``table`` of the rows of ``query``, whose columns are named as the table's."""
    return insert(table).from_select([column.name for column in query.selected_columns], query)


def running_totals(deltas: FromClause, dimensions: tuple[str, ...], sums: tuple[str, ...],
                   minima: tuple[str, ...] = (), maxima: tuple[str, ...] = ()) -> Select:
    """The levels of ``deltas`` (columns ``month``, ``dimensions`` and the measures) at the end of every month
    from a combination's first month to ``:last``, starting the count at month ``:first``: ``sums`` added
    up, ``minima`` and ``maxima`` the smallest and largest value so far."""
    combinations = (select(*(deltas.c[name] for name in dimensions), func.min(deltas.c.month).label("since"))
                    .group_by(*(deltas.c[name] for name in dimensions)).subquery())
    groups = [combinations.c[name] for name in dimensions]
    months = select(bindparam("first", type_=Integer).label("month")).cte("months", recursive=True)
    months = months.union_all(select(months.c.month + 1).where(months.c.month < bindparam("last", type_=Integer)))
    joined = months.join(combinations, months.c.month >= combinations.c.since).outerjoin(
        deltas, and_(deltas.c.month == months.c.month, *(deltas.c[name] == combinations.c[name] for name in dimensions)))
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

    def run(self, connection: Connection, since: int, last: int) -> None:
        """Recompute the levels from month ``since`` to ``last``, from the deltas in place (levels from
        ``since`` on deleted): drop earlier deltas, put the level of the month before among them, and insert
        the running totals."""
        connection.execute(self.drop_earlier, {"since": since})
        connection.execute(self.seed, {"since": since})
        connection.execute(self.fill, {"since": since, "first": since - 1, "last": last})


def continuation(levels: Table, deltas: Table, dimensions: tuple[str, ...], sums: tuple[str, ...],
                 minima: tuple[str, ...] = (), maxima: tuple[str, ...] = ()) -> Continuation:
    """How to recompute ``levels`` from a month on, given the deltas of the months from then (and maybe
    earlier ones) in ``deltas``."""
    since = bindparam("since", type_=Integer)
    names = ["month", *dimensions, *sums, *minima, *maxima]
    seed = insert(deltas).from_select(names, select(*(levels.c[name] for name in names))
                                      .where(levels.c.month == since - 1))
    totals = running_totals(deltas, dimensions, sums, minima, maxima).subquery()
    fill = insert(levels).from_select(names, select(*(totals.c[name] for name in names))
                                      .where(totals.c.month >= since))
    return Continuation(delete(deltas).where(deltas.c.month < since), seed, fill)


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
