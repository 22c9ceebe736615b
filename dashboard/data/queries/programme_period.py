"""The programme's own period: when its record ends, the default 'Stand per' once it is over, and the end of the
time axes.

A programme's record ends on the later of its end date and the last date anything was recorded for it (a
request's status date or an evaluation form): the hand-in of reports and invoices after the end still counts.
Once that day has passed, the pages open on it instead of on today, and the time axes (the Tijdlijn, the Kaart's
play control, the CMO's heatmap) stop there even when a later date is chosen: years of unchanged bars after the
end answer no question. While a programme runs, both are simply the chosen date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.data.schema.models import STATUS_DATE_ATTRIBUTE, Evaluation, Programme, Request, Trajectory


@dataclass(frozen=True)
class Period:
    """The programme's start and end dates and the last day of its record."""

    starts_on: dt.date
    ends_on: dt.date
    record_ends_on: dt.date

    def is_over(self, today: dt.date) -> bool:
        """Tell whether the record ended before ``today``."""
        return self.record_ends_on < today

    def axis_end(self, as_of: dt.date) -> dt.date:
        """The last day a time axis shows for the chosen date: the chosen date, or the record's end if earlier."""
        return min(as_of, self.record_ends_on)


def period(session: Session, programme: str | None = None) -> Period | None:
    """The period of the programme ``programme`` (a slug), else of the first; None when there is no programme.

    With a slug the record's end is that programme's; without one, of all the data (a database of one programme).
    """
    first = select(Programme.id, Programme.starts_on, Programme.ends_on).order_by(Programme.id).limit(1)
    row = session.execute(first.where(Programme.slug == programme) if programme else first).first()
    if row is None:
        return None
    # Each maximum is read from its date's index: a handful of index lookups, whatever the size of the tables.
    own = [Request.programme_id == row.id] if programme else []
    last = [session.execute(select(func.max(getattr(Request, attribute))).where(*own)).scalar_one()
            for attribute in STATUS_DATE_ATTRIBUTE.values()]
    forms = select(func.max(Evaluation.received_on))
    if programme:
        forms = forms.join(Trajectory, Trajectory.id == Evaluation.trajectory_id).where(
            Trajectory.programme_id == row.id)
    last.append(session.execute(forms).scalar_one())
    return Period(row.starts_on, row.ends_on, max([row.ends_on, *(day for day in last if day is not None)]))

