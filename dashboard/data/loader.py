"""Writing the AVI 130 reconstruction into a database, in one transaction."""

from __future__ import annotations

from sqlalchemy import Engine, delete, text
from sqlalchemy.orm import Session, sessionmaker

from dashboard.data import lifecycle
from dashboard.data.db import session_scope, upgrade
from dashboard.data.models import (
    Absence,
    Advisor,
    Base,
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
    Trajectory,
)
from dashboard.data.reconstruction import Plan, build_plan
from dashboard.data.seed_sources import SeedData, read_seed


def clear(session: Session) -> None:
    """Delete every row of every table and restart the ids, so a reload gives the same content."""
    tables = Base.metadata.sorted_tables
    if session.get_bind().dialect.name == "postgresql":
        names = ", ".join(table.name for table in tables)
        session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return
    for table in reversed(tables):
        session.execute(delete(table))


def _write_reference(session: Session, seed: SeedData) -> tuple[dict, dict, dict]:
    """Programme, events, provinces, gemeenten and organisations; returns lookups by name."""
    programme = Programme(
        name=seed.programme.name,
        target_requests=seed.programme.target_requests,
        dagdelen_budget=seed.programme.dagdelen_budget,
        starts_on=seed.programme.starts_on,
        ends_on=seed.programme.ends_on,
    )
    session.add(programme)
    session.flush()
    session.add_all(ProgrammeEvent(programme_id=programme.id, kind=e.kind, occurred_on=e.occurred_on, label=e.label)
                    for e in seed.events)
    provinces = {p.name: Province(code=p.code, name=p.name, gemeenten_2008=p.gemeenten_2008) for p in seed.provinces}
    session.add_all(provinces.values())
    names = list(seed.gemeenten) + [(n.gemeente, n.province) for n in seed.not_started]
    gemeenten = {name: Gemeente(name=name, province=provinces[province]) for name, province in names}
    session.add_all(gemeenten.values())
    organisations = {
        o.name: Organisation(name=o.name, kind=OrganisationKind(o.kind),
                             province=provinces[o.province] if o.province else None)
        for o in seed.organisations
    }
    session.add_all(organisations.values())
    session.flush()
    return provinces, gemeenten, organisations


def _write_plan(session: Session, plan: Plan, provinces: dict, gemeenten: dict, organisations: dict) -> None:
    """Advisors, absences, requests with their history, trajectories, hand-overs and evaluations."""
    advisors = {
        a.name: Advisor(name=a.name, organisation=organisations[a.organisation], in_pool=a.in_pool,
                        active_from=a.active_from, active_to=a.active_to)
        for a in plan.advisors
    }
    session.add_all(advisors.values())
    session.add_all(Absence(advisor=advisors[a.advisor], kind=a.kind, starts_on=a.starts_on, ends_on=a.ends_on,
                            note=a.note) for a in plan.absences)
    for planned in plan.requests:
        request = Request(gemeente=gemeenten[planned.gemeente], received_on=planned.received_on,
                          applicant_type=planned.applicant_type, channel=planned.channel,
                          themes=[RequestTheme(theme=theme) for theme in planned.themes])
        session.add(request)
        lifecycle.open_request(request)
        t = planned.trajectory
        for status, on, reason in planned.history[1:]:
            if t is not None and status is lifecycle.Status.RUNNING:
                first = t.handovers[0].from_advisor if t.handovers else t.advisor
                request.trajectory = Trajectory(
                    nr=t.nr, province=provinces[t.province], intake_organisation=organisations[t.intake_organisation],
                    organisation=organisations[t.organisation], advisor=advisors[first], dagdelen=t.dagdelen,
                    planned_end_on=t.planned_end_on, result=t.result,
                    gemeenten=[gemeenten[name] for name in t.gemeenten],
                )
            lifecycle.change_status(request, status, on, reason)
        if t is None:
            continue
        trajectory = request.trajectory
        for h in t.handovers:
            trajectory.handovers.append(Handover(
                handed_over_on=h.on, from_advisor=advisors[h.from_advisor], to_advisor=advisors[h.to_advisor],
                from_organisation=organisations[h.from_organisation], to_organisation=organisations[h.to_organisation],
                reason=h.reason,
            ))
        trajectory.advisor = advisors[t.advisor]
        if t.evaluation is not None:
            marks = t.evaluation.marks
            trajectory.evaluation = Evaluation(
                received_on=t.evaluation.received_on, mark_results=marks[0], mark_process=marks[1],
                mark_quality=marks[2], mark_presentation=marks[3], mark_service=marks[4],
                remarks=t.evaluation.remarks,
            )
        session.flush()


def load_demo(engine: Engine, seed: SeedData | None = None) -> None:
    """Replace the database's content with the AVI 130 reconstruction, all or nothing."""
    seed = seed or read_seed()
    plan = build_plan(seed)
    upgrade(engine)
    with session_scope(sessionmaker(engine)) as session:
        clear(session)
        provinces, gemeenten, organisations = _write_reference(session, seed)
        _write_plan(session, plan, provinces, gemeenten, organisations)
