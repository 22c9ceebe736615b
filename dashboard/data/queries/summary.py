"""Headline figures of the programme as of a date: requests, trajectories, coverage, evaluations.

Every function takes a session, an ``as_of`` date and ``Filters``, aggregates
in SQL with bound parameters, and returns a small dataclass or DataFrame.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    Subquery,
    case,
    cast,
    distinct,
    func,
    literal,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from dashboard.data.schema.models import (
    EVALUATION_ASPECTS,
    LATEST_FIRST,
    STATUS_DATE_ATTRIBUTE,
    Advisor,
    Evaluation,
    Gemeente,
    Organisation,
    OrganisationKind,
    Programme,
    Province,
    Request,
    Status,
    StatusChange,
    Trajectory,
    organisation_months,
    trajectory_gemeenten,
)
from dashboard.data.queries import levels
from dashboard.data.queries.filters import NO_FILTERS, Filters, in_programme, request_condition, trajectories_within

NOT_STARTED = (Status.WITHDRAWN, Status.REJECTED)
RUNNING = (Status.RUNNING, Status.WORK_FINISHED)


@dataclass(frozen=True)
class ProgrammeInfo:
    """The programme's name, target and budget."""

    name: str
    target_requests: int
    dagdelen_budget: int
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class DagdelenSummary:
    """Dagdelen of the started trajectories."""

    total: int
    mean: float | None
    minimum: int | None
    maximum: int | None


@dataclass(frozen=True)
class Headline:
    """The headline counts of the Overzicht page."""

    as_of: dt.date
    requests: int
    started: int
    running: int
    work_finished: int
    completed: int
    not_started: int
    gemeenten_involved: int
    dagdelen: DagdelenSummary
    evaluation_forms: int
    evaluation_mean: float | None


def programme_info(session: Session, programme: str | None = None) -> ProgrammeInfo:
    """Return the settings of the programme ``programme`` (a slug), or of the first."""
    chosen = select(Programme).order_by(Programme.id).limit(1)
    row = session.execute(chosen.where(Programme.slug == programme) if programme else chosen).scalar_one()
    return ProgrammeInfo(row.name, row.target_requests, row.dagdelen_budget, row.starts_on, row.ends_on)


def status_on(as_of: dt.date) -> ColumnElement[Status]:
    """The status of the query's ``Request`` on ``as_of`` (for requests received by then).

    A CASE over the request's own status dates (kept in step with ``status_changes`` by the lifecycle),
    so counting statuses as of any date reads each request once, without a window over the history.
    """
    reached = [(getattr(Request, STATUS_DATE_ATTRIBUTE[status]) <= as_of, status.value) for status in LATEST_FIRST]
    return type_coerce(case(*reached, else_=Status.RECEIVED.value), Request.status.type)


