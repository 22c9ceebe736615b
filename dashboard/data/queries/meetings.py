"""The stuurgroep's meetings: programme events whose kind starts with ``stuurgroep`` (seed and import)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.data.schema.models import ProgrammeEvent

MEETING_KIND = "stuurgroep"
"""The kind of a stuurgroep meeting is ``stuurgroep_1``, ``stuurgroep_2``, ...: one event each."""


def meetings(session: Session) -> list[tuple[dt.date, str]]:
    """Every stuurgroep meeting as (date, title), oldest first."""
    rows = session.execute(
        select(ProgrammeEvent.occurred_on, ProgrammeEvent.label)
        .where(ProgrammeEvent.kind.like(f"{MEETING_KIND}%"))
        .order_by(ProgrammeEvent.occurred_on)
    ).all()
    return [(row.occurred_on, row.label) for row in rows]
