"""Which days a transaction's changes touch, recorded as the session flushes, so the derived tables can be
rebuilt from the first of them on (``snapshots.rebuild``) instead of from the beginning.

Every event a derived table counts belongs to a request: its own dates, its trajectory's, hand-overs and
evaluation, and its filter values (province, organisation, themes). A change to any of these moves only
that request's events, all of which lie on or after its earliest date. So the first day touched is the
earliest date, before and after the change, of every request a flushed object belongs to. An advisor or an
absence counts only in the capacity (``data.derived.capacity_months``), from its own earliest date, before and after
the change, on.

A change the tracking cannot place asks for a full rebuild: an object of another kind that the derived
tables may count (reference data such as gemeenten and organisations), a statement run through
``Session.execute`` that is not a SELECT, or a transaction in which nothing was recorded at all (bulk
loading through the connection, as ``synth`` does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Date, event, func, inspect, select, union_all
from sqlalchemy.orm import ORMExecuteState, Session

from dashboard.data.schema.models import (
    Absence,
    Advisor,
    AuditEvent,
    DataVersion,
    Evaluation,
    Handover,
    Request,
    RequestTheme,
    SnapshotState,
    StatusChange,
    Trajectory,
    User,
)
from dashboard.data.derived.snapshots import event_dates

KEY = "changed_from"
FULL = "full"
"""What ``session.info[KEY]`` holds: the first day touched so far, or ``FULL``."""
MAX_REQUESTS = 10_000
"""More changed requests than this ask for a full rebuild (their earliest dates are not looked up one by one)."""

COUNTED = (Request, RequestTheme, StatusChange, Trajectory, Handover, Evaluation)
"""What the derived tables count, placed through the request it belongs to."""
DATED = (Advisor, Absence)
"""What they count, placed by its own dates: an advisor or absence changes the capacity from its earliest on."""
NOT_COUNTED = (User, AuditEvent, DataVersion, SnapshotState)
"""What they do not count at all."""


def first_day_changed(session: Session) -> dt.date | None:
    """The first day this transaction's changes touch; None when unknown (rebuild everything)."""
    found = session.info.get(KEY)
    return found if isinstance(found, dt.date) else None


def forget(session: Session) -> None:
    """Start recording afresh (after a rebuild, a commit or a rollback)."""
    session.info.pop(KEY, None)


def _record(session: Session, day: dt.date | None) -> None:
    """Note ``day`` as touched (None: a change that cannot be placed)."""
    known = session.info.get(KEY)
    if known == FULL:
        return
    if day is None:
        session.info[KEY] = FULL
    else:
        session.info[KEY] = day if known is None else min(known, day)


def _own_dates(instance) -> Iterable[dt.date]:
    """Every date ``instance`` holds or held in this flush (new, unchanged and replaced values)."""
    state = inspect(instance)
    for column in state.mapper.columns:
        if isinstance(column.type, Date) and column.key in state.attrs:
            history = state.attrs[column.key].history
            for value in (*history.added, *history.unchanged, *history.deleted):
                if isinstance(value, dt.date):
                    yield value


def _owners(instance) -> tuple[set[int], set[int]]:
    """The ids of the requests and of the trajectories ``instance`` belongs to, as far as they are stored."""
    requests, trajectories = set(), set()
    if isinstance(instance, Request):
        requests.add(instance.id)
    elif isinstance(instance, (RequestTheme, StatusChange, Trajectory)):
        requests.add(instance.request_id)
        if isinstance(instance, Trajectory):
            trajectories.add(instance.id)
    else:
        trajectories.add(instance.trajectory_id)
    for attribute in ("request", "trajectory"):  # an object linked before its owner had an id
        owner = inspect(instance).attrs[attribute].loaded_value if attribute in inspect(instance).attrs else None
        if isinstance(owner, Request):
            requests.add(owner.id)
        elif isinstance(owner, Trajectory):
            trajectories.add(owner.id)
            requests.add(owner.request_id)
    return requests - {None}, trajectories - {None}


def _stored_first_day(session: Session, requests: set[int], trajectories: set[int]) -> dt.date | None:
    """The earliest stored date of the requests ``requests`` and of those of ``trajectories``: their own
    dates, their trajectories' and their evaluations'."""
    owners = select(select(Request.id).where(Request.id.in_(requests)).union(
        select(Trajectory.request_id).where(Trajectory.id.in_(trajectories))).subquery().c.id)
    parts = [select(func.min(date).label("day")).select_from(table).where(request_id.in_(owners))
             for date, request_id, table in event_dates()]
    return session.execute(select(func.min(union_all(*parts).subquery().c.day))).scalar_one()


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    """Record the first day the objects about to be flushed touch."""
    if session.info.get(KEY) == FULL:
        return
    days: list[dt.date] = []
    requests: set[int] = set()
    trajectories: set[int] = set()
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, NOT_COUNTED) or (
                # only a collection changed (an absence added to an advisor's): the other object's change
                not isinstance(instance, COUNTED) and instance in session.dirty
                and not session.is_modified(instance, include_collections=False)):
            continue
        if isinstance(instance, DATED):
            days.extend(_own_dates(instance))
            continue
        if not isinstance(instance, COUNTED):
            _record(session, None)
            return
        days.extend(_own_dates(instance))
        owned_requests, owned_trajectories = _owners(instance)
        requests |= owned_requests
        trajectories |= owned_trajectories
    if len(requests) + len(trajectories) > MAX_REQUESTS:
        _record(session, None)
        return
    if requests or trajectories:
        stored = _stored_first_day(session, requests, trajectories)
        if stored is not None:
            days.append(stored)
    if days:
        _record(session, min(days))


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    """A statement other than a SELECT run through the session cannot be placed."""
    if not state.is_select:
        _record(state.session, None)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _after_transaction(session: Session) -> None:
    """A new transaction starts with nothing recorded."""
    forget(session)