def requests_by_status(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> dict[Status, int]:
    """Count the requests in each lifecycle status on ``as_of``."""
    status = status_on(as_of)
    rows = session.execute(
        select(status, func.count())
        .where(Request.received_on <= as_of, request_condition(filters))
        .group_by(status)
    ).all()
    counts = {status: 0 for status in Status}
    counts.update({Status(status): count for status, count in rows})
    return counts


def _started(as_of: dt.date, filters: Filters) -> Select:
    """Trajectories started on or before ``as_of`` within ``filters``."""
    return trajectories_within(select(Trajectory.id).where(Trajectory.started_on <= as_of), filters)


def gemeenten_involved(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> int:
    """Count the distinct gemeenten covered by trajectories started by ``as_of``."""
    started = _started(as_of, filters).subquery()
    return session.execute(
        select(func.count(distinct(trajectory_gemeenten.c.gemeente_id)))
        .where(trajectory_gemeenten.c.trajectory_id.in_(select(started.c.id)))
    ).scalar_one()


def dagdelen_summary(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> DagdelenSummary:
    """Total, mean, minimum and maximum dagdelen of the trajectories started by ``as_of``."""
    started = _started(as_of, filters).subquery()
    total, mean, low, high = session.execute(
        select(func.coalesce(func.sum(Trajectory.dagdelen), 0), func.avg(Trajectory.dagdelen),
               func.min(Trajectory.dagdelen), func.max(Trajectory.dagdelen))
        .where(Trajectory.id.in_(select(started.c.id)))
    ).one()
    return DagdelenSummary(int(total), float(mean) if mean is not None else None, low, high)


def _evaluations(as_of: dt.date, filters: Filters) -> Select:
    """Evaluation forms received by ``as_of`` within ``filters``."""
    forms = select(Evaluation).where(Evaluation.received_on <= as_of)
    if filters.is_everything():
        return forms
    return (forms.join(Trajectory, Trajectory.id == Evaluation.trajectory_id)
            .join(Request, Request.id == Trajectory.request_id).where(request_condition(filters)))


def evaluation_summary(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per aspect: label, mean mark and number of forms received by ``as_of``."""
    forms = _evaluations(as_of, filters).subquery()
    row = session.execute(
        select(func.count(), *(func.avg(forms.c[column]) for column in EVALUATION_ASPECTS))
    ).one()
    count, means = row[0], row[1:]
    return pd.DataFrame({
        "aspect": list(EVALUATION_ASPECTS),
        "label": list(EVALUATION_ASPECTS.values()),
        "mean": [float(m) if m is not None else None for m in means],
        "forms": [count] * len(EVALUATION_ASPECTS),
    })


def overall_mark(aspects: pd.DataFrame) -> float | None:
    """The mean over all aspects of all forms (each form counts every aspect once)."""
    if aspects.empty or aspects["forms"].iloc[0] == 0:
        return None
    return float(aspects["mean"].mean())


def headline(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> Headline:
    """Collect the headline counts of the programme on ``as_of``, from the monthly levels when they are current."""
    counts = levels.as_of(session, as_of, filters)
    if counts is None:
        return headline_from_base_tables(session, as_of, filters)
    total = counts.sum(numeric_only=True)
    by_status = {status: int(total[f"status_{status.value}"]) for status in Status}
    started, forms = int(total["started"]), int(total["forms"])
    marks = [float(total[aspect] / forms) for aspect in EVALUATION_ASPECTS] if forms else []
    return Headline(
        as_of=as_of,
        requests=int(total["received"]),
        started=started,
        running=by_status[Status.RUNNING] + by_status[Status.WORK_FINISHED],
        work_finished=by_status[Status.WORK_FINISHED],
        completed=by_status[Status.COMPLETED],
        not_started=sum(by_status[s] for s in NOT_STARTED),
        gemeenten_involved=levels.gemeenten_involved(session, as_of, filters),
        dagdelen=DagdelenSummary(int(total["dagdelen_sum"]),
                                 float(total["dagdelen_sum"] / started) if started else None,
                                 _whole(counts["dagdelen_min"].min()), _whole(counts["dagdelen_max"].max())),
        evaluation_forms=forms,
        evaluation_mean=sum(marks) / len(marks) if marks else None,
    )


def _whole(value: float) -> int | None:
    """A whole number from a pandas minimum or maximum, None where there was none."""
    return None if pd.isna(value) else int(value)


def headline_from_base_tables(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> Headline:
    """The headline counts on ``as_of`` counted from the base tables: the definition the levels must match."""
    by_status = requests_by_status(session, as_of, filters)
    started = session.execute(select(func.count()).select_from(_started(as_of, filters).subquery())).scalar_one()
    aspects = evaluation_summary(session, as_of, filters)
    return Headline(
        as_of=as_of,
        requests=sum(by_status.values()),
        started=started,
        running=by_status[Status.RUNNING] + by_status[Status.WORK_FINISHED],
        work_finished=by_status[Status.WORK_FINISHED],
        completed=by_status[Status.COMPLETED],
        not_started=sum(by_status[s] for s in NOT_STARTED),
        gemeenten_involved=gemeenten_involved(session, as_of, filters),
        dagdelen=dagdelen_summary(session, as_of, filters),
        evaluation_forms=int(aspects["forms"].iloc[0]),
        evaluation_mean=overall_mark(aspects),
    )


def requests_by(session: Session, column: str, as_of: dt.date, filters: Filters = NO_FILTERS) -> dict[str, int]:
    """Count requests received by ``as_of`` per value of ``column`` ('applicant_type' or 'channel')."""
    attribute = getattr(Request, column)
    rows = session.execute(
        select(attribute, func.count())
        .where(Request.received_on <= as_of, request_condition(filters))
        .group_by(attribute)
        .order_by(attribute)
    ).all()
    return {value.value: count for value, count in rows}


def province_table(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per province: gemeenten on 1 Jan 2008, gemeenten involved and trajectories started by ``as_of``."""
    started = _started(as_of, filters).subquery()
    involved = (
        select(Gemeente.province_id, func.count(distinct(Gemeente.id)).label("involved"))
        .join(trajectory_gemeenten, trajectory_gemeenten.c.gemeente_id == Gemeente.id)
        .where(trajectory_gemeenten.c.trajectory_id.in_(select(started.c.id)))
        .group_by(Gemeente.province_id)
        .subquery()
    )
    trajectories = (
        select(Trajectory.province_id, func.count().label("trajectories"))
        .where(Trajectory.id.in_(select(started.c.id)))
        .group_by(Trajectory.province_id)
        .subquery()
    )
    rows = session.execute(
        select(Province.name, Province.gemeenten_2008,
               func.coalesce(involved.c.involved, 0), func.coalesce(trajectories.c.trajectories, 0))
        .outerjoin(involved, involved.c.province_id == Province.id)
        .outerjoin(trajectories, trajectories.c.province_id == Province.id)
        .order_by(Province.id)
    ).all()
    return pd.DataFrame(rows, columns=["province", "gemeenten", "involved", "trajectories"])


def organisation_table(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per organisation: employed advisors, trajectories in its region and completed by it by ``as_of``.

    "In its region" counts trajectories by the CMO that handled their intake,
    as the report's per-CMO table does (lines 1088-1123). Without filters other than the programme and with
    the derived tables in step, the completed ones come from the monthly levels and those in its region from
    the intake starts per month (``organisation_months``) plus this month's, found through the index on
    ``started_on``.
    """
    levelled = levels.trajectory_counts(session, as_of) if filters.is_empty() else None
    if levelled is None:
        return organisation_table_from_base_tables(session, as_of, filters)
    levelled = levels.of_programme(session, levelled, filters)
    first = as_of.replace(day=1)
    stored = organisation_months.c
    intakes = union_all(
        select(stored.organisation_id, stored.intake_started.label("started"))
        .where(stored.month < first, in_programme(stored.programme_id, filters)),
        select(Trajectory.intake_organisation_id, literal(1))
        .where(Trajectory.started_on.between(first, as_of), in_programme(Trajectory.programme_id, filters)),
    ).subquery()
    in_region = (select(intakes.c.organisation_id, cast(func.sum(intakes.c.started), BigInteger).label("in_region"))
                 .group_by(intakes.c.organisation_id).subquery())
    frame = _organisation_rows(session, as_of, in_region)
    completed = levelled.groupby("organisation_id")["completed"].sum()
    frame["completed"] = frame.pop("organisation_id").map(completed).fillna(0).astype("int64")
    return frame


def organisation_table_from_base_tables(session: Session, as_of: dt.date,
                                        filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """``organisation_table`` counted from the base tables: the definition the derived tables must match."""
    started = _started(as_of, filters).subquery()
    in_region = (
        select(Trajectory.intake_organisation_id.label("organisation_id"), func.count().label("in_region"))
        .where(Trajectory.id.in_(select(started.c.id)))
        .group_by(Trajectory.intake_organisation_id)
        .subquery()
    )
    completed = (
        select(Trajectory.organisation_id, func.count().label("completed"))
        .where(Trajectory.id.in_(select(started.c.id)), Trajectory.completed_on <= as_of)
        .group_by(Trajectory.organisation_id)
        .subquery()
    )
    return _organisation_rows(session, as_of, in_region, completed)


def _organisation_rows(session: Session, as_of: dt.date, in_region: Subquery,
                       completed: Subquery | None = None) -> pd.DataFrame:
    """The organisation table from the counts ``in_region`` and ``completed`` per organisation (their ids instead
    of the completed ones without ``completed``), with the advisors employed on ``as_of``."""
    advisors = (
        select(Advisor.organisation_id, func.count().label("advisors"))
        .where(Advisor.active_from <= as_of,
               (Advisor.active_to.is_(None)) | (Advisor.active_to >= as_of))
        .group_by(Advisor.organisation_id)
        .subquery()
    )
    query = (
        select(
            Organisation.name,
            Province.name,
            func.coalesce(advisors.c.advisors, 0),
            case((Organisation.kind == OrganisationKind.CMO, func.coalesce(in_region.c.in_region, 0)),
                 else_=literal(None)),
            Organisation.id if completed is None else func.coalesce(completed.c.completed, 0),
        )
        .outerjoin(Province, Province.id == Organisation.province_id)
        .outerjoin(advisors, advisors.c.organisation_id == Organisation.id)
        .outerjoin(in_region, in_region.c.organisation_id == Organisation.id)
        .order_by(Organisation.id)
    )
    if completed is not None:
        query = query.outerjoin(completed, completed.c.organisation_id == Organisation.id)
    return pd.DataFrame(session.execute(query).all(), columns=[
        "organisation", "province", "advisors", "trajectories_in_province",
        "completed" if completed is not None else "organisation_id"])


def last_change_on(session: Session) -> dt.date | None:
    """The date of the newest status change in the database."""
    return session.execute(select(func.max(StatusChange.changed_on))).scalar_one()



def gemeenten_total(session: Session, province: str | None = None) -> int:
    """The number of gemeenten on 1 January 2008 in all provinces (443), or in ``province`` (Drenthe: 12)."""
    query = select(func.coalesce(func.sum(Province.gemeenten_2008), 0))
    if province:
        query = query.where(Province.name == province)
    return session.execute(query).scalar_one()
