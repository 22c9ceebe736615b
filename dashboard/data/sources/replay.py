"""The reconstruction as a dated stream of writes, applied all at once (load-demo) or in real time (simulate).

Each ``ReplayEvent`` is one thing that happened on one day: an advisor
joining, an absence, a request arriving, a status change, a hand-over or an
evaluation form. Applying the stream in order through the lifecycle gives the
same database whether it is written in one transaction or spread over time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from dashboard.data.schema import lifecycle
from dashboard.data.schema.models import (
    Absence,
    AbsenceKind,
    Advisor,
    AuditEvent,
    Base,
    DataVersion,
    Evaluation,
    Gemeente,
    Handover,
    Organisation,
    OrganisationKind,
    Programme,
    ProgrammeEvent,
    Province,
    Request,
    RequestTheme,
    Status,
    Trajectory,
    User,
)
from dashboard.data.sources.reconstruction import (
    Plan,
    PlannedAbsence,
    PlannedAdvisor,
    PlannedEvaluation,
    PlannedHandover,
    PlannedRequest,
    PlannedTrajectory,
)
from dashboard.data.sources.seed_sources import SeedData


class Lookup:
    """Find rows by their natural keys (names) within one session, with a small cache of ids."""

    def __init__(self, session: Session):
        self.session = session
        self._ids: dict[tuple[type, str], int] = {}

    def get(self, model: type, name: str, column: str = "name"):
        """The row of ``model`` whose ``column`` equals ``name``."""
        key = (model, name)
        if key in self._ids:
            return self.session.get(model, self._ids[key])
        row = self.session.execute(select(model).where(getattr(model, column) == name)).scalar_one()
        self._ids[key] = row.id
        return row

    @property
    def programme(self) -> Programme:
        """The programme the reconstruction is written to: the first (``write_reference`` writes it first)."""
        key = (Programme, "")
        if key not in self._ids:
            self._ids[key] = self.session.execute(select(func.min(Programme.id))).scalar_one()
        return self.session.get(Programme, self._ids[key])

    def request_of(self, gemeente: str) -> Request:
        """The request of the reconstruction made for ``gemeente`` (one per gemeente)."""
        key = (Request, gemeente)
        if key not in self._ids:
            self._ids[key] = self.session.execute(
                select(Request.id).join(Gemeente, Gemeente.id == Request.gemeente_id).where(Gemeente.name == gemeente)
            ).scalar_one()
        return self.session.get(Request, self._ids[key])


@dataclass(frozen=True)
class ReplayEvent:
    """One dated write; ``order`` keeps same-day writes in their natural sequence."""

    on: dt.date
    order: tuple[int, int, int]
    describe: str
    apply: Callable[[Lookup], None]


def clear(session: Session) -> None:
    """Delete the programme's data from every table and restart the ids (users, audit log and version stay)."""
    kept = {DataVersion.__tablename__, User.__tablename__, AuditEvent.__tablename__}
    tables = [t for t in Base.metadata.sorted_tables if t.name not in kept]
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"TRUNCATE {', '.join(t.name for t in tables)} RESTART IDENTITY CASCADE"))
        return
    for table in reversed(tables):
        session.execute(delete(table))


def write_reference(session: Session, seed: SeedData) -> Programme:
    """Programme, milestones, provinces, gemeenten and organisations: what exists before any event; the programme."""
    programme = Programme(name=seed.programme.name, slug=seed.programme.slug, target_requests=seed.programme.target_requests,
                          dagdelen_budget=seed.programme.dagdelen_budget, starts_on=seed.programme.starts_on,
                          ends_on=seed.programme.ends_on)
    session.add(programme)
    session.flush()
    session.add_all(ProgrammeEvent(programme_id=programme.id, kind=e.kind, occurred_on=e.occurred_on, label=e.label)
                    for e in seed.events)
    provinces = {p.name: Province(code=p.code, name=p.name, gemeenten_2008=p.gemeenten_2008) for p in seed.provinces}
    session.add_all(provinces.values())
    names = list(seed.gemeenten) + [(n.gemeente, n.province) for n in seed.not_started]
    session.add_all(Gemeente(name=name, province=provinces[province], latitude=seed.coordinates[name][0],
                             longitude=seed.coordinates[name][1]) for name, province in names)
    capacity = dict(seed.capacity)
    session.add_all(Organisation(name=o.name, kind=OrganisationKind(o.kind),
                                 province=provinces[o.province] if o.province else None,
                                 dagdelen_per_advisor_week=capacity.get(o.name, 1.0))
                    for o in seed.organisations)
    session.flush()
    return programme


def _advisor_joins(advisor: PlannedAdvisor) -> Callable[[Lookup], None]:
    def apply(find: Lookup) -> None:
        find.session.add(Advisor(name=advisor.name, organisation=find.get(Organisation, advisor.organisation),
                                 in_pool=advisor.in_pool, active_from=advisor.active_from))
    return apply


