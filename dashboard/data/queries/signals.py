"""Signals for project leaders: where an organisation cannot carry its trajectories, as of a date.

Four kinds, each per organisation, with how many trajectories it concerns and the first of them
(``MAX_LINKED`` on the page, counted and numbered in SQL so the page reads a bounded number of rows):

- ``capacity_gap``: the allocated dagdelen exceed the capacity over the horizon (``capacity.py``);
- ``no_active_advisor``: work in progress but no advisor employed and present on that day;
- ``overdue``: work not finished more than ``OVERDUE_WEEKS`` weeks after the planned end;
- ``no_advisor``: work in progress whose advisor on that day is absent, has left, or is missing,
  and that has not been handed over yet.

"Work in progress" is status *running* on the day (started, work not finished). Organisation and
advisor on a day follow the hand-overs made by then (``capacity.trajectories_as_of``).

With a programme, the trajectories counted and named are that programme's only; a capacity gap stays that of
every programme's work together, since an advisor has one week for all of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Select, case, func, literal, select, true, union_all
from sqlalchemy.orm import Session

from dashboard import formatting
from dashboard.data.queries.filters import Filters, in_programme
from dashboard.data.schema.models import Advisor, Organisation
from dashboard.data.queries.capacity import (
    HORIZON_WEEKS,
    IN_PROGRESS,
    absences_on,
    allocated_by_programme,
    employed_on,
    organisation_workload,
    split_by_programme,
    trajectories_as_of,
)

OVERDUE_WEEKS = 8
MAX_LINKED = 5  # trajectories a signal names on the page (it counts all of them): 73 signals at national scale stay short
KINDS = ("capacity_gap", "no_active_advisor", "no_advisor", "overdue")
KIND_LABELS = {
    "capacity_gap": "Capaciteitstekort",
    "no_active_advisor": "Geen actieve adviseur",
    "no_advisor": "Traject zonder beschikbare adviseur",
    "overdue": "Ver over de geplande einddatum",
}


@dataclass(frozen=True)
class Signal:
    """One signal: organisation, kind, a Dutch message, the first trajectory numbers concerned and how many in all."""

    organisation: str
    kind: str
    message: str
    trajectories: tuple[int, ...] = field(default_factory=tuple)
    total: int | None = None  # all trajectories concerned; None: exactly ``trajectories``

    @property
    def label(self) -> str:
        """The Dutch name of the kind."""
        return KIND_LABELS[self.kind]

    @property
    def trajectory_total(self) -> int:
        """How many trajectories the signal concerns, listed or not."""
        return len(self.trajectories) if self.total is None else self.total

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of the API."""
        return {"kind": self.kind, "message": self.message, "trajectories": list(self.trajectories),
                "trajectory_total": self.trajectory_total}


def _work_in_progress(as_of: dt.date, overdue_weeks: int, programme: str | None = None) -> Select:
    """Trajectories with work in progress on ``as_of`` (of the programme ``programme``; any with ``None``), with their
    advisor's state and whether they are overdue."""
    states = trajectories_as_of(as_of, unfinished_only=True)
    absent = absences_on(as_of)  # the few advisors absent that day, found once instead of per trajectory
    advisor_state = case(
        (states.c.advisor_id.is_(None), "missing"),
        (~employed_on(as_of), "left"),
        (absent.c.advisor_id.is_not(None), "absent"),
        else_="available",
    )
    late = as_of - dt.timedelta(weeks=overdue_weeks)
    return (
        select(states.c.nr, states.c.organisation_id, states.c.dagdelen, states.c.started_on,
               states.c.planned_end_on, advisor_state.label("advisor_state"),
               case((states.c.planned_end_on < late, 1), else_=0).label("overdue"))
        .select_from(states)
        .outerjoin(Advisor, Advisor.id == states.c.advisor_id)
        .outerjoin(absent, absent.c.advisor_id == states.c.advisor_id)
        .where(states.c.status == IN_PROGRESS, in_programme(states.c.programme_id, Filters(programme=programme)))
    )


def work_in_progress(session: Session, as_of: dt.date) -> pd.DataFrame:
    """Trajectories with work in progress on ``as_of``: nr, organisation, dagdelen, planned end, advisor state.

    ``advisor_state`` is ``missing`` (no advisor), ``left`` (not employed that day), ``absent`` or ``available``.
    Every row: for tests and scripts; the page counts and lists with ``signal_trajectories``.
    """
    progress = _work_in_progress(as_of, OVERDUE_WEEKS).subquery()
    rows = session.execute(
        select(progress.c.nr, Organisation.name, progress.c.dagdelen, progress.c.planned_end_on,
               progress.c.advisor_state)
        .join(Organisation, Organisation.id == progress.c.organisation_id)
        .order_by(Organisation.id, progress.c.nr)
    ).all()
    return pd.DataFrame(rows, columns=["nr", "organisation", "dagdelen", "planned_end_on", "advisor_state"])


