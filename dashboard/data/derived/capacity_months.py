"""Per organisation and month: the advisor days available over the capacity horizon, kept in step with every write.

The CMO's heatmap shows each organisation's capacity on every month's last day over five years
(``queries.capacity.utilisation_by_month``), as ``queries.capacity.advisor_capacity`` counts it for a single
day: the advisors employed that day, less the days of the horizon their absences begun by then cover.
Matching the absences to the months takes a tenth of a second at national scale; ``capacity_months`` keeps the
result, for the default horizon (``HORIZON_WEEKS``), for every month from the programme's first to its last or
to the last month of the monthly levels, whichever is later (so every whole month a view can show). Months
without any employed advisor have no row.

``rebuild`` recomputes the table in the writer's transaction, beside the monthly levels (``data.derived.snapshots``),
and ``rebuild_since`` its months from the first a write touches (``data.derived.change_tracking`` places a change of
an advisor or absence by its own dates: it changes the months whose last day is on or after the earliest);
readers use it only while ``snapshots.current`` says the derived tables match the data.
"""

from __future__ import annotations

import calendar
import datetime as dt

from sqlalchemy import Select, Subquery, and_, case, delete, func, insert, literal, or_, select, union_all
from sqlalchemy.orm import Session

from dashboard.data.derived.allocations import LATEST, day, month_from
from dashboard.data.schema.models import Absence, Advisor, Programme, capacity_months
from dashboard.data.queries.sql_functions import add_days, days_between, greatest, least
from dashboard.data.derived.running_totals import first_day

HORIZON_WEEKS = 26
"""The capacity horizon in weeks that the pages use and the table keeps (``queries.capacity`` says why 26)."""

MONTHS_PER_QUERY = 240
"""Months matched in one query (SQLite allows 500 rows in a literal table)."""

COLUMNS = ["month", "organisation_id", "available_days"]


