"""Row-level trajectory queries for the Trajecten page: a bounded, searchable list and one trajectory's detail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from dashboard.data.schema.lifecycle import STATUS_LABELS
from dashboard.data.schema.models import (
    Gemeente,
    Organisation,
    Province,
    Request,
    Status,
    Trajectory,
    trajectory_gemeenten,
)
from dashboard.data.queries.capacity import first_later_handover
from dashboard.data.queries.filters import NO_FILTERS, Filters, in_programme, request_condition
from dashboard.data.queries.summary import status_on

MAX_ROWS = 2_000


@dataclass(frozen=True)
class Stage:
    """How far trajectories had come by the as-of date, as a clicked bar counts them: its Dutch name, the date
    it must have reached (a ``Trajectory`` column) and the next one it must not have reached yet."""

    label: str
    reached: str
    not_reached: str | None = None


# ``fase`` on the Trajecten page: the funnel's stages (reached by then) and the Tijdlijn's bars (reached, not beyond).
STAGES: dict[str, Stage] = {
    "gestart": Stage("Gestart", "started_on"),
    "werk-klaar": Stage("Werk klaar", "work_finished_on"),
    "afgerond": Stage("Afgerond", "completed_on"),
    "werk-bezig": Stage("Lopend, werk bezig", "started_on", "work_finished_on"),
    "administratie-open": Stage("Werk klaar, administratie open", "work_finished_on", "completed_on"),
}


def stage_condition(stage: str | None, as_of: dt.date):
    """The SQL condition for trajectories at ``stage`` (a key of ``STAGES``) on ``as_of``; None for no stage."""
    if stage not in STAGES:
        return None
    chosen = STAGES[stage]
    condition = getattr(Trajectory, chosen.reached) <= as_of
    if chosen.not_reached:
        later = getattr(Trajectory, chosen.not_reached)
        condition = condition & (later.is_(None) | (later > as_of))
    return condition


@dataclass(frozen=True)
class TrajectoryDetail:
    """What was known about one trajectory on its ``as_of`` date, for its detail view: dates, history,
    hand-overs and evaluation after that date are left out (``later`` counts them), the advisor is who worked
    on it then, and the result shows once the work was finished."""

    nr: int
    gemeenten: list[str]
    province: str
    intake_organisation: str
    organisation: str
    advisor: str | None
    applicant_type: str
    channel: str
    themes: list[str]
    dagdelen: int
    received_on: dt.date
    started_on: dt.date | None
    planned_end_on: dt.date | None
    work_finished_on: dt.date | None
    completed_on: dt.date | None
    result: str
    history: list[tuple[dt.date, str, str | None]]
    handovers: list[tuple[dt.date, str, str, str]]
    evaluation: dict[str, int] | None
    remarks: str
    as_of: dt.date | None = None
    later: int = 0


def _until(column, as_of: dt.date):
    """The date in ``column`` if it lies on or before ``as_of``, else NULL."""
    return case((column <= as_of, column), else_=None)


def known_result(as_of: dt.date):
    """A trajectory's result as known on ``as_of``: its text once the work was finished, else empty."""
    return case((Trajectory.work_finished_on <= as_of, Trajectory.result), else_="")


def organisation_on(later, holder):
    """The organisation that had a trajectory on the date of ``later`` (``capacity.first_later_handover``, with
    ``holder`` the organisation it names, both outer-joined): the one it was handed over from at its first
    hand-over after that date, named with the one that has it now as a later fact ("CMO Flevoland (later: Zet)");
    without a later hand-over to another organisation, the one that has it now."""
    return case((or_(holder.name.is_(None), holder.name == Organisation.name), Organisation.name),
                else_=holder.name + " (later: " + Organisation.name + ")")


def trajectory_rows(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS, search: str = "",
                    limit: int = MAX_ROWS, stage: str | None = None) -> pd.DataFrame:
    """List trajectories started by ``as_of`` with their organisation, status, dates and result as known on that
    date, at most ``limit`` rows; only those at ``stage`` (a key of ``STAGES``) when given. The organisation filter
    and the search match the organisation that has the trajectory now, as every count on the other pages does,
    and a row handed over later names it as a later fact.

    In order of number, read through the index on it (or on organisation and number), so the list stops at its
    ``limit``-th matching row instead of reading and sorting every trajectory; gemeenten are named per row shown.
    """
    gemeente = aliased(Gemeente)
    names = (select(func.aggregate_strings(gemeente.name, ", "))
             .select_from(trajectory_gemeenten)
             .join(gemeente, gemeente.id == trajectory_gemeenten.c.gemeente_id)
             .where(trajectory_gemeenten.c.trajectory_id == Trajectory.id).scalar_subquery())
    linked = exists(select(trajectory_gemeenten.c.gemeente_id)
                    .where(trajectory_gemeenten.c.trajectory_id == Trajectory.id))
    later, holder = first_later_handover(as_of), aliased(Organisation)
    query = (
        select(
            Trajectory.nr, names.label("gemeenten"), Province.name.label("province"),
            organisation_on(later, holder).label("organisation"), status_on(as_of).label("status"), Trajectory.dagdelen,
            Request.received_on, _until(Trajectory.started_on, as_of).label("started_on"),
            _until(Trajectory.work_finished_on, as_of).label("work_finished_on"),
            _until(Trajectory.completed_on, as_of).label("completed_on"), known_result(as_of).label("result"),
        )
        .join(Request, Request.id == Trajectory.request_id)
        .join(Province, Province.id == Trajectory.province_id)
        .join(Organisation, Organisation.id == Trajectory.organisation_id)
        .outerjoin(later, later.c.trajectory_id == Trajectory.id)
        .outerjoin(holder, holder.id == later.c.from_organisation_id)
        .where(Trajectory.started_on <= as_of, linked, in_programme(Trajectory.programme_id, filters),
               request_condition(filters))
        .order_by(Trajectory.nr)
        .limit(limit)
    )
    at_stage = stage_condition(stage, as_of)
    if at_stage is not None:
        query = query.where(at_stage)
    if filters.organisation:  # the same rows as the filter's, found through the index on organisation and number
        query = query.where(Organisation.name == filters.organisation)
    if search.strip():
        term = search.strip()
        query = query.where(or_(
            known_result(as_of).icontains(term, autoescape=True),
            Organisation.name.icontains(term, autoescape=True),
            Province.name.icontains(term, autoescape=True),
            exists(select(trajectory_gemeenten.c.gemeente_id)
                   .join(Gemeente, Gemeente.id == trajectory_gemeenten.c.gemeente_id)
                   .where(trajectory_gemeenten.c.trajectory_id == Trajectory.id,
                          Gemeente.name.icontains(term, autoescape=True))),
        ))
    frame = pd.DataFrame(session.execute(query).all(), columns=[
        "nr", "gemeenten", "province", "organisation", "status", "dagdelen", "received_on", "started_on",
        "work_finished_on", "completed_on", "result",
    ])
    frame["status"] = [STATUS_LABELS[Status(value)] for value in frame["status"]]
    return frame


