"""The stuurgroep's meetings: programme events whose kind starts with ``stuurgroep`` (seed and import)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from dashboard.data.queries.filters import programme_id
from dashboard.data.schema.models import ProgrammeEvent

MEETING_KIND = "stuurgroep"
"""The kind of a stuurgroep meeting is ``stuurgroep_1``, ``stuurgroep_2``, ...: one event each."""


def meetings(session: Session, programme: str | None = None) -> list[tuple[dt.date, str]]:
    """Every stuurgroep meeting of the programme ``programme`` (a slug; None: every programme, for a database of
    one) as (date, title), oldest first."""
    rows = session.execute(
        select(ProgrammeEvent.occurred_on, ProgrammeEvent.label)
        .where(ProgrammeEvent.kind.like(f"{MEETING_KIND}%"),
               ProgrammeEvent.programme_id == programme_id(programme) if programme else true())
        .order_by(ProgrammeEvent.occurred_on)
    ).all()
    return [(row.occurred_on, row.label) for row in rows]
