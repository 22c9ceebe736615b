"""The programmes side by side on a date: requests against target, trajectories, dagdelen against budget, and
time elapsed against progress made (``GET /api/v1/programmes``, ``python -m dashboard programme list``).

The counts come from the monthly levels grouped by programme (one read for all programmes), or from the base
tables per programme when the levels do not match the data. A programme *lags its pace* when, while it runs
and at least a tenth of its period has gone, its requests are below ``PACE_SHARE`` of what an even pace
towards its target would have brought by then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from dashboard.data.queries import levels
from dashboard.data.queries.filters import Filters
from dashboard.data.queries.summary import headline_from_base_tables
from dashboard.data.derived.running_totals import first_day, month_number
from dashboard.data.derived.snapshots import current
from dashboard.data.queries.sql_functions import month_index
from dashboard.data.schema.models import Programme, Request, Status, monthly_totals

PACE_SHARE = 0.75
"""Below this share of an even pace's requests a running programme lags."""


@dataclass(frozen=True)
class ProgrammeFigures:
    """One programme's settings and figures on a date."""

    slug: str
    name: str
    target: int
    budget: int
    starts_on: dt.date
    ends_on: dt.date
    themes: tuple[str, ...]
    requests: int
    started: int
    running: int
    completed: int
    dagdelen: int
    elapsed: float  # the share of the period gone by the date, 0 to 1
    progress: float  # requests against the target
    lags: bool

    def as_dict(self) -> dict:
        """The JSON shape of ``GET /api/v1/programmes``."""
        return {"slug": self.slug, "name": self.name, "target": self.target, "dagdelen_budget": self.budget,
                "starts_on": self.starts_on.isoformat(), "ends_on": self.ends_on.isoformat(),
                "themes": list(self.themes), "requests": self.requests, "started": self.started,
                "running": self.running, "completed": self.completed, "dagdelen": self.dagdelen,
                "elapsed": round(self.elapsed, 3), "progress": round(self.progress, 3), "lags_pace": self.lags}


def elapsed_share(starts_on: dt.date, ends_on: dt.date, as_of: dt.date) -> float:
    """The share (0-1) of the period from ``starts_on`` to ``ends_on`` gone by ``as_of``."""
    days = (ends_on - starts_on).days + 1
    return min(1.0, max(0.0, ((as_of - starts_on).days + 1) / days))


def lags_pace(elapsed: float, progress: float) -> bool:
    """Whether a programme with ``elapsed`` of its period gone and ``progress`` towards its target lags."""
    return 0.1 <= elapsed < 1.0 and progress < PACE_SHARE * elapsed


def _counts(session: Session, as_of: dt.date, rows) -> dict[int, tuple[int, int, int, int, int]]:
    """Per programme id: requests, started, running, completed and dagdelen on ``as_of``."""
    grouped = levels.as_of(session, as_of, Filters(), by=("programme_id",),
                           measures=("received", "started", "dagdelen_sum", f"status_{Status.RUNNING.value}",
                                     f"status_{Status.WORK_FINISHED.value}", f"status_{Status.COMPLETED.value}"))
    if grouped is None:
        counts = {}
        for row in rows:
            head = headline_from_base_tables(session, as_of, Filters(programme=row.slug))
            counts[row.id] = (head.requests, head.started, head.running, head.completed, head.dagdelen.total)
        return counts
    return {int(g.programme_id): (int(g.received), int(g.started),
                                  int(g.status_running + g.status_work_finished), int(g.status_completed),
                                  int(g.dagdelen_sum)) for g in grouped.itertuples()}


def programme_figures(session: Session, as_of: dt.date,
                      slugs: set[str] | frozenset[str] | None = None) -> list[ProgrammeFigures]:
    """Every programme (or those of ``slugs``) with its figures on ``as_of``, in the order they were added."""
    rows = session.execute(select(Programme).order_by(Programme.id)).scalars().all()
    rows = [row for row in rows if slugs is None or row.slug in slugs]
    counts = _counts(session, as_of, rows)
    figures = []
    for row in rows:
        requests, started, running, completed, dagdelen = counts.get(row.id, (0, 0, 0, 0, 0))
        elapsed, progress = elapsed_share(row.starts_on, row.ends_on, as_of), requests / row.target_requests
        figures.append(ProgrammeFigures(row.slug, row.name, row.target_requests, row.dagdelen_budget, row.starts_on,
                                        row.ends_on, tuple(row.themes.split(",")), requests, started, running,
                                        completed, dagdelen, elapsed, progress, lags_pace(elapsed, progress)))
    return figures


MAX_SHOWN = 12  # a portfolio of more programmes shows the ones running, lagging first, as charts at most this many


def on_view(figures: list[ProgrammeFigures], as_of: dt.date) -> list[ProgrammeFigures]:
    """The programmes a portfolio shows: all of them up to ``MAX_SHOWN``; of more, those running on ``as_of``,
    those behind their pace first, then the largest (the rest are in the download)."""
    if len(figures) <= MAX_SHOWN:
        return figures
    running = [figure for figure in figures if figure.starts_on <= as_of <= figure.ends_on]
    return sorted(running, key=lambda figure: (not figure.lags, -figure.requests))


def burn_up(session: Session, as_of: dt.date, slugs: set[str] | frozenset[str] | None = None) -> pd.DataFrame:
    """Per programme (or those of ``slugs``) and month ended by ``as_of``: the requests received by the month's
    end (``slug``, ``month_end``, ``received``), from ``monthly_totals`` (one row a month and programme) or, when
    stale, from the requests. The count on ``as_of`` itself is ``programme_figures``'s."""
    last = month_number(as_of + dt.timedelta(days=1)) - 1  # the last month ended by ``as_of``
    chosen = true() if slugs is None else Programme.slug.in_(sorted(slugs))
    if current(session) is not None:
        rows = session.execute(
            select(Programme.slug, monthly_totals.c.month, monthly_totals.c.received)
            .join(Programme, Programme.id == monthly_totals.c.programme_id)
            .where(monthly_totals.c.month <= last, chosen)).all()
        frame = pd.DataFrame(rows, columns=["slug", "month", "received"])
    else:
        month = month_index(Request.received_on)
        rows = session.execute(
            select(Programme.slug, month, func.count())
            .join(Programme, Programme.id == Request.programme_id)
            .where(Request.received_on < first_day(last + 1), chosen).group_by(Programme.slug, month)).all()
        frame = pd.DataFrame(rows, columns=["slug", "month", "received"]).sort_values("month")
        frame["received"] = frame.groupby("slug")["received"].cumsum()
    frame["month_end"] = [first_day(int(month) + 1) - dt.timedelta(days=1) for month in frame["month"]]
    return frame.sort_values(["slug", "month"])[["slug", "month_end", "received"]].reset_index(drop=True)