def month_days(start: dt.date, as_of: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(first of month, reference day) from ``start``'s month to ``as_of``'s: the month's last day, or ``as_of``."""
    months = []
    first = start.replace(day=1)
    while first <= as_of:
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        months.append((first, min(last, as_of)))
        first = last + dt.timedelta(days=1)
    return months


def _months_table(months: list[tuple[dt.date, dt.date]]) -> Subquery:
    """The (month, day) pairs as a small table of literal rows."""
    return union_all(*(select(day(first).label("month"), day(on).label("day")) for first, on in months)).subquery()


def _employed_by_month(months: list[tuple[dt.date, dt.date]], table: Subquery) -> Subquery:
    """Per month of ``table`` (``months`` as a table) and organisation: the advisors employed on the month's day,
    as ``advisor_capacity`` counts them (months without any left out).

    One pass over the advisors: each is employed from ``active_from`` up to the day after ``active_to``, so
    the count on a day is the sum of +1 on the first and -1 on the second up to that month (before the first
    month: booked in it, as the balance it starts from).
    """
    since, until = months[0][0], months[-1][1]
    stop = add_days(Advisor.active_to, 1)
    stop = case((stop > Advisor.active_from, stop), else_=Advisor.active_from)  # never employed: no change
    # an advisor gone before the first month changes nothing in it (both changes booked in it)
    present = or_(Advisor.active_to.is_(None), Advisor.active_to >= since)
    events = union_all(
        select(Advisor.organisation_id, month_from(Advisor.active_from, since).label("month"),
               literal(1).label("change"))
        .where(Advisor.active_from <= until, present),
        select(Advisor.organisation_id, month_from(stop, since), literal(-1))
        .where(Advisor.active_to.is_not(None), present, stop <= until),
    ).subquery()
    changes = (select(events.c.organisation_id, events.c.month, func.sum(events.c.change).label("change"))
               .group_by(events.c.organisation_id, events.c.month).subquery())
    advisors = func.sum(changes.c.change)
    return (select(table.c.month, changes.c.organisation_id, advisors.label("advisors"))
            .join(changes, changes.c.month <= table.c.month)
            .group_by(table.c.month, changes.c.organisation_id)
            .having(advisors > 0).subquery())


def _available_days(months: list[tuple[dt.date, dt.date]], horizon_weeks: int) -> Select:
    """Per month of ``months`` (at most ``MONTHS_PER_QUERY``) and organisation with an advisor employed on the
    month's day: (month, organisation_id, available_days), the advisor days of the horizon not covered by
    absences, as ``advisor_capacity`` counts them on that day.

    The employed advisors from ``_employed_by_month``; the absent days from the absences of advisors employed
    in the months that overlap them, matched with each month's day.
    """
    table = _months_table(months)
    employed = _employed_by_month(months, table)
    first, until = months[0][1], months[-1][1]
    window = select(Advisor.id).where(Advisor.active_from <= until,
                                      or_(Advisor.active_to.is_(None), Advisor.active_to >= first))
    never = day(LATEST)
    absences = (select(Advisor.organisation_id, Absence.advisor_id, Absence.ends_on,
                       # the days both absent and employed: the absence counts on a month's day within them
                       greatest(Absence.starts_on, Advisor.active_from).label("counts_from"),
                       least(func.coalesce(Absence.ends_on, never),
                             func.coalesce(Advisor.active_to, never)).label("counts_until"))
                .join(Advisor, Advisor.id == Absence.advisor_id)
                .where(Absence.advisor_id.in_(window),  # their absences through the index on the advisor
                       Absence.starts_on <= until, or_(Absence.ends_on.is_(None), Absence.ends_on >= first))
                .cte("window_absences").prefix_with("MATERIALIZED"))
    last = add_days(table.c.day, 7 * horizon_weeks - 1)
    end = least(func.coalesce(absences.c.ends_on, last), last)
    per_advisor = (
        select(table.c.month, absences.c.organisation_id, absences.c.advisor_id,
               func.sum(days_between(table.c.day, end) + 1).label("days"))
        .join(absences, table.c.day.between(absences.c.counts_from, absences.c.counts_until))
        .group_by(table.c.month, absences.c.organisation_id, absences.c.advisor_id)
        .subquery())
    absent = (select(per_advisor.c.month, per_advisor.c.organisation_id,
                     func.sum(least(per_advisor.c.days, 7 * horizon_weeks)).label("days"))
              .group_by(per_advisor.c.month, per_advisor.c.organisation_id).subquery())
    return (select(employed.c.month, employed.c.organisation_id,
                   (7 * horizon_weeks * employed.c.advisors - func.coalesce(absent.c.days, 0)).label("available_days"))
            .outerjoin(absent, and_(absent.c.month == employed.c.month,
                                    absent.c.organisation_id == employed.c.organisation_id)))


def available_days(months: list[tuple[dt.date, dt.date]], horizon_weeks: int) -> list[Select]:
    """The queries (one per ``MONTHS_PER_QUERY`` months) that give, per month of ``months`` and organisation with an
    advisor employed on the month's day, (month, organisation_id, available_days) from the base tables."""
    return [_available_days(months[i:i + MONTHS_PER_QUERY], horizon_weeks)
            for i in range(0, len(months), MONTHS_PER_QUERY)]


def _fill(session: Session, since: dt.date | None, last_month: int | None) -> None:
    """Insert the rows of the months from ``since`` (a first of the month; None: the programme's first) to the
    programme's last or month number ``last_month`` (the monthly levels' last), whichever is later."""
    start, ends = session.execute(select(func.min(Programme.starts_on), func.max(Programme.ends_on))).one()
    if start is None:
        return
    end = ends if last_month is None else max(ends, first_day(last_month))
    end = end.replace(day=calendar.monthrange(end.year, end.month)[1])
    for query in available_days(month_days(start if since is None else max(start, since), end), HORIZON_WEEKS):
        session.execute(insert(capacity_months).from_select(COLUMNS, query))


def rebuild(session: Session, last_month: int | None) -> None:
    """Recompute ``capacity_months`` from the base tables, in this transaction, up to the programme's last month
    or month number ``last_month`` (the monthly levels' last; None without levels), whichever is later."""
    session.execute(delete(capacity_months))
    _fill(session, None, last_month)


def rebuild_since(session: Session, since: dt.date, last_month: int) -> None:
    """Recompute the rows of ``capacity_months`` from month ``since`` (a first of the month) on, in this transaction,
    up to the programme's last month or month number ``last_month``, whichever is later."""
    session.execute(delete(capacity_months).where(capacity_months.c.month >= since))
    _fill(session, since, last_month)
