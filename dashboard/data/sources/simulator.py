"""Replaying the reconstruction into a database in accelerated real time, to watch the dashboard live."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from dashboard.data.schema.db import session_scope, upgrade
from dashboard.data.sources.reconstruction import build_plan
from dashboard.data.sources.replay import Lookup, apply_events, clear, events, has_programme_data, write_reference
from dashboard.data.sources.seed_sources import read_seed
from dashboard.data.schema.versioning import bump_data_version

SECONDS_PER_DAY = 86_400


class SimulationError(RuntimeError):
    """The simulation cannot start; the message is Dutch."""


def simulate(engine: Engine, start: dt.date, speed: float, fresh: bool = False, until: dt.date | None = None,
             tick: float = 0.25, clock: Callable[[], float] = time.monotonic,
             sleep: Callable[[float], None] = time.sleep, report: Callable[[str], None] = print) -> int:
    """Write the reconstruction's events as simulated time passes; returns the number of events written.

    Simulated time starts at ``start`` and runs ``speed`` simulated seconds per
    real second. Events dated before ``start`` are written at once. Each tick
    writes the events that have become due in one transaction and bumps the
    data version, so the dashboard can notice.
    """
    if speed <= 0:
        raise SimulationError("De snelheid moet groter dan 0 zijn (gesimuleerde seconden per echte seconde).")
    seed = read_seed()
    stream = [e for e in events(build_plan(seed)) if until is None or e.on <= until]
    upgrade(engine)
    sessions = sessionmaker(engine)
    with session_scope(sessions) as session:
        if has_programme_data(session) and not fresh:
            raise SimulationError("De database bevat al gegevens; gebruik --fresh om die eerst te wissen.")
        clear(session)
        write_reference(session, seed)
        bump_data_version(session)
    began = clock()
    position = written = 0
    while position < len(stream):
        today = start + dt.timedelta(days=int((clock() - began) * speed / SECONDS_PER_DAY))
        due = _due(stream, position, today)
        if due > position:
            with session_scope(sessions) as session:
                written += apply_events(session, stream[position:due], Lookup(session))
                bump_data_version(session)
            report(f"{stream[due - 1].on.isoformat()}: {due - position} gebeurtenis(sen), laatste: "
                   f"{stream[due - 1].describe}")
            position = due
        else:
            sleep(tick)
    return written


def _due(stream, position: int, today: dt.date) -> int:
    """The index just past the last event in ``stream`` dated on or before ``today``."""
    while position < len(stream) and stream[position].on <= today:
        position += 1
    return position
