"""Signals for project leaders: where an organisation cannot carry its trajectories, as of a date.

Four kinds, each per organisation and with the trajectories concerned:

- ``capacity_gap``: the allocated dagdelen exceed the capacity over the horizon (``capacity.py``);
- ``no_active_advisor``: work in progress but no advisor employed and present on that day;
- ``overdue``: work not finished more than ``OVERDUE_WEEKS`` weeks after the planned end;
- ``no_advisor``: work in progress whose advisor on that day is absent, has left, or is missing,
  and that has not been handed over yet.

"Work in progress" is status *running* on the day (started, work not finished). Organisation and
advisor on a day follow the hand-overs made by then (``capacity.trajectories_as_of``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import and_, case, exists, select
from sqlalchemy.orm import Session

from dashboard import formatting
from dashboard.data.models import Advisor, Organisation
from dashboard.data.queries.capacity import (
    HORIZON_WEEKS,
    IN_PROGRESS,
    absent_on,
    employed_on,
    organisation_workload,
    trajectories_as_of,
)

OVERDUE_WEEKS = 8
KINDS = ("capacity_gap", "no_active_advisor", "no_advisor", "overdue")
KIND_LABELS = {
    "capacity_gap": "Capaciteitstekort",
    "no_active_advisor": "Geen actieve adviseur",
    "no_advisor": "Traject zonder beschikbare adviseur",
    "overdue": "Ver over de geplande einddatum",
}


@dataclass(frozen=True)
class Signal:
    """One signal: which organisation, what kind, a Dutch message and the trajectory numbers concerned."""

    organisation: str
    kind: str
    message: str
    trajectories: tuple[int, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        """The Dutch name of the kind."""
        return KIND_LABELS[self.kind]

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of the API."""
        return {"kind": self.kind, "message": self.message, "trajectories": list(self.trajectories)}


def work_in_progress(session: Session, as_of: dt.date) -> pd.DataFrame:
    """Trajectories with work in progress on ``as_of``: nr, organisation, dagdelen, planned end, advisor state.

    ``advisor_state`` is ``missing`` (no advisor), ``left`` (not employed that day), ``absent`` or ``available``.
    """
    states = trajectories_as_of(as_of)
    advisor_state = case(
        (states.c.advisor_id.is_(None), "missing"),
        (~exists(select(Advisor.id).where(Advisor.id == states.c.advisor_id, employed_on(as_of))), "left"),
        (absent_on(as_of, states.c.advisor_id), "absent"),
        else_="available",
    )
    rows = session.execute(
        select(states.c.nr, Organisation.name, states.c.dagdelen, states.c.planned_end_on, advisor_state)
        .join(Organisation, Organisation.id == states.c.organisation_id)
        .where(states.c.status == IN_PROGRESS)
        .order_by(Organisation.id, states.c.nr)
    ).all()
    return pd.DataFrame(rows, columns=["nr", "organisation", "dagdelen", "planned_end_on", "advisor_state"])


def overdue_trajectories(session: Session, as_of: dt.date, overdue_weeks: int = OVERDUE_WEEKS) -> pd.DataFrame:
    """Work in progress more than ``overdue_weeks`` weeks past its planned end on ``as_of``, and how many weeks."""
    states = trajectories_as_of(as_of)
    limit = as_of - dt.timedelta(weeks=overdue_weeks)
    rows = session.execute(
        select(states.c.nr, Organisation.name, states.c.planned_end_on)
        .join(Organisation, Organisation.id == states.c.organisation_id)
        .where(and_(states.c.status == IN_PROGRESS, states.c.planned_end_on < limit))
        .order_by(Organisation.id, states.c.planned_end_on, states.c.nr)
    ).all()
    frame = pd.DataFrame(rows, columns=["nr", "organisation", "planned_end_on"])
    frame["weeks_late"] = [round((as_of - end).days / 7) for end in frame["planned_end_on"]]
    return frame


def _plural(count: int, one: str, many: str) -> str:
    """'1 traject' / '3 trajecten'."""
    return f"{formatting.number(count)} {one if count == 1 else many}"


