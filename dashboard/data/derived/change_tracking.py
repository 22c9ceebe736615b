"""Which days and programmes a transaction's changes touch, recorded as the session flushes, so the derived
tables can be rebuilt from the first of those days on, and only the rows of those programmes
(``snapshots.rebuild``), instead of everything from the beginning.

Every event a derived table counts belongs to a request: its own dates, its trajectory's, hand-overs and
evaluation, and its filter values (province, organisation, themes). A change to any of these moves only
that request's events, all of which lie on or after its earliest date, and only in its programme. So the
first day touched is the earliest date, before and after the change, of every request a flushed object
belongs to, and the programmes touched are those these requests and their trajectories belong to, before
and after the change (a request moved to another programme touches both). An advisor or an absence counts
only in the capacity (``data.derived.capacity_months``), from its own earliest date, before and after the
change, on: it touches no programme.

A change the tracking cannot place asks for a full rebuild: an object of another kind that the derived
tables may count (reference data such as gemeenten, organisations and programmes), a statement run through
``Session.execute`` that is not a SELECT, or a transaction in which nothing was recorded at all (bulk
loading through the connection, as ``synth`` does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

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
PROGRAMMES = "changed_programmes"
"""What ``session.info[PROGRAMMES]`` holds: the ids of the programmes touched so far (beside a first day)."""
MAX_REQUESTS = 10_000
"""More changed requests than this ask for a full rebuild (their earliest dates are not looked up one by one)."""

COUNTED = (Request, RequestTheme, StatusChange, Trajectory, Handover, Evaluation)
"""What the derived tables count, placed through the request it belongs to."""
DATED = (Advisor, Absence)
"""What they count, placed by its own dates: an advisor or absence changes the capacity from its earliest on."""
NOT_COUNTED = (User, AuditEvent, DataVersion, SnapshotState)
"""What they do not count at all."""


@dataclass(frozen=True)
class Changes:
    """What a transaction's changes touch: the first day, and the ids of the programmes whose requests they
    belong to (none when only advisors and absences changed, which count in the capacity alone)."""

    first_day: dt.date
    programmes: frozenset[int]


def changes(session: Session) -> Changes | None:
    """What this transaction's changes touch; None when unknown (rebuild everything, for every programme)."""
    found = session.info.get(KEY)
    if not isinstance(found, dt.date):
        return None
    return Changes(found, frozenset(session.info.get(PROGRAMMES, ())))


def forget(session: Session) -> None:
    """Start recording afresh (after a rebuild, a commit or a rollback)."""
    session.info.pop(KEY, None)
    session.info.pop(PROGRAMMES, None)


def _record(session: Session, day: dt.date | None, programmes: Iterable[int] = ()) -> None:
    """Note ``day`` and ``programmes`` as touched (``day`` None: a change that cannot be placed)."""
    known = session.info.get(KEY)
    if known == FULL:
        return
    if day is None:
        session.info[KEY] = FULL
        session.info.pop(PROGRAMMES, None)
    else:
        session.info[KEY] = day if known is None else min(known, day)
        session.info.setdefault(PROGRAMMES, set()).update(programmes)


def _held(instance, key: str) -> Iterable:
    """Every value the attribute ``key`` of ``instance`` holds or held in this flush (new, unchanged and replaced
    values, as far as they are loaded)."""
    history = inspect(instance).attrs[key].history
    return (*history.added, *history.unchanged, *history.deleted)


def _own_dates(instance) -> Iterable[dt.date]:
    """Every date ``instance`` holds or held in this flush (new, unchanged and replaced values)."""
    state = inspect(instance)
    for column in state.mapper.columns:
        if isinstance(column.type, Date) and column.key in state.attrs:
            yield from (value for value in _held(instance, column.key) if isinstance(value, dt.date))


def _linked(instance) -> list:
    """``instance``, and the request or trajectory it is linked to in this session (maybe before its owner had
    an id)."""
    state = inspect(instance)
    owners = (state.attrs[attribute].loaded_value
              for attribute in ("request", "trajectory") if attribute in state.attrs)
    return [instance, *(owner for owner in owners if isinstance(owner, (Request, Trajectory)))]


def _owners(instance) -> tuple[set[int], set[int]]:
    """The ids of the requests and of the trajectories ``instance`` belongs to, as far as they are stored."""
    requests, trajectories = set(), set()
    for linked in _linked(instance):
        if isinstance(linked, Request):
            requests.add(linked.id)
        elif isinstance(linked, (RequestTheme, StatusChange, Trajectory)):
            requests.add(linked.request_id)
            if isinstance(linked, Trajectory):
                trajectories.add(linked.id)
        else:
            trajectories.add(linked.trajectory_id)
    return requests - {None}, trajectories - {None}


def _own_programmes(instance) -> set[int]:
    """The ids of the programmes ``instance`` and the request or trajectory it is linked to hold or held in this
    flush (those of stored requests the database knows too: ``_stored``)."""
    found = set()
    for linked in _linked(instance):
        if isinstance(linked, (Request, Trajectory)):
            found.update(_held(linked, "programme_id"))
        if isinstance(linked, Request):  # a programme set through the relationship, its id not copied yet
            found.update(programme.id for programme in _held(linked, "programme") if programme is not None)
    return found - {None}


def _stored(session: Session, requests: set[int], trajectories: set[int]) -> tuple[dt.date | None, set[int]]:
    """The earliest stored date of the requests ``requests`` and of those of ``trajectories`` (their own dates,
    their trajectories' and their evaluations'), and the programmes these requests and their trajectories are
    stored in."""
    owners = select(select(Request.id).where(Request.id.in_(requests)).union(
        select(Trajectory.request_id).where(Trajectory.id.in_(trajectories))).subquery().c.id)
    parts = [select(func.min(date).label("day")).select_from(table).where(request_id.in_(owners))
             for date, request_id, table in event_dates()]
    day = session.execute(select(func.min(union_all(*parts).subquery().c.day))).scalar_one()
    programmes = session.execute(union_all(select(Request.programme_id).where(Request.id.in_(owners)),
                                           select(Trajectory.programme_id).where(Trajectory.request_id.in_(owners))))
    return day, set(programmes.scalars())


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    """Record the first day and the programmes the objects about to be flushed touch."""
    if session.info.get(KEY) == FULL:
        return
    days: list[dt.date] = []
    programmes: set[int] = set()
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
        programmes |= _own_programmes(instance)
        owned_requests, owned_trajectories = _owners(instance)
        requests |= owned_requests
        trajectories |= owned_trajectories
    if len(requests) + len(trajectories) > MAX_REQUESTS:
        _record(session, None)
        return
    if requests or trajectories:
        stored_day, stored_programmes = _stored(session, requests, trajectories)
        programmes |= stored_programmes
        if stored_day is not None:
            days.append(stored_day)
    if days:
        _record(session, min(days), programmes)


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
