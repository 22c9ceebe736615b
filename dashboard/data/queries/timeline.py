"""The programme over time: requests and trajectories per period, lead times, and the programme's milestones."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Integer, and_, cast, func, literal, or_, select, true, union_all
from sqlalchemy.orm import Session

from dashboard.data.schema.models import ProgrammeEvent, Request, Trajectory
from dashboard.data.queries import levels
from dashboard.data.queries.filters import NO_FILTERS, Filters, programme_id, request_condition, trajectories_within
from dashboard.data.queries.sql_functions import PERIOD_START, days_between
from dashboard.formatting import MONTHS

LEAD_TIMES = {
    "request_to_start": (Request.received_on, Trajectory.started_on),
    "start_to_work_finished": (Trajectory.started_on, Trajectory.work_finished_on),
    "start_to_completed": (Trajectory.started_on, Trajectory.completed_on),
}
SHOWN_PERIODS = {"month": 60, "week": 156}
"""How many periods the Tijdlijn page shows: five years, or three (AVI 130 took two); downloads have all."""
LEAD_TIME_MONTHS = 24
"""The months of lead times the Tijdlijn page shows: each is a median over single trajectories, counted from
the base tables, so fewer months than the timeline keep a national programme's page quick."""
SERIES = {"received": Request.received_on, "started": Trajectory.started_on,
          "work_finished": Trajectory.work_finished_on, "completed": Trajectory.completed_on}
"""The timeline's counts, each by the period of its date; also the names of their monthly levels."""
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


def _counts_per_period(session: Session, column, as_of: dt.date, filters: Filters, freq: str,
                       start: dt.date | None = None) -> pd.Series:
    """How many rows have ``column`` in each period, up to ``as_of`` (from ``start`` on, if given)."""
    period = PERIOD_START[freq](column)
    if column.class_ is Trajectory:
        query = trajectories_within(select(period, func.count()).select_from(Trajectory), filters)
    else:
        query = select(period, func.count()).where(request_condition(filters))
    query = query.where(column <= as_of, *([column >= start] if start else [])).group_by(period)
    rows = session.execute(query).all()
    return pd.Series({start: count for start, count in rows}, dtype="int64")


def _series(session: Session, as_of: dt.date, filters: Filters, freq: str,
            start: dt.date | None = None) -> dict[str, pd.Series]:
    """The four counts per period, from the base tables through the indexes on their dates."""
    return {name: _counts_per_period(session, column, as_of, filters, freq, start)
            for name, column in SERIES.items()}


def timeline(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS, freq: str = "month",
             since: dt.date | None = None, last: int | None = None) -> pd.DataFrame:
    """Per month or week up to ``as_of``: new and cumulative requests, starts, finished work and completions.

    The periods run from the first with data (or ``since``, if earlier) to the one holding ``as_of``;
    ``last`` keeps only the last that many, with the cumulative counts of all before them (a national
    programme of decades: the months before come from the monthly levels, not from counting them).
    ``in_progress`` counts started trajectories whose work is not finished;
    ``work_done_admin_open`` those whose work is done but not administratively completed.
    """
    if freq not in PERIOD_START:
        raise ValueError(f"onbekende periode '{freq}'; kies 'month' of 'week'")
    if last is not None and _reaches_before(session, _window(as_of, freq, last)):
        windowed = _last_periods(session, as_of, filters, freq, since, last)
        if windowed is not None:
            return windowed
    series = _series(session, as_of, filters, freq)
    known = [start for s in series.values() for start in s.index]
    if not known:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    starts = period_starts(min([*known, *([since] if since else [])]), as_of, freq)
    frame = _frame(starts, freq, {name: [int(counts.get(start, 0)) for start in starts]
                                  for name, counts in series.items()}, dict.fromkeys(SERIES, 0))
    return frame if last is None else frame.tail(last).reset_index(drop=True)


def _frame(starts: list[dt.date], freq: str, new: dict[str, list[int]], before: dict[str, int]) -> pd.DataFrame:
    """The timeline's rows for ``starts``: the new counts per period, cumulated on top of ``before``."""
    frame = pd.DataFrame({"period_start": starts})
    frame["label"] = [period_label(start, freq) for start in starts]
    for name in SERIES:
        frame[name] = pd.Series(new[name], dtype="int64")
        frame[f"{name}_cum"] = frame[name].cumsum() + before[name]
    frame["in_progress"] = frame["started_cum"] - frame["work_finished_cum"]
    frame["work_done_admin_open"] = frame["work_finished_cum"] - frame["completed_cum"]
    return frame[TIMELINE_COLUMNS]


def _shift(start: dt.date, freq: str, periods: int) -> dt.date:
    """The start of the period ``periods`` periods after the one starting on ``start`` (negative: before)."""
    if freq == "week":
        return start + dt.timedelta(weeks=periods)
    return levels.first_day(levels.month_number(start) + periods)


def _window(as_of: dt.date, freq: str, last: int) -> dt.date:
    """The start of the first of the ``last`` periods up to the one holding ``as_of``."""
    return _shift(period_starts(as_of, as_of, freq)[0], freq, -(last - 1))


def _reaches_before(session: Session, day: dt.date) -> bool:
    """Whether any request came in before ``day`` (else counting everything is as quick as the window)."""
    return (session.execute(select(func.min(Request.received_on))).scalar_one() or day) < day