def _nrs(frame: pd.DataFrame) -> tuple[int, ...]:
    """The trajectory numbers of ``frame``, in order."""
    return tuple(int(nr) for nr in frame["nr"])


def organisation_signals(session: Session, as_of: dt.date, horizon_weeks: int = HORIZON_WEEKS,
                         overdue_weeks: int = OVERDUE_WEEKS, workload: pd.DataFrame | None = None) -> list[Signal]:
    """Every signal on ``as_of``, the most urgent kinds first, then by organisation (in the usual order)."""
    if workload is None:
        workload = organisation_workload(session, as_of, horizon_weeks)
    progress = work_in_progress(session, as_of)
    late = overdue_trajectories(session, as_of, overdue_weeks)
    signals: dict[str, list[Signal]] = {kind: [] for kind in KINDS}
    for row in workload.itertuples():
        own = progress[progress.organisation == row.organisation]
        if row.gap > 0:
            signals["capacity_gap"].append(Signal(row.organisation, "capacity_gap", (
                f"{row.organisation}: {formatting.number(row.allocated)} dagdelen toegewezen aan lopend werk, maar "
                f"{formatting.number(row.capacity)} dagdelen capaciteit in de komende {horizon_weeks} weken "
                f"({formatting.number(row.utilisation)}% bezet, {formatting.number(row.active_advisors)} van "
                f"{formatting.number(row.advisors)} adviseurs actief): {formatting.number(row.gap)} dagdelen tekort."
            ), _nrs(own)))
        if not own.empty and row.active_advisors == 0:
            signals["no_active_advisor"].append(Signal(row.organisation, "no_active_advisor", (
                f"{row.organisation}: {_plural(len(own), 'traject', 'trajecten')} met lopend werk, maar geen "
                "adviseur in dienst en aanwezig."
            ), _nrs(own)))
        stranded = own[own.advisor_state != "available"]
        if not stranded.empty:
            signals["no_advisor"].append(Signal(row.organisation, "no_advisor", (
                f"{row.organisation}: {_plural(len(stranded), 'traject heeft', 'trajecten hebben')} een adviseur "
                "die afwezig of uit dienst is, en nog geen overdracht."
            ), _nrs(stranded)))
        overdue = late[late.organisation == row.organisation]
        if not overdue.empty:
            signals["overdue"].append(Signal(row.organisation, "overdue", (
                f"{row.organisation}: {_plural(len(overdue), 'traject loopt', 'trajecten lopen')} meer dan "
                f"{overdue_weeks} weken over de geplande einddatum (tot {int(overdue.weeks_late.max())} weken)."
            ), _nrs(overdue)))
    return [signal for kind in KINDS for signal in signals[kind]]


def _number(value: Any, digits: int | None = None) -> Any:
    """A JSON-ready number: None for missing, int or rounded float."""
    if value is None or pd.isna(value):
        return None
    return round(float(value), digits) if digits is not None else int(value)


def organisations_report(session: Session, as_of: dt.date, horizon_weeks: int = HORIZON_WEEKS,
                         overdue_weeks: int = OVERDUE_WEEKS) -> dict[str, Any]:
    """Every organisation's figures and signals on ``as_of``: the contract of ``/api/v1/organisations``."""
    workload = organisation_workload(session, as_of, horizon_weeks)
    by_organisation: dict[str, list[Signal]] = {}
    for signal in organisation_signals(session, as_of, horizon_weeks, overdue_weeks, workload):
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
        "dagdelen_per_advisor_week": _number(row.dagdelen_per_advisor_week, 2),
        "capacity_dagdelen": _number(row.capacity, 1),
        "utilisation_percent": _number(row.utilisation, 1),
        "gap_dagdelen": _number(row.gap, 1),
        "signals": [signal.as_dict() for signal in by_organisation.get(row.organisation, [])],
    } for row in workload.itertuples()]
    return {"as_of": as_of.isoformat(), "horizon_weeks": horizon_weeks, "overdue_weeks": overdue_weeks,
            "organisations": organisations}
