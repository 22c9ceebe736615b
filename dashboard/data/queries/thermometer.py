"""The public thermometer: requests received against the target, and whether applying is still possible.

Only three numbers leave this module: the count of requests received on or
before a date, the programme's target, and its state on that date. The state
comes from the programme's dated milestones in ``programme_events``:

- ``registratie_gesloten`` on or before the date: ``wachtlijst`` (new requests join the waiting list);
- ``einde`` on or before the date: ``gesloten`` (the programme is over); when that event is
  missing, the day after the programme's ``ends_on`` counts instead;
- before those: ``open``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import and_, case, exists, func, literal, or_, select, true
from sqlalchemy.orm import Session

from dashboard.data.schema.models import Programme, ProgrammeEvent, Request
from dashboard.data.schema.versioning import data_version

State = Literal["open", "wachtlijst", "gesloten"]
STATES: tuple[State, ...] = ("open", "wachtlijst", "gesloten")
CLOSES_REGISTRATION = "registratie_gesloten"
ENDS_PROGRAMME = "einde"


class NoProgramme(LookupError):
    """The database holds no programme yet."""


@dataclass(frozen=True)
class Thermometer:
    """What the public thermometer shows on a date."""

    as_of: dt.date
    received: int
    target: int
    state: State
    updated_at: dt.datetime | None
    programme: str  # the programme's name, in the widget's heading


def _event_on_or_before(kind: str, as_of: dt.date):
    """A condition: the programme has a milestone ``kind`` dated on or before ``as_of``."""
    return exists(
        select(ProgrammeEvent.id).where(
            ProgrammeEvent.programme_id == Programme.id,
            ProgrammeEvent.kind == literal(kind),
            ProgrammeEvent.occurred_on <= as_of,
        )
    )


def _has_event(kind: str):
    """A condition: the programme has a milestone ``kind`` at all."""
    return exists(select(ProgrammeEvent.id).where(
        ProgrammeEvent.programme_id == Programme.id, ProgrammeEvent.kind == literal(kind)))


def received_target_state(session: Session, as_of: dt.date,
                          programme_id: int | None = None) -> tuple[int, int, State, str]:
    """Count requests received on or before ``as_of`` and read the target, the state and the programme's name, in
    one statement: of the programme ``programme_id``, or of the first with every request (a database of one
    programme)."""
    received = select(func.count(Request.id)).where(
        Request.received_on <= as_of, Request.programme_id == programme_id if programme_id else true())
    ended = or_(
        _event_on_or_before(ENDS_PROGRAMME, as_of),
        and_(~_has_event(ENDS_PROGRAMME), Programme.ends_on < as_of),
    )
    state = case(
        (ended, literal("gesloten")),
        (_event_on_or_before(CLOSES_REGISTRATION, as_of), literal("wachtlijst")),
        else_=literal("open"),
    )
    row = session.execute(
        select(received.label("received"), Programme.target_requests, state.label("state"), Programme.name)
        .where(Programme.id == programme_id if programme_id else true())
        .order_by(Programme.id)
        .limit(1)
    ).first()
    if row is None:
        raise NoProgramme("Er is nog geen programma in de database.")
    return int(row.received), int(row.target_requests), row.state, row.name


def thermometer(session: Session, as_of: dt.date, programme_id: int | None = None) -> Thermometer:
    """The thermometer on ``as_of`` (of the programme ``programme_id``, else of the only one): received, target,
    state, and when the data last changed."""
    received, target, state, name = received_target_state(session, as_of, programme_id)
    _version, changed_at = data_version(session)
    if changed_at is not None and changed_at.tzinfo is None:
        changed_at = changed_at.replace(tzinfo=dt.timezone.utc)  # SQLite returns the stored UTC time naive
    return Thermometer(as_of, received, target, state, changed_at, name)
