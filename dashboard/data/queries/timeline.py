"""The programme over time: requests and trajectories per period, lead times, and the programme's milestones."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from dashboard.data.models import ProgrammeEvent, Request, Trajectory
from dashboard.data.queries.filters import NO_FILTERS, Filters, request_condition, trajectories_within
from dashboard.data.queries.sql_functions import PERIOD_START, days_between
from dashboard.formatting import MONTHS

LEAD_TIMES = {
    "request_to_start": (Request.received_on, Trajectory.started_on),
    "start_to_work_finished": (Trajectory.started_on, Trajectory.work_finished_on),
    "start_to_completed": (Trajectory.started_on, Trajectory.completed_on),
}
TIMELINE_COLUMNS = ["period_start", "label", "received", "started", "work_finished", "completed", "received_cum",
                    "started_cum", "work_finished_cum", "completed_cum", "in_progress", "work_done_admin_open"]


def period_label(start: dt.date, freq: str) -> str:
    """A Dutch label for the period starting on ``start``: 'okt 2006' or 'wk 41 2006'."""
    if freq == "month":
        return f"{MONTHS[start.month - 1]} {start.year}"
    year, week, _ = start.isocalendar()
    return f"wk {week} {year}"


def period_starts(first: dt.date, last: dt.date, freq: str) -> list[dt.date]:
    """Every period start from the period holding ``first`` to the one holding ``last``."""
    if freq == "month":
        current = first.replace(day=1)
        starts = []
        while current <= last:
            starts.append(current)
            current = (current + dt.timedelta(days=32)).replace(day=1)
        return starts
    current = first - dt.timedelta(days=first.weekday())
    return [current + dt.timedelta(weeks=i) for i in range((last - current).days // 7 + 1)]


def _counts_per_period(session: Session, column, as_of: dt.date, filters: Filters, freq: str) -> pd.Series:
    """How many rows have ``column`` in each period, up to ``as_of``."""
    period = PERIOD_START[freq](column)
    if column.class_ is Trajectory:
        query = trajectories_within(select(period, func.count()).select_from(Trajectory), filters)
    else:
        query = select(period, func.count()).where(request_condition(filters))
    query = query.where(column <= as_of).group_by(period)
    rows = session.execute(query).all()
    return pd.Series({start: count for start, count in rows}, dtype="int64")


def timeline(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS, freq: str = "month",
             since: dt.date | None = None) -> pd.DataFrame:
    """Per month or week up to ``as_of``: new and cumulative requests, starts, finished work and completions.

    ``in_progress`` counts started trajectories whose work is not finished;
    ``work_done_admin_open`` those whose work is done but not administratively completed.
    """
    if freq not in PERIOD_START:
        raise ValueError(f"onbekende periode '{freq}'; kies 'month' of 'week'")
    series = {
        "received": _counts_per_period(session, Request.received_on, as_of, filters, freq),
        "started": _counts_per_period(session, Trajectory.started_on, as_of, filters, freq),
        "work_finished": _counts_per_period(session, Trajectory.work_finished_on, as_of, filters, freq),
        "completed": _counts_per_period(session, Trajectory.completed_on, as_of, filters, freq),
    }
    known = [start for s in series.values() for start in s.index]
    if not known:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    starts = period_starts(min([*known, *([since] if since else [])]), as_of, freq)
    frame = pd.DataFrame({"period_start": starts})
    frame["label"] = [period_label(start, freq) for start in starts]
    for name, counts in series.items():
        frame[name] = [int(counts.get(start, 0)) for start in starts]
        frame[f"{name}_cum"] = frame[name].cumsum()
    frame["in_progress"] = frame["started_cum"] - frame["work_finished_cum"]
    frame["work_done_admin_open"] = frame["work_finished_cum"] - frame["completed_cum"]
    return frame[TIMELINE_COLUMNS]


def _middle_values(measure: str, first, second, as_of: dt.date, filters: Filters, freq: str):
    """Per period of ``second``: the one or two middle lead times (in days) and the number of trajectories.

    The trajectories of a period are numbered by lead time in SQL; only the middle row (odd n) or
    the two middle rows (even n) come back, so the result has at most two rows per period.
    """
    period = PERIOD_START[freq](second)
    days = days_between(first, second)
    ranked = (
        select(period.label("period_start"), days.label("days"),
               func.row_number().over(partition_by=period, order_by=days).label("position"),
               func.count().over(partition_by=period).label("n"))
        .select_from(Trajectory).where(second <= as_of)
    )
    if first.class_ is Request:  # the lead time itself needs the request
        ranked = ranked.join(Request, Request.id == Trajectory.request_id).where(request_condition(filters))
    else:
        ranked = trajectories_within(ranked, filters)
    ranked = ranked.subquery()
    return (select(literal(measure).label("measure"), ranked.c.period_start, ranked.c.days, ranked.c.n)
            .where(or_(ranked.c.position == (ranked.c.n + 1) // 2, ranked.c.position == ranked.c.n // 2 + 1)))


def lead_times(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS, freq: str = "month") -> pd.DataFrame:
    """Median days per period for each lead time, by the period of its second event (up to ``as_of``).

    The exact median comes from SQL: per period only the middle one or two lead times are
    read (the mean of the two for an even number), so no row-level data leaves the database.
    """
    rows = session.execute(union_all(*(
        _middle_values(measure, first, second, as_of, filters, freq)
        for measure, (first, second) in LEAD_TIMES.items()
    ))).all()
    middles = pd.DataFrame(rows, columns=["measure", "period_start", "days", "n"])
    parts = [(start, period_label(start, freq), measure, float(group["days"].astype(float).mean()), int(n))
             for (start, measure, n), group in middles.groupby(["period_start", "measure", "n"], sort=False)]
    frame = pd.DataFrame(parts, columns=["period_start", "label", "measure", "median_days", "n"])
    return frame.sort_values(["period_start", "measure"], ignore_index=True)


def programme_events(session: Session, as_of: dt.date) -> pd.DataFrame:
    """The programme's milestones (website, mailing, registration closed, end) up to ``as_of``."""
    rows = session.execute(
        select(ProgrammeEvent.kind, ProgrammeEvent.occurred_on, ProgrammeEvent.label)
        .where(ProgrammeEvent.occurred_on <= as_of)
        .order_by(ProgrammeEvent.occurred_on)
    ).all()
    return pd.DataFrame(rows, columns=["kind", "occurred_on", "label"])