def _last_periods(session: Session, as_of: dt.date, filters: Filters, freq: str, since: dt.date | None,
                  last: int) -> pd.DataFrame | None:
    """``timeline(..., last=last)`` read from the monthly levels and the window's dates; None if they are stale.

    The counts before the window are the levels on the day before it. Per month, the new counts are the
    differences of the month-end levels; per week, they are counted in the window through the date indexes.
    """
    window = _window(as_of, freq, last)
    before = levels.as_of(session, window - dt.timedelta(days=1), filters)
    if before is None:
        return None
    before = {name: int(before[name].sum()) for name in SERIES}
    starts = period_starts(window, as_of, freq)
    if freq == "month":
        ends = levels.month_ends(session, levels.month_number(window) - 1, levels.month_number(as_of) - 1, filters,
                                 list(SERIES))
        now = levels.as_of(session, as_of, filters)
        cumulative = pd.concat([ends, pd.DataFrame([{name: now[name].sum() for name in SERIES}])])
        new = {name: [int(n) for n in cumulative[name].diff().iloc[1:]] for name in SERIES}
    else:
        series = _series(session, as_of, filters, freq, start=window)
        new = {name: [int(counts.get(start, 0)) for start in starts] for name, counts in series.items()}
    if not any(before.values()):  # nothing before the window: start where the data (or ``since``) does
        known = [start for start in starts if any(new[name][starts.index(start)] for name in SERIES)]
        if not known:
            return pd.DataFrame(columns=TIMELINE_COLUMNS)
        first = max(window, min(known[0], period_starts(since, since, freq)[0]) if since else known[0])
        keep = starts.index(first)
        starts, new = starts[keep:], {name: counts[keep:] for name, counts in new.items()}
    return _frame(starts, freq, new, before)


def _middle_values(measure: str, first, second, as_of: dt.date, filters: Filters, freq: str,
                   start: dt.date | None):
    """Per period of ``second``: the one or two middle lead times (in days) and the number of trajectories.

    The trajectories of a period are counted per lead time in SQL (a few hundred lead times, however many
    trajectories); a running count over them finds the lead time at the middle position (odd n) or the two
    at the middle positions (even n), so the result has at most two rows per period.
    """
    period = PERIOD_START[freq](second)
    days = days_between(first, second)
    counted = (select(period.label("period_start"), days.label("days"), func.count().label("many"))
               .select_from(Trajectory).where(second <= as_of, *([second >= start] if start else [])))
    if first.class_ is Request:  # the lead time itself needs the request
        counted = counted.join(Request, Request.id == Trajectory.request_id).where(request_condition(filters))
    else:
        counted = trajectories_within(counted, filters)
    counted = counted.group_by(period, days).subquery()
    many = counted.c.many
    running = select(
        counted.c.period_start, counted.c.days, many,
        cast(func.sum(many).over(partition_by=counted.c.period_start, order_by=counted.c.days), Integer)
        .label("through"),
        cast(func.sum(many).over(partition_by=counted.c.period_start), Integer).label("n"),
    ).subquery()
    through, n = running.c.through, running.c.n
    middle = ((n + 1) // 2, n // 2 + 1)
    holds = [and_(through - running.c.many < position, position <= through) for position in middle]
    return select(literal(measure).label("measure"), running.c.period_start, running.c.days, n).where(or_(*holds))


def lead_times(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS, freq: str = "month",
               last: int | None = None) -> pd.DataFrame:
    """Median days per period for each lead time, by the period of its second event (up to ``as_of``;
    of the last ``last`` periods only, if given).

    The exact median comes from SQL: per period only the middle one or two lead times are
    read (the mean of the two for an even number), so no row-level data leaves the database; the
    trajectories of the periods asked for are found through the index on the second event's date.
    """
    start = _window(as_of, freq, last) if last is not None else None
    rows = session.execute(union_all(*(
        _middle_values(measure, first, second, as_of, filters, freq, start)
        for measure, (first, second) in LEAD_TIMES.items()
    ))).all()
    middles = pd.DataFrame(rows, columns=["measure", "period_start", "days", "n"])
    parts = [(start, period_label(start, freq), measure, float(group["days"].astype(float).mean()), int(n))
             for (start, measure, n), group in middles.groupby(["period_start", "measure", "n"], sort=False)]
    frame = pd.DataFrame(parts, columns=["period_start", "label", "measure", "median_days", "n"])
    return frame.sort_values(["period_start", "measure"], ignore_index=True)


def programme_events(session: Session, as_of: dt.date, programme: str | None = None) -> pd.DataFrame:
    """The milestones (website, mailing, registration closed, end) up to ``as_of`` of the programme ``programme``
    (a slug; None: of every programme, for a database of one)."""
    rows = session.execute(
        select(ProgrammeEvent.kind, ProgrammeEvent.occurred_on, ProgrammeEvent.label)
        .where(ProgrammeEvent.occurred_on <= as_of,
               ProgrammeEvent.programme_id == programme_id(programme) if programme else true())
        .order_by(ProgrammeEvent.occurred_on)
    ).all()
    return pd.DataFrame(rows, columns=["kind", "occurred_on", "label"])