def signal_trajectories(session: Session, as_of: dt.date, overdue_weeks: int = OVERDUE_WEEKS,
                        limit: int | None = MAX_LINKED, running_of: list[str] | None = None,
                        programme: str | None = None) -> pd.DataFrame:
    """Per organisation the first ``limit`` trajectory numbers of each group, with how many the group holds.

    The groups of the trajectories with work in progress on ``as_of``: ``running`` (all of them),
    ``stranded`` (an advisor who is absent, has left or is missing) and ``overdue`` (more than
    ``overdue_weeks`` weeks past the planned end). Running and stranded ones longest running first,
    overdue ones longest past their planned end first; numbered and counted in SQL in one pass over the
    work in progress, so at most ``limit`` rows per organisation and group come back (all with ``None``),
    each with its group's ``total`` and oldest planned end (``earliest_end``). The running group only for
    the organisations ``running_of`` (all with ``None``). Only the trajectories of the programme ``programme`` (a
    slug; any with ``None``).
    """
    # read by each group's query, found once
    progress = _work_in_progress(as_of, overdue_weeks, programme).cte("progress")
    by_start = (progress.c.started_on, progress.c.nr)
    groups = []
    for group, order, condition in (
        ("running", by_start, true() if running_of is None else progress.c.organisation_id.in_(
            select(Organisation.id).where(Organisation.name.in_(running_of)))),
        ("stranded", by_start, progress.c.advisor_state != "available"),
        ("overdue", (progress.c.planned_end_on, progress.c.nr), progress.c.overdue == 1),
    ):
        # each group numbered and counted over its own trajectories only
        organisation = progress.c.organisation_id
        numbered = (select(organisation, progress.c.nr,
                           func.row_number().over(partition_by=organisation, order_by=order).label("position"),
                           func.count().over(partition_by=organisation).label("total"),
                           func.min(progress.c.planned_end_on).over(partition_by=organisation).label("earliest_end"))
                    .where(condition).subquery())
        query = select(numbered.c.organisation_id, literal(group).label("group"), numbered.c.nr, numbered.c.position,
                       numbered.c.total, numbered.c.earliest_end)
        groups.append(query if limit is None else query.where(numbered.c.position <= limit))
    listed = union_all(*groups).subquery()
    rows = session.execute(
        select(Organisation.name, listed.c.group, listed.c.nr, listed.c.total, listed.c.earliest_end)
        .join(Organisation, Organisation.id == listed.c.organisation_id)
        .order_by(Organisation.id, listed.c.group, listed.c.position)
    ).all()
    return pd.DataFrame(rows, columns=["organisation", "group", "nr", "total", "earliest_end"])


def _plural(count: int, one: str, many: str) -> str:
    """'1 traject' / '3 trajecten'."""
    return f"{formatting.number(count)} {one if count == 1 else many}"