def trajectory_detail(session: Session, nr: int, as_of: dt.date | None = None,
                      programme: str | None = None) -> TrajectoryDetail | None:
    """Return the details of trajectory ``nr`` as known on ``as_of`` (everything, without a date), or None if
    there is no such trajectory (in the programme ``programme``, a slug, when given)."""
    trajectory = session.execute(
        select(Trajectory)
        .where(Trajectory.nr == nr, in_programme(Trajectory.programme_id, Filters(programme=programme)))
        .options(
            selectinload(Trajectory.gemeenten), selectinload(Trajectory.handovers),
            selectinload(Trajectory.request).selectinload(Request.history),
            selectinload(Trajectory.request).selectinload(Request.themes),
        )
    ).scalar_one_or_none()
    if trajectory is None:
        return None
    until = as_of or dt.date.max
    request = trajectory.request
    history = [change for change in request.history if change.changed_on <= until]
    handovers = [handover for handover in trajectory.handovers if handover.handed_over_on <= until]
    next_handover = next((h for h in trajectory.handovers if h.handed_over_on > until), None)
    evaluation = trajectory.evaluation if trajectory.evaluation and trajectory.evaluation.received_on <= until else None
    work_finished_on = _known(trajectory.work_finished_on, until)
    return TrajectoryDetail(
        nr=trajectory.nr,
        gemeenten=[g.name for g in trajectory.gemeenten],
        province=trajectory.province.name,
        intake_organisation=trajectory.intake_organisation.name,
        # Before a later hand-over, the trajectory was still with whom that hand-over took it from.
        organisation=(next_handover.from_organisation if next_handover else trajectory.organisation).name,
        advisor=_name(next_handover.from_advisor if next_handover else trajectory.advisor),
        applicant_type=request.applicant_type.value,
        channel=request.channel.value,
        themes=[t.theme.value for t in request.themes],
        dagdelen=trajectory.dagdelen,
        received_on=request.received_on,
        started_on=_known(trajectory.started_on, until),
        planned_end_on=trajectory.planned_end_on,
        work_finished_on=work_finished_on,
        completed_on=_known(trajectory.completed_on, until),
        result=trajectory.result if work_finished_on else "",
        history=[(c.changed_on, STATUS_LABELS[c.status], c.reason) for c in history],
        handovers=[
            (h.handed_over_on, _who(h.from_advisor, h.from_organisation), _who(h.to_advisor, h.to_organisation),
             h.reason)
            for h in handovers
        ],
        evaluation=None if evaluation is None else {
            "Resultaten": evaluation.mark_results, "Procesgang": evaluation.mark_process,
            "Kwaliteit": evaluation.mark_quality, "Presentatie": evaluation.mark_presentation,
            "Service": evaluation.mark_service,
        },
        remarks=evaluation.remarks if evaluation else "",
        as_of=as_of,
        later=(len(request.history) - len(history) + len(trajectory.handovers) - len(handovers)
               + int(trajectory.evaluation is not None and evaluation is None)),
    )


def _known(value: dt.date | None, as_of: dt.date) -> dt.date | None:
    """``value`` if it lies on or before ``as_of``: a date still to come was not known yet."""
    return value if value is not None and value <= as_of else None


def _name(advisor) -> str | None:
    """An advisor's name, or None for none."""
    return advisor.name if advisor else None


def _who(advisor, organisation: Organisation) -> str:
    """Name an advisor with their organisation, or the organisation alone."""
    return f"{advisor.name} ({organisation.name})" if advisor else organisation.name



def middle_number(session: Session, filters: Filters) -> int:
    """The number of the middle trajectory (by number) of the programme of ``filters`` (1 without any)."""
    chosen = in_programme(Trajectory.programme_id, filters)
    count = session.execute(select(func.count(Trajectory.id)).where(chosen)).scalar_one()
    found = session.execute(select(Trajectory.nr).where(chosen).order_by(Trajectory.nr).offset(count // 2)
                            .limit(1)).scalar()
    return found or 1