def _absence_starts(absence: PlannedAbsence) -> Callable[[Lookup], None]:
    def apply(find: Lookup) -> None:
        advisor = find.get(Advisor, absence.advisor)
        if absence.kind is AbsenceKind.VERTREK:
            advisor.active_to = absence.starts_on - dt.timedelta(days=1)
        find.session.add(Absence(advisor=advisor, kind=absence.kind, starts_on=absence.starts_on,
                                 ends_on=absence.ends_on, note=absence.note))
    return apply


def _request_arrives(planned: PlannedRequest) -> Callable[[Lookup], None]:
    def apply(find: Lookup) -> None:
        request = Request(programme=find.programme, gemeente=find.get(Gemeente, planned.gemeente), received_on=planned.received_on,
                          applicant_type=planned.applicant_type, channel=planned.channel,
                          themes=[RequestTheme(theme=theme) for theme in planned.themes])
        find.session.add(request)
        lifecycle.open_request(request)
    return apply


def _status_changes(planned: PlannedRequest, status: Status, on: dt.date,
                    reason: str | None) -> Callable[[Lookup], None]:
    def apply(find: Lookup) -> None:
        request = find.request_of(planned.gemeente)
        t = planned.trajectory
        if t is not None and status is Status.RUNNING:
            first = t.handovers[0] if t.handovers else None
            request.trajectory = Trajectory(
                nr=t.nr, province=find.get(Province, t.province),
                intake_organisation=find.get(Organisation, t.intake_organisation),
                organisation=find.get(Organisation, first.from_organisation if first else t.organisation),
                advisor=find.get(Advisor, first.from_advisor if first else t.advisor),
                dagdelen=t.dagdelen, planned_end_on=t.planned_end_on, result=t.result,
                gemeenten=[find.get(Gemeente, name) for name in t.gemeenten],
            )
        lifecycle.change_status(request, status, on, reason)
    return apply


def _handed_over(t: PlannedTrajectory, h: PlannedHandover) -> Callable[[Lookup], None]:
    def apply(find: Lookup) -> None:
        trajectory = find.get(Trajectory, t.nr, column="nr")
        to_advisor = find.get(Advisor, h.to_advisor)
        to_organisation = find.get(Organisation, h.to_organisation)
        trajectory.handovers.append(Handover(
            handed_over_on=h.on, from_advisor=find.get(Advisor, h.from_advisor), to_advisor=to_advisor,
            from_organisation=find.get(Organisation, h.from_organisation), to_organisation=to_organisation,
            reason=h.reason,
        ))
        trajectory.advisor = to_advisor
        trajectory.organisation = to_organisation
    return apply


def _form_received(t: PlannedTrajectory, e: PlannedEvaluation) -> Callable[[Lookup], None]:
    def apply(find: Lookup) -> None:
        marks = e.marks
        find.session.add(Evaluation(
            trajectory=find.get(Trajectory, t.nr, column="nr"), received_on=e.received_on, mark_results=marks[0],
            mark_process=marks[1], mark_quality=marks[2], mark_presentation=marks[3], mark_service=marks[4],
            remarks=e.remarks,
        ))
    return apply


def events(plan: Plan) -> list[ReplayEvent]:
    """Every write of the plan, in the order it happened."""
    stream: list[ReplayEvent] = []
    for index, advisor in enumerate(plan.advisors):
        stream.append(ReplayEvent(advisor.active_from, (0, index, 0), f"adviseur {advisor.name} begint",
                                  _advisor_joins(advisor)))
    for index, absence in enumerate(plan.absences):
        stream.append(ReplayEvent(absence.starts_on, (1, index, 0), f"afwezigheid {absence.advisor}",
                                  _absence_starts(absence)))
    for index, planned in enumerate(plan.requests):
        stream.append(ReplayEvent(planned.received_on, (2, index, 0), f"aanvraag {planned.gemeente}",
                                  _request_arrives(planned)))
        for step, (status, on, reason) in enumerate(planned.history[1:], start=1):
            stream.append(ReplayEvent(on, (2, index, step), f"{planned.gemeente}: {lifecycle.STATUS_LABELS[status]}",
                                      _status_changes(planned, status, on, reason)))
        t = planned.trajectory
        if t is None:
            continue
        for step, h in enumerate(t.handovers):
            stream.append(ReplayEvent(h.on, (3, index, step), f"overdracht traject {t.nr}", _handed_over(t, h)))
        if t.evaluation is not None:
            stream.append(ReplayEvent(t.evaluation.received_on, (4, index, 0), f"evaluatie traject {t.nr}",
                                      _form_received(t, t.evaluation)))
    return sorted(stream, key=lambda e: (e.on, e.order))


def apply_events(session: Session, stream: Iterable[ReplayEvent], find: Lookup | None = None) -> int:
    """Apply ``stream`` in ``session`` (the caller commits); returns how many events were applied."""
    find = find or Lookup(session)
    count = 0
    for event in stream:
        event.apply(find)
        session.flush()
        count += 1
    return count


def has_programme_data(session: Session) -> bool:
    """Tell whether the database already holds a programme."""
    return session.execute(select(Programme.id).limit(1)).first() is not None

