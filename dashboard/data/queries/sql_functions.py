"""Portable SQL functions (SQLite and PostgreSQL): the start of a date's period, a month's number, days between
dates, the least and greatest value."""

from __future__ import annotations

from sqlalchemy import Date, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class month_start(FunctionElement):  # noqa: N801 - reads like the SQL function it is
    """The first day of the month a date falls in."""

    type = Date()
    inherit_cache = True


class week_start(FunctionElement):  # noqa: N801
    """The Monday of the (ISO) week a date falls in."""

    type = Date()
    inherit_cache = True


class month_index(FunctionElement):  # noqa: N801
    """The month a date falls in as one whole number, year * 12 + month - 1 (January 2007 is 24084)."""

    type = Integer()
    inherit_cache = True


class days_between(FunctionElement):  # noqa: N801
    """Whole days from the first date to the second."""

    type = Integer()
    inherit_cache = True


class add_days(FunctionElement):  # noqa: N801
    """A date plus a whole number of days."""

    type = Date()
    inherit_cache = True


class least(FunctionElement):  # noqa: N801
    """The smallest of its arguments (of one type; none may be NULL, as SQLite's ``min`` would give NULL)."""

    inherit_cache = True

    def __init__(self, *arguments):
        super().__init__(*arguments)
        self.type = self.clauses.clauses[0].type


class greatest(least):  # noqa: N801
    """The largest of its arguments (of one type; none may be NULL)."""

    inherit_cache = True


PERIOD_START = {"month": month_start, "week": week_start}


def _argument(element, compiler, **kw) -> list[str]:
    """The compiled SQL of a function element's arguments."""
    return [compiler.process(clause, **kw) for clause in element.clauses]


@compiles(month_start, "sqlite")
def _month_start_sqlite(element, compiler, **kw):
    return "date({}, 'start of month')".format(*_argument(element, compiler, **kw))


@compiles(week_start, "sqlite")
def _week_start_sqlite(element, compiler, **kw):
    return "date({}, '-6 days', 'weekday 1')".format(*_argument(element, compiler, **kw))


@compiles(month_start, "postgresql")
def _month_start_postgresql(element, compiler, **kw):
    return "CAST(date_trunc('month', {}) AS DATE)".format(*_argument(element, compiler, **kw))


@compiles(week_start, "postgresql")
def _week_start_postgresql(element, compiler, **kw):
    return "CAST(date_trunc('week', {}) AS DATE)".format(*_argument(element, compiler, **kw))


@compiles(month_index, "sqlite")
def _month_index_sqlite(element, compiler, **kw):
    return "(CAST(strftime('%Y', {0}) AS INTEGER) * 12 + CAST(strftime('%m', {0}) AS INTEGER) - 1)".format(
        *_argument(element, compiler, **kw))


@compiles(month_index, "postgresql")
def _month_index_postgresql(element, compiler, **kw):
    return "(CAST(EXTRACT(YEAR FROM {0}) AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM {0}) AS INTEGER) - 1)".format(
        *_argument(element, compiler, **kw))


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    return "CAST(julianday({1}) - julianday({0}) AS INTEGER)".format(*_argument(element, compiler, **kw))


@compiles(days_between, "postgresql")
def _days_between_postgresql(element, compiler, **kw):
    return "({1} - {0})".format(*_argument(element, compiler, **kw))


@compiles(add_days, "sqlite")
def _add_days_sqlite(element, compiler, **kw):
    return "date({0}, printf('%+d days', {1}))".format(*_argument(element, compiler, **kw))


@compiles(add_days, "postgresql")
def _add_days_postgresql(element, compiler, **kw):
    return "CAST({0} + CAST({1} AS INTEGER) AS DATE)".format(*_argument(element, compiler, **kw))


@compiles(least, "sqlite")
def _least_sqlite(element, compiler, **kw):
    return "min({})".format(", ".join(_argument(element, compiler, **kw)))


@compiles(least, "postgresql")
def _least_postgresql(element, compiler, **kw):
    return "LEAST({})".format(", ".join(_argument(element, compiler, **kw)))


@compiles(greatest, "sqlite")
def _greatest_sqlite(element, compiler, **kw):
    return "max({})".format(", ".join(_argument(element, compiler, **kw)))


@compiles(greatest, "postgresql")
def _greatest_postgresql(element, compiler, **kw):
    return "GREATEST({})".format(", ".join(_argument(element, compiler, **kw)))
