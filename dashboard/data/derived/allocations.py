"""Per organisation, programme and month: the change in allocated dagdelen, and the trajectories whose intake it
did.

The CMO's page shows the dagdelen allocated to each organisation at every month end over five years, and
the report's table counts the trajectories started in each intake organisation's region. Both are sums of
events on dates over all trajectories, which takes seconds at national scale. ``organisation_months`` keeps,
per organisation and month, what the month adds: a month-end level is then the sum of the changes up to
that month, a few thousand rows at most, and the current month's part is found through the date indexes.

A trajectory is *allocated* on a day when it is running (started, work not finished, not withdrawn) and held
by the organisation that day: before a hand-over by its ``from`` organisation, after the last one by
``Trajectory.organisation`` (as ``queries.capacity.trajectories_as_of`` decides for a single day).

``rebuild`` recomputes the table in the writer's transaction, beside the monthly levels (``data.derived.snapshots``),
and ``rebuild_since`` the rows of the programmes a write touches from the first month it touches;
readers use it only while ``snapshots.current`` says the derived tables match the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Date, Select, and_, case, delete, func, insert, literal, or_, select, true, union_all
from sqlalchemy.orm import Session

from dashboard.data.schema.models import Handover, Request, Trajectory, organisation_months
from dashboard.data.queries.sql_functions import month_start

EARLIEST = dt.date(1, 1, 1)
"""A first of the month before any data: changes from it on are never moved to a later month."""

LATEST = dt.date(9999, 12, 31)
"""A day after any data."""


def day(value: dt.date):
    """``value`` as a bound DATE parameter."""
    return literal(value, Date())


def month_from(value, since: dt.date):
    """The month of ``value``, or ``since`` (a first of the month) for any day before it."""
    return case((value < since, day(since)), else_=month_start(value))


def within(column, programmes: Sequence[int] | None):
    """``column`` (a programme id) is one of ``programmes``; always, when ``programmes`` is None."""
    return true() if programmes is None else column.in_(programmes)


def allocated_changes(since: dt.date, until: dt.date, programmes: Sequence[int] | None = None) -> Select:
    """Per organisation, programme and month from ``since`` (a first of the month) to ``until``'s: allocated
    dagdelen added, of the trajectories of ``programmes`` (None: of all).

    One pass over the trajectories, not one query per month. Each (organisation, stretch of time) piece of
    a trajectory's running period adds its dagdelen from the month its piece begins and takes them off from
    the month it ends (a month counts on its last day, the last month on ``until``), so the allocated
    dagdelen at a month's end are the running sum of these changes. The stretches per organisation come from
    the hand-overs: before a hand-over, the trajectory is its ``from`` organisation's; after the last one,
    ``Trajectory.organisation``'s.

    Only trajectories whose work was not finished before ``since`` can count from ``since`` on (found
    through the index on ``work_finished_on``); changes before ``since`` are booked in its month, as the
    balance it starts from.
    """
    every = since <= EARLIEST and programmes is None
    current = within(Trajectory.programme_id, programmes)
    if since > EARLIEST:
        current = and_(current, Trajectory.id.in_(union_all(
            select(Trajectory.id).where(Trajectory.work_finished_on.is_(None)),
            select(Trajectory.id).where(Trajectory.work_finished_on >= since),
        )))
    handover_from = (select(Handover.trajectory_id.label("trajectory_id"),
                            Handover.from_organisation_id.label("organisation_id"),
                            func.lag(Handover.handed_over_on).over(
                                partition_by=Handover.trajectory_id,
                                order_by=(Handover.handed_over_on, Handover.id)).label("held_from"),
                            Handover.handed_over_on.label("held_until"))
                     .where(true() if every else Handover.trajectory_id.in_(select(Trajectory.id).where(current))))
    last_handover = (select(func.max(Handover.handed_over_on)).where(Handover.trajectory_id == Trajectory.id)
                     .scalar_subquery())
    after_handovers = select(Trajectory.id, Trajectory.organisation_id, last_handover,
                             literal(None, Date())).where(current)
    stretches = union_all(handover_from, after_handovers).subquery()
    ended = case((and_(Request.withdrawn_on.is_not(None), or_(Trajectory.work_finished_on.is_(None),
                                                             Request.withdrawn_on < Trajectory.work_finished_on)),
                  Request.withdrawn_on), else_=Trajectory.work_finished_on)
    begins = case((and_(stretches.c.held_from.is_not(None), stretches.c.held_from > Trajectory.started_on),
                   stretches.c.held_from), else_=Trajectory.started_on)
    ends = case((stretches.c.held_until.is_(None), ended), (ended.is_(None), stretches.c.held_until),
                (stretches.c.held_until < ended, stretches.c.held_until), else_=ended)
    pieces = (select(stretches.c.organisation_id, Trajectory.programme_id, Trajectory.dagdelen,
                     begins.label("begins"), ends.label("ends"))
              .join(Trajectory, Trajectory.id == stretches.c.trajectory_id)
              .join(Request, Request.id == Trajectory.request_id)
              .where(Trajectory.started_on.is_not(None), begins <= until)
              .subquery())
    changes = union_all(
        select(pieces.c.organisation_id, pieces.c.programme_id, month_from(pieces.c.begins, since).label("month"),
               pieces.c.dagdelen.label("change"))
        .where(or_(pieces.c.ends.is_(None), pieces.c.begins < pieces.c.ends)),
        select(pieces.c.organisation_id, pieces.c.programme_id, month_from(pieces.c.ends, since).label("month"),
               (-pieces.c.dagdelen).label("change"))
        .where(pieces.c.begins < pieces.c.ends, pieces.c.ends <= until),
    ).subquery()
    return (select(changes.c.organisation_id, changes.c.programme_id, changes.c.month,
                   func.sum(changes.c.change).label("change"))
            .group_by(changes.c.organisation_id, changes.c.programme_id, changes.c.month))


def _monthly(since: dt.date = EARLIEST, programmes: Sequence[int] | None = None) -> Select:
    """The rows of ``organisation_months`` from month ``since`` (a first of the month) on, of ``programmes``
    (None: of all): the allocation changes and the intake starts per month. From a later month than the first,
    the allocation in ``since``'s month is booked as the change since the month before (its level, the sum of
    the rows before, taken off)."""
    allocated = allocated_changes(since, LATEST, programmes).subquery()
    started = month_start(Trajectory.started_on)
    intakes = (select(Trajectory.intake_organisation_id, Trajectory.programme_id, started.label("month"),
                      func.count().label("started"))
               .where(Trajectory.started_on >= since, within(Trajectory.programme_id, programmes))
               .group_by(Trajectory.intake_organisation_id, Trajectory.programme_id, started).subquery())
    parts = [
        select(allocated.c.organisation_id, allocated.c.programme_id, allocated.c.month,
               allocated.c.change.label("allocated"), literal(0).label("intake_started")),
        select(intakes.c.intake_organisation_id, intakes.c.programme_id, intakes.c.month, literal(0),
               intakes.c.started),
    ]
    if since > EARLIEST:
        parts.append(select(organisation_months.c.organisation_id, organisation_months.c.programme_id, day(since),
                            -func.sum(organisation_months.c.allocated), literal(0))
                     .where(organisation_months.c.month < since,
                            within(organisation_months.c.programme_id, programmes))
                     .group_by(organisation_months.c.organisation_id, organisation_months.c.programme_id))
    both = union_all(*parts).subquery()
    allocated_sum, started_sum = func.sum(both.c.allocated), func.sum(both.c.intake_started)
    return (select(both.c.organisation_id, both.c.programme_id, both.c.month, allocated_sum, started_sum)
            .group_by(both.c.organisation_id, both.c.programme_id, both.c.month)
            .having(or_(allocated_sum != 0, started_sum != 0)))  # a month that changes nothing has no row


COLUMNS = ["organisation_id", "programme_id", "month", "allocated", "intake_started"]


def rebuild(session: Session) -> None:
    """Recompute ``organisation_months`` from the base tables, in this transaction."""
    session.execute(delete(organisation_months))
    session.execute(insert(organisation_months).from_select(COLUMNS, _monthly()))


def rebuild_since(session: Session, since: dt.date, programmes: Sequence[int]) -> None:
    """Recompute the rows of ``organisation_months`` of the programmes ``programmes`` from month ``since`` (a first
    of the month) on, in this transaction; only their trajectories not finished before it are read."""
    rows = _monthly(since, programmes)
    session.execute(delete(organisation_months).where(organisation_months.c.month >= since,
                                                      organisation_months.c.programme_id.in_(programmes)))
    session.execute(insert(organisation_months).from_select(COLUMNS, rows))