def organisation_signals(session: Session, as_of: dt.date, horizon_weeks: int = HORIZON_WEEKS,
                         overdue_weeks: int = OVERDUE_WEEKS, workload: pd.DataFrame | None = None,
                         limit: int | None = MAX_LINKED, programme: str | None = None) -> list[Signal]:
    """Every signal on ``as_of``, the most urgent kinds first, then by organisation (in the usual order).

    Each signal names at most ``limit`` trajectories (all with ``None``) and counts all it concerns: those of the
    programme ``programme`` (a slug; any with ``None``); ``workload`` is ``organisation_workload`` for it.
    """
    if workload is None:
        workload = organisation_workload(session, as_of, horizon_weeks, programme)
    short = [row.organisation for row in workload.itertuples() if row.gap > 0 or row.active_advisors == 0]
    listed = signal_trajectories(session, as_of, overdue_weeks, limit, running_of=short, programme=programme)
    together = " (alle programma's samen)" if programme else ""
    found = {key: (tuple(int(nr) for nr in group["nr"]), int(group["total"].iloc[0]), group["earliest_end"].iloc[0])
             for key, group in listed.groupby(["organisation", "group"])}
    signals: dict[str, list[Signal]] = {kind: [] for kind in KINDS}
    for row in workload.itertuples():
        name = row.organisation
        running, stranded, overdue = (found.get((name, group), ((), 0, None))[1]
                                      for group in ("running", "stranded", "overdue"))

        def signal(kind: str, group: str, total: int, message: str) -> None:
            signals[kind].append(Signal(name, kind, message, found.get((name, group), ((),))[0], int(total)))

        if row.gap > 0:
            signal("capacity_gap", "running", running, (
                f"{name}: {formatting.number(row.allocated)} dagdelen toegewezen aan lopend werk{together}, maar "
                f"{formatting.number(row.capacity)} dagdelen capaciteit in de komende {horizon_weeks} weken "
                f"({formatting.number(row.utilisation)}% bezet, {formatting.number(row.active_advisors)} van "
                f"{formatting.number(row.advisors)} adviseurs actief): {formatting.number(row.gap)} dagdelen tekort."
            ))
        if running and row.active_advisors == 0:
            signal("no_active_advisor", "running", running, (
                f"{name}: {_plural(running, 'traject', 'trajecten')} met lopend werk, maar geen "
                "adviseur in dienst en aanwezig."
            ))
        if stranded:
            signal("no_advisor", "stranded", stranded, (
                f"{name}: {_plural(stranded, 'traject heeft', 'trajecten hebben')} een adviseur "
                "die afwezig of uit dienst is, en nog geen overdracht."
            ))
        if overdue:
            weeks_late = round((as_of - found[(name, "overdue")][2]).days / 7)
            signal("overdue", "overdue", overdue, (
                f"{name}: {_plural(overdue, 'traject loopt', 'trajecten lopen')} meer dan "
                f"{overdue_weeks} weken over de geplande einddatum (tot {weeks_late} weken)."
            ))
    return [signal for kind in KINDS for signal in signals[kind]]


def _number(value: Any, digits: int | None = None) -> Any:
    """A JSON-ready number: None for missing, int or rounded float."""
    if value is None or pd.isna(value):
        return None
    return round(float(value), digits) if digits is not None else int(value)


def organisations_report(session: Session, as_of: dt.date, horizon_weeks: int = HORIZON_WEEKS,
                         overdue_weeks: int = OVERDUE_WEEKS, programme: str | None = None,
                         allowed: frozenset[str] | None = None) -> dict[str, Any]:
    """Every organisation's figures and signals on ``as_of``: the contract of ``/api/v1/organisations``.

    Trajectories and signals are those of the programme ``programme`` (a slug; every programme's with ``None``);
    allocated dagdelen, capacity, utilisation and gap every programme's, with the allocated dagdelen per programme
    (``allocated_by_programme``; those the user may not see, outside ``allowed``, together as ``"andere"``).
    """
    workload = organisation_workload(session, as_of, horizon_weeks, programme)
    split = split_by_programme(allocated_by_programme(session, as_of), programme, allowed)
    by_programme = {name: dict(zip(rows["programme"], rows["allocated"].astype(int)))
                    for name, rows in split.groupby("organisation")}
    by_organisation: dict[str, list[Signal]] = {}
    for signal in organisation_signals(session, as_of, horizon_weeks, overdue_weeks, workload, limit=None,
                                       programme=programme):
        by_organisation.setdefault(signal.organisation, []).append(signal)
    organisations = [{
        "organisation": row.organisation,
        "kind": row.kind,
        "province": row.province if isinstance(row.province, str) else None,
        "advisors": _number(row.advisors),
        "active_advisors": _number(row.active_advisors),
        "trajectories_in_province": _number(row.trajectories_in_province),
        "carried_out": _number(row.carried_out),
        "outside_province": _number(row.outside_province),
        "running": _number(row.running),
        "completed": _number(row.completed),
        "allocated_dagdelen": _number(row.allocated),
        "allocated_by_programme": by_programme.get(row.organisation, {}),
        "dagdelen_per_advisor_week": _number(row.dagdelen_per_advisor_week, 2),
        "capacity_dagdelen": _number(row.capacity, 1),
        "utilisation_percent": _number(row.utilisation, 1),
        "gap_dagdelen": _number(row.gap, 1),
        "signals": [signal.as_dict() for signal in by_organisation.get(row.organisation, [])],
    } for row in workload.itertuples()]
    return {"as_of": as_of.isoformat(), "horizon_weeks": horizon_weeks, "overdue_weeks": overdue_weeks,
            "organisations": organisations}
