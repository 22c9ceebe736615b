"""Workload and capacity per organisation as of a date: advisors, trajectories, allocated dagdelen, capacity.

Definitions (all as of a day ``D``, with a horizon of ``N`` weeks, ``HORIZON_WEEKS`` by default):

- **Organisation of a trajectory on D**: the organisation carrying it out on D. Hand-overs after D have
  not happened yet, so a trajectory handed over later still belongs to the ``from`` side of its first
  hand-over after D; otherwise to ``Trajectory.organisation``. The same holds for its advisor.
- **Employed**: ``active_from <= D`` and (``active_to`` empty or ``>= D``).
  **Active**: employed and not in an absence on D (``starts_on <= D <= ends_on``, open end = still absent).
- **Carried out**: trajectories started by D whose organisation on D is this one, inside or outside its
  province; **running** those with status running or work finished on D; **completed** as in the
  report's table (``summary.organisation_table``).
- **Allocated dagdelen**: for simplicity the *full* dagdelen of every trajectory of the organisation
  whose status on D is running with the work not finished, i.e. the remaining work, not prorated.
- **Capacity** (dagdelen over the horizon ``[D, D + 7N − 1]``)::

      capacity = d × Σ_advisors (7N − absent days in the horizon) / 7

  summed over the organisation's advisors employed on D, where ``d`` is
  ``Organisation.dagdelen_per_advisor_week`` and the absent days are the days of the horizon covered by
  absences that have begun by D. With nobody absent this is *active advisors × d × N*; an advisor who
  is ill on D counts only from the end of the illness. Only what was known on D counts: advisors who
  join later, absences that begin later and a departure after D (``active_to``) do not change D's
  capacity; they change it from their own day on, just as the replay records them on that day.
- **Utilisation** = 100 × allocated / capacity (None without capacity); **gap** = allocated − capacity
  when positive, else 0.

The default horizon is 26 weeks, not 8: allocated dagdelen count a trajectory's full remaining work,
which is spread over its planned duration (dagdelen × 9.5 days, 180 days ≈ 26 weeks for the mean of
19 dagdelen). Against 8 weeks of capacity, even a full-time advisor (10 dagdelen a week) could not
carry the 7 or 8 trajectories that one-advisor CMOs ran at once, and every CMO would look short for
months. See ``data/seed/README.md`` ("Capacity per organisation").
"""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd
from sqlalchemy import (
    BigInteger,
    Integer,
    Subquery,
    and_,
    case,
    cast,
    exists,
    func,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from dashboard.data.derived import allocations, capacity_months, snapshots
from dashboard.data.derived.capacity_months import HORIZON_WEEKS, month_days
from dashboard.data.derived.allocations import day as _day
from dashboard.data.schema.models import (
    Absence,
    AbsenceKind,
    Advisor,
    Gemeente,
    Handover,
    Organisation,
    OrganisationKind,
    Programme,
    Province,
    Request,
    Status,
    Trajectory,
    organisation_months,
)
from dashboard.data.schema.models import capacity_months as capacity_months_table
from dashboard.data.queries import levels
from dashboard.data.queries.filters import NO_FILTERS, Filters, in_programme
from dashboard.data.queries.sql_functions import days_between, least
from dashboard.data.queries.summary import organisation_table, status_on
from dashboard.data.derived.running_totals import first_day, month_number

MAX_LISTED = 50  # advisors and hand-overs the page lists; the rest are counted
RUNNING = (Status.RUNNING.value, Status.WORK_FINISHED.value)
IN_PROGRESS = Status.RUNNING.value
WORKLOAD_COLUMNS = ["organisation", "kind", "province", "advisors", "active_advisors", "trajectories_in_province",
                    "carried_out", "outside_province", "running", "completed", "allocated",
                    "dagdelen_per_advisor_week", "capacity", "utilisation", "gap"]


def employed_on(as_of: dt.date):
    """A condition on ``Advisor``: employed on ``as_of``."""
    return and_(Advisor.active_from <= as_of, or_(Advisor.active_to.is_(None), Advisor.active_to >= as_of))


def absent_on(as_of: dt.date, advisor_id=Advisor.id):
    """A condition: the advisor ``advisor_id`` is in an absence on ``as_of``."""
    return exists(select(Absence.id).where(
        Absence.advisor_id == advisor_id, Absence.starts_on <= as_of,
        or_(Absence.ends_on.is_(None), Absence.ends_on >= as_of),
    ))


def first_later_handover(as_of: dt.date) -> Subquery:
    """Per trajectory, the first hand-over after ``as_of``: who had the trajectory on ``as_of``.

    The hand-overs after ``as_of`` (few for a recent day) are found through the index on their date.
    """
    earlier = aliased(Handover)
    return (select(Handover.trajectory_id, Handover.from_organisation_id, Handover.from_advisor_id)
            .where(Handover.handed_over_on > as_of,
                   ~exists(select(earlier.id).where(
                       earlier.trajectory_id == Handover.trajectory_id, earlier.handed_over_on > as_of,
                       or_(earlier.handed_over_on < Handover.handed_over_on,
                           and_(earlier.handed_over_on == Handover.handed_over_on, earlier.id < Handover.id)))))
            .subquery())


def trajectories_as_of(as_of: dt.date, unfinished_only: bool = False) -> Subquery:
    """Trajectories started by ``as_of`` with their organisation, advisor and status on that day.

    ``unfinished_only`` keeps those not completed by ``as_of`` (running or work finished): for what only
    counts current work, found through the index on ``completed_on`` instead of a pass over all of them.
    """
    later = first_later_handover(as_of)
    return (
        select(
            Trajectory.id, Trajectory.nr, Trajectory.dagdelen, Trajectory.province_id, Trajectory.started_on,
            Trajectory.planned_end_on, Trajectory.request_id, Trajectory.programme_id,
            func.coalesce(later.c.from_organisation_id, Trajectory.organisation_id).label("organisation_id"),
            # an INTEGER (in SQLite a CASE has none), so that joins on it can use an index
            cast(case((later.c.trajectory_id.is_(None), Trajectory.advisor_id),
                      else_=later.c.from_advisor_id), Integer).label("advisor_id"),
            status_on(as_of).label("status"),
        )
        .join(Request, Request.id == Trajectory.request_id)
        .outerjoin(later, later.c.trajectory_id == Trajectory.id)
        .where(Trajectory.started_on <= as_of,
               Trajectory.id.in_(union_all(select(Trajectory.id).where(Trajectory.completed_on.is_(None)),
                                           select(Trajectory.id).where(Trajectory.completed_on > as_of)))
               if unfinished_only else true())
        .subquery()
    )


def absences_on(as_of: dt.date, *columns) -> Subquery:
    """Per advisor employed on ``as_of`` and absent that day: ``columns`` over the absences begun by then and not
    ended (only an employed advisor's absences count; the employed ones lead to theirs through the index)."""
    return (select(Advisor.id.label("advisor_id"), *columns)
            .join(Absence, Absence.advisor_id == Advisor.id)
            .where(employed_on(as_of), Absence.starts_on <= as_of,
                   or_(Absence.ends_on.is_(None), Absence.ends_on >= as_of))
            .group_by(Advisor.id).subquery())


def _absent_days(as_of: dt.date, horizon_weeks: int) -> Subquery:
    """Per advisor employed on ``as_of``: the days of the horizon covered by absences begun by then, at most the
    horizon."""
    last = as_of + dt.timedelta(days=7 * horizon_weeks - 1)
    end = least(func.coalesce(Absence.ends_on, _day(last)), _day(last))
    days = absences_on(as_of, func.sum(days_between(_day(as_of), end) + 1).label("days"))
    return select(days.c.advisor_id, least(days.c.days, 7 * horizon_weeks).label("days")).subquery()


def advisor_capacity(session: Session, as_of: dt.date, horizon_weeks: int = HORIZON_WEEKS) -> pd.DataFrame:
    """Per organisation: employed and active advisors on ``as_of`` and capacity in dagdelen over the horizon."""
    absent = _absent_days(as_of, horizon_weeks)
    rows = session.execute(
        select(
            Organisation.id,
            func.count(Advisor.id),
            func.coalesce(func.sum(case((Advisor.id.is_(None), 0), (absent.c.days.is_(None), 1), else_=0)), 0),
            func.coalesce(func.sum(case((Advisor.id.is_(None), 0),
                                        else_=7 * horizon_weeks - func.coalesce(absent.c.days, 0))), 0),
            Organisation.dagdelen_per_advisor_week,
        )
        .select_from(Organisation)
        .outerjoin(Advisor, and_(Advisor.organisation_id == Organisation.id, employed_on(as_of)))
        .outerjoin(absent, absent.c.advisor_id == Advisor.id)
        .group_by(Organisation.id, Organisation.dagdelen_per_advisor_week)
        .order_by(Organisation.id)
    ).all()
    frame = pd.DataFrame(rows, columns=["organisation_id", "advisors", "active_advisors", "available_days", "per_week"])
    frame["capacity"] = frame["available_days"].astype(float) / 7 * frame["per_week"].astype(float)
    return frame[["organisation_id", "advisors", "active_advisors", "capacity"]]


def _started_by_organisation(session: Session, as_of: dt.date, programme: Filters) -> pd.DataFrame:
    """The trajectories of the programme of ``programme`` (every programme's without one) started by ``as_of`` per
    (current organisation, province): from the monthly levels when they are current, else from the base tables."""
    levelled = levels.trajectory_counts(session, as_of)
    if levelled is None:
        return pd.DataFrame(session.execute(
            select(Trajectory.organisation_id, Trajectory.province_id, func.count())
            .where(Trajectory.started_on <= as_of, in_programme(Trajectory.programme_id, programme))
            .group_by(Trajectory.organisation_id, Trajectory.province_id)).all(),
            columns=["organisation_id", "province_id", "count"])
    levelled = levels.of_programme(session, levelled, programme)
    started = levelled[levelled["started"] > 0]
    return pd.DataFrame({"organisation_id": started["organisation_id"].astype("int64"),
                         "province_id": started["trajectory_province_id"].astype("int64"),
                         "count": started["started"].astype("int64")}).reset_index(drop=True)


def _running(states: Subquery, programme: Filters):
    """How many rows of ``states`` (``trajectories_as_of``) of the programme of ``programme`` run (any programme's
    without one): work in progress or work finished but not completed."""
    return func.sum(case((and_(states.c.status.in_(RUNNING), in_programme(states.c.programme_id, programme)), 1),
                         else_=0))


def _allocated(states: Subquery):
    """The allocated dagdelen of the rows of ``states`` (``trajectories_as_of``): those of the work in progress."""
    return func.sum(case((states.c.status == IN_PROGRESS, states.c.dagdelen), else_=0))


def allocated_work(session: Session, as_of: dt.date, programme: str | None = None) -> pd.DataFrame:
    """Per organisation: trajectories carried out by ``as_of``, outside its province, running; allocated dagdelen.

    The trajectories (carried out, outside, running) are those of the programme ``programme`` (a slug; every
    programme's with ``None``); the allocated dagdelen are always every programme's, since an advisor has one
    week for all of them (``allocated_by_programme`` tells which programme takes what).

    Three aggregates, none over every trajectory's status or hand-overs: the started trajectories per
    (current organisation, province) (``_started_by_organisation``); a correction for those handed over
    after ``as_of``, which were still their ``from`` organisation's that day; and the running work from the
    unfinished ones only.
    """
    chosen = Filters(programme=programme)
    organisations = pd.DataFrame(session.execute(select(Organisation.id, Organisation.province_id)
                                                 .order_by(Organisation.id)).all(),
                                 columns=["organisation_id", "home"])
    started = _started_by_organisation(session, as_of, chosen)
    later = first_later_handover(as_of)
    moved = session.execute(
        select(Trajectory.organisation_id, later.c.from_organisation_id, Trajectory.province_id, func.count())
        .join(later, later.c.trajectory_id == Trajectory.id)
        .where(Trajectory.started_on <= as_of, in_programme(Trajectory.programme_id, chosen))
        .group_by(Trajectory.organisation_id, later.c.from_organisation_id, Trajectory.province_id)).all()
    pieces = [started] + [pd.DataFrame([(org, province, sign * count) for now, then, province, count in moved
                                        for org, sign in ((now, -1), (then, 1))],
                                       columns=["organisation_id", "province_id", "count"])]
    held = pd.concat(pieces, ignore_index=True).merge(organisations, on="organisation_id")
    held["outside"] = held["count"].where(held["home"].notna() & (held["province_id"] != held["home"]), 0)
    carried = held.groupby("organisation_id")[["count", "outside"]].sum()
    states = trajectories_as_of(as_of, unfinished_only=True)
    running = pd.DataFrame(session.execute(
        select(states.c.organisation_id, _running(states, chosen), _allocated(states))
        .group_by(states.c.organisation_id)).all(), columns=["organisation_id", "running", "allocated"])
    frame = (organisations[["organisation_id"]]
             .merge(carried.reset_index(), on="organisation_id", how="left")
             .merge(running, on="organisation_id", how="left").fillna(0))
    frame = frame.rename(columns={"count": "carried_out", "outside": "outside_province"})
    return frame[["organisation_id", "carried_out", "outside_province", "running", "allocated"]].astype("int64")


OTHER_PROGRAMMES = "andere"
"""The slug the split by programme gives the programmes a user may not see, together."""
OTHER_PROGRAMMES_LABEL = "Andere programma's"


def allocated_by_programme(session: Session, as_of: dt.date) -> pd.DataFrame:
    """Per organisation and programme: the dagdelen allocated on ``as_of``, as ``allocated_work`` counts them; per
    organisation they add up to its ``allocated``. Every organisation with every programme (0 without work), by
    organisation and programme (columns ``organisation``, ``programme`` (the slug), ``programme_name``,
    ``programme_id``, ``allocated``)."""
    states = trajectories_as_of(as_of, unfinished_only=True)
    work = (select(states.c.organisation_id, states.c.programme_id, _allocated(states).label("allocated"))
            .group_by(states.c.organisation_id, states.c.programme_id).subquery())
    rows = session.execute(
        select(Organisation.name, Programme.slug, Programme.name, Programme.id, func.coalesce(work.c.allocated, 0))
        .select_from(Organisation).join(Programme, true())
        .outerjoin(work, and_(work.c.organisation_id == Organisation.id, work.c.programme_id == Programme.id))
        .order_by(Organisation.id, Programme.id)).all()
    return _frame(rows, ["organisation", "programme", "programme_name", "programme_id", "allocated"]).astype(
        {"programme_id": "int64", "allocated": "int64"})


def split_by_programme(allocated: pd.DataFrame, shown: str | None, allowed: frozenset[str] | None) -> pd.DataFrame:
    """``allocated_by_programme`` as a user sees it: per organisation the programme ``shown`` first, then the other
    programmes the user may see (``allowed``: their slugs; None: every programme), then those they may not see
    together as ``OTHER_PROGRAMMES`` ("Andere programma's"). Columns ``organisation``, ``programme``, ``label``,
    ``position`` (the order of the programmes on the page) and ``allocated``.

    The programmes a user may not see are not left out but grouped: capacity is shared, so the dagdelen of every
    programme count in an organisation's total, and a gap that shows only when the programmes are added up must
    show to every user; what stays hidden is which programmes take that work.
    """
    frame = allocated.assign(label=allocated["programme_name"], position=allocated["programme_id"])
    if allowed is not None:
        hidden = ~frame["programme"].isin(allowed)
        frame.loc[hidden, ["programme", "label"]] = OTHER_PROGRAMMES, OTHER_PROGRAMMES_LABEL
        frame.loc[hidden, "position"] = frame["programme_id"].max() + 1
    frame.loc[frame["programme"] == shown, "position"] = 0
    frame["order"] = frame["organisation"].map({name: index for index, name
                                                 in enumerate(dict.fromkeys(frame["organisation"]))})
    grouped = frame.groupby(["order", "organisation", "position", "programme", "label"], as_index=False)["allocated"]
    return grouped.sum()[["organisation", "programme", "label", "position", "allocated"]]


def programme_columns(split: pd.DataFrame, workload: pd.DataFrame) -> pd.DataFrame:
    """Per organisation of ``workload`` (``organisation_workload``), in its order: the allocated dagdelen of each
    programme of ``split`` (``split_by_programme``) in a column named by its label, in the programmes' order, then
    the total allocated, the capacity and the gap (all programmes together)."""
    labels = list(split.sort_values("position", kind="stable")["label"].drop_duplicates())
    wide = split.pivot_table(index="organisation", columns="label", values="allocated", aggfunc="sum", fill_value=0)
    wide = wide.reindex(index=workload["organisation"], columns=labels, fill_value=0).astype("int64")
    return pd.concat([wide.reset_index(drop=True), workload[["allocated", "capacity", "gap"]].reset_index(drop=True)],
                     axis=1).set_index(workload["organisation"]).reset_index()


def organisation_places(session: Session) -> pd.DataFrame:
    """Every organisation's name and province (None for a national one), in the order of ``organisation_workload``."""
    return pd.DataFrame(session.execute(
        select(Organisation.name, Province.name).outerjoin(Province, Province.id == Organisation.province_id)
        .order_by(Organisation.id)).all(), columns=["organisation", "province"])


def organisations_on_view(workload: pd.DataFrame, province: str | None, organisation: str | None) -> list[str]:
    """The organisations of ``workload`` (or ``organisation_places``) a view shows: all, the chosen one, or those of
    the chosen province."""
    rows = workload
    if province:
        rows = rows[rows["province"] == province]
    if organisation:
        rows = rows[rows["organisation"] == organisation]
    return list(rows["organisation"])


def organisation_filter(workload: pd.DataFrame, on_view: list[str]) -> list[str] | None:
    """``on_view`` as the ``organisations`` argument of the lists and counts: None when it holds every organisation of
    ``workload``, which selects the same but needs no condition on the organisations."""
    return None if len(on_view) == len(workload) else on_view


def utilisation(allocated: float, capacity: float) -> float | None:
    """Allocated as a percentage of capacity; None without capacity."""
    return 100 * allocated / capacity if capacity > 0 else None


def organisation_workload(session: Session, as_of: dt.date, horizon_weeks: int = HORIZON_WEEKS,
                          programme: str | None = None) -> pd.DataFrame:
    """One row per organisation on ``as_of``: the report's figures plus workload, capacity, utilisation and gap.

    The trajectories counted are those of the programme ``programme`` (a slug; every programme's with ``None``);
    allocated dagdelen, capacity, utilisation and gap are every programme's together (``allocated_work``).
    """
    organisations = session.execute(
        select(Organisation.id, Organisation.name, Organisation.kind, Organisation.dagdelen_per_advisor_week)
        .order_by(Organisation.id)
    ).all()
    frame = pd.DataFrame(organisations, columns=["organisation_id", "organisation", "kind",
                                                 "dagdelen_per_advisor_week"])
    frame["kind"] = [OrganisationKind(kind).value for kind in frame["kind"]]
    report = organisation_table(session, as_of, Filters(programme=programme))[
        ["organisation", "province", "trajectories_in_province", "completed"]]
    frame = (frame.merge(report, on="organisation", how="left")
             .merge(advisor_capacity(session, as_of, horizon_weeks), on="organisation_id", how="left")
             .merge(allocated_work(session, as_of, programme), on="organisation_id", how="left"))
    frame["outside_province"] = [None if kind != OrganisationKind.CMO.value else int(value or 0)
                                 for kind, value in zip(frame["kind"], frame["outside_province"])]
    frame["capacity"] = frame["capacity"].astype(float).round(1)
    frame["utilisation"] = [utilisation(a, c) for a, c in zip(frame["allocated"], frame["capacity"])]
    frame["gap"] = (frame["allocated"] - frame["capacity"]).clip(lower=0).round(1)
    return frame[WORKLOAD_COLUMNS].astype({"advisors": int, "active_advisors": int, "carried_out": int,
                                           "running": int, "completed": int, "allocated": int})


MONTHS_SHOWN = 60  # five years of month-ends at most in the heatmap


REPORT_COLUMNS = ["organisation", "province", "advisors", "trajectories_in_province", "completed"]


def per_cmo_table(workload: pd.DataFrame) -> pd.DataFrame:
    """The report's per-CMO table (``summary.organisation_table`` without filters) from the rows of
    ``organisation_workload``, which hold its figures: no second count when both are shown."""
    return workload[REPORT_COLUMNS].astype({"advisors": "int64", "completed": "int64"})


def _last_month_whole(months: list[tuple[dt.date, dt.date]]) -> bool:
    """Whether the last of ``months`` is measured on its last day (else on an earlier ``as_of``)."""
    first, on = months[-1]
    return on == first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _allocated_by_month(session: Session, months: list[tuple[dt.date, dt.date]]) -> pd.DataFrame:
    """Per organisation and month of ``months``: the allocated dagdelen added (``allocations.allocated_changes``).

    From ``organisation_months`` when it is current: the stored changes up to the last whole month (those
    before the first month booked in it, as the balance it starts from) and, for a last month measured before
    its end, the level on its day from the trajectories running in it, less the level the months before hold.
    """
    since, (last_month, until) = months[0][0], months[-1]
    if snapshots.current(session) is None:
        return _changes(session.execute(_every_programme(since, until)).all())
    whole = _last_month_whole(months)
    stored = organisation_months.c
    month = allocations.month_from(stored.month, since)
    frame = _changes(session.execute(
        select(stored.organisation_id, month, cast(func.sum(stored.allocated), BigInteger))
        .where(stored.month <= last_month if whole else stored.month < last_month)
        .group_by(stored.organisation_id, month)).all())
    if whole:
        return frame
    before = frame.groupby("organisation_id")["change"].sum()
    on_day = _changes(session.execute(_every_programme(last_month, until)).all())
    every = pd.concat([frame, on_day, pd.DataFrame({"organisation_id": before.index, "month": last_month,
                                                    "change": -before.to_numpy()})], ignore_index=True)
    return every.groupby(["organisation_id", "month"], as_index=False)["change"].sum()


def _every_programme(since: dt.date, until: dt.date):
    """``allocations.allocated_changes`` added up over the programmes: an advisor has one week for all of them."""
    changes = allocations.allocated_changes(since, until).subquery()
    return (select(changes.c.organisation_id, changes.c.month, func.sum(changes.c.change))
            .group_by(changes.c.organisation_id, changes.c.month))


def _changes(rows) -> pd.DataFrame:
    """Rows of (organisation, month, change) as a frame."""
    return _frame(rows, ["organisation_id", "month", "change"])


def _frame(rows, columns: list[str]) -> pd.DataFrame:
    """Result rows as a frame, made from plain tuples: pandas probes each row it is given for a ``dtype``, which a
    result row answers slowly (it looks the name up as a column first)."""
    return pd.DataFrame([tuple(row) for row in rows], columns=columns)


def _capacity_by_month(session: Session, months: list[tuple[dt.date, dt.date]], horizon_weeks: int) -> pd.DataFrame:
    """Per organisation and month of ``months``: available advisor days on the month's day, as ``advisor_capacity``
    counts them (``capacity_months.available_days``).

    From ``capacity_months`` when it is current and keeps ``horizon_weeks``: the stored whole months and, for a last
    month measured before its end, that month from the base tables.
    """
    counted, rows = months, []
    if horizon_weeks == capacity_months.HORIZON_WEEKS and snapshots.current(session) is not None:
        whole = _last_month_whole(months)
        counted = [] if whole else months[-1:]
        stored = capacity_months_table.c
        rows = session.execute(select(stored.month, stored.organisation_id, stored.available_days)
                               .where(stored.month >= months[0][0],
                                      stored.month <= months[-1][0] if whole else stored.month < months[-1][0])).all()
    for query in capacity_months.available_days(counted, horizon_weeks):
        rows += session.execute(query).all()
    return _frame(rows, ["month", "organisation_id", "available_days"])


def utilisation_by_month(session: Session, as_of: dt.date, horizon_weeks: int = HORIZON_WEEKS) -> pd.DataFrame:
    """Per organisation and month from the programme's start to ``as_of``: allocated, capacity and utilisation.

    Each month is measured on its last day (the current month on ``as_of``), with the same figures as
    ``allocated_work`` and ``advisor_capacity`` give for that day, but for all months at once in two
    aggregate queries whatever the number of months. The months end at ``as_of``, or earlier at the
    programme's end or the last finished work, whichever is later, so that a view long after the
    programme stays small; and they are at most the last ``MONTHS_SHOWN`` months, so that a programme
    running for decades still shows a readable heatmap (and costs the same).
    """
    columns = ["month", "day", "organisation", "allocated", "capacity", "utilisation"]
    organisations = pd.DataFrame(session.execute(
        select(Organisation.id, Organisation.name, Organisation.dagdelen_per_advisor_week).order_by(Organisation.id)
    ).all(), columns=["organisation_id", "organisation", "per_week"])
    start, ends = session.execute(select(func.min(Programme.starts_on), func.max(Programme.ends_on))).one()
    last_work = session.execute(select(func.max(Trajectory.work_finished_on))).scalar_one()
    if start is None:
        return pd.DataFrame(columns=columns)
    until = min(as_of, max(day for day in (ends, last_work) if day is not None))
    months = month_days(max(start, first_day(month_number(until) - MONTHS_SHOWN + 1)), until)
    if not months:
        return pd.DataFrame(columns=columns)
    grid = pd.DataFrame(months, columns=["month", "day"]).merge(organisations, how="cross")
    changes = _allocated_by_month(session, months)
    grid = grid.merge(changes, on=["organisation_id", "month"], how="left")
    # the grid runs month by month, so a running sum per organisation adds up its changes in time
    grid["allocated"] = grid["change"].fillna(0).astype(int).groupby(grid["organisation_id"]).cumsum()
    grid = grid.merge(_capacity_by_month(session, months, horizon_weeks), on=["month", "organisation_id"], how="left")
    grid["capacity"] = (grid["available_days"].fillna(0).astype(float) / 7 * grid["per_week"].astype(float)).round(1)
    grid["utilisation"] = [utilisation(a, c) for a, c in zip(grid["allocated"], grid["capacity"])]
    return grid.sort_values(["month", "organisation_id"])[columns].reset_index(drop=True)


def _advisors(as_of: dt.date, organisations: list[str] | None):
    """A condition on ``Advisor`` joined to ``Organisation``: joined by ``as_of``, of one of ``organisations``."""
    condition = Advisor.active_from <= as_of
    return condition if organisations is None else and_(condition, Organisation.name.in_(organisations))


def advisor_load(session: Session, as_of: dt.date, horizon_weeks: int = HORIZON_WEEKS,
                 organisations: list[str] | None = None, limit: int | None = None,
                 programme: str | None = None) -> pd.DataFrame:
    """Per advisor who had joined by ``as_of``: availability, running trajectories, allocated dagdelen, capacity.

    The busiest first (most allocated dagdelen, then running trajectories), then by organisation and
    name; only the advisors of ``organisations`` (all with ``None``), the first ``limit`` of them (all
    with ``None``; ``advisor_count`` counts them). ``availability`` is ``active``, ``ziekte`` or
    ``vertrek`` (absent, ``until`` = the absence's end, if known) or ``left`` (no longer employed,
    ``until`` = the last day). For project leaders only: names and, through availability, absences.
    The running trajectories are those of the programme ``programme`` (a slug; every programme's with
    ``None``); allocated dagdelen, capacity and utilisation are every programme's: an advisor has one week.
    """
    states = trajectories_as_of(as_of, unfinished_only=True)
    load = (select(states.c.advisor_id, _running(states, Filters(programme=programme)).label("running"),
                   _running(states, NO_FILTERS).label("running_any"), _allocated(states).label("allocated"))
            .group_by(states.c.advisor_id).subquery())
    absence = absences_on(as_of, func.max(Absence.kind).label("kind"), func.max(Absence.ends_on).label("ends_on"))
    absent = _absent_days(as_of, horizon_weeks)
    running, allocated = func.coalesce(load.c.running, 0), func.coalesce(load.c.allocated, 0)
    listed = (
        select(Advisor.name, Organisation.name, Advisor.in_pool, Advisor.active_to,
               case((employed_on(as_of), True), else_=False), absence.c.kind, absence.c.ends_on, running, allocated,
               (7 * horizon_weeks - func.coalesce(absent.c.days, 0)) * Organisation.dagdelen_per_advisor_week / 7.0)
        .join(Organisation, Organisation.id == Advisor.organisation_id)
        .outerjoin(absence, absence.c.advisor_id == Advisor.id)
        .outerjoin(absent, absent.c.advisor_id == Advisor.id)
        .where(_advisors(as_of, organisations))
    )
    running_any = func.coalesce(load.c.running_any, 0)
    order = (allocated.desc(), running.desc(), running_any.desc(), Organisation.id, Advisor.name)
    every = listed.outerjoin(load, load.c.advisor_id == Advisor.id).order_by(*order)
    if limit is None:
        return _advisor_frame(session.execute(every).all())
    # Advisors with running work (of any programme) come before all others, so the first ``limit`` are looked for
    # among them (from the load: a few thousand at national scale instead of every advisor who ever joined), the
    # rest only when there are fewer.
    rows = session.execute(listed.join(load, and_(load.c.advisor_id == Advisor.id, load.c.running_any > 0))
                           .order_by(*order).limit(limit)).all()
    if len(rows) < limit:
        rows += session.execute(every.where(running_any == 0).limit(limit - len(rows))).all()
    return _advisor_frame(rows)


def _advisor_frame(rows) -> pd.DataFrame:
    """``advisor_load``'s rows as its frame, with each advisor's availability and capacity on the day."""
    records = []
    for name, organisation, in_pool, active_to, employed, kind, ends_on, running, allocated, capacity in rows:
        if not employed:
            availability, until, capacity = "left", active_to, 0.0
        elif kind is not None:
            availability, until, capacity = AbsenceKind(kind).value, ends_on, round(float(capacity), 1)
        else:
            availability, until, capacity = "active", None, round(float(capacity), 1)
        records.append((name, organisation, bool(in_pool), availability, until, int(running), int(allocated),
                        capacity, utilisation(int(allocated), capacity)))
    return pd.DataFrame(records, columns=["advisor", "organisation", "in_pool", "availability", "until", "running",
                                          "allocated", "capacity", "utilisation"])


def advisor_count(session: Session, as_of: dt.date, organisations: list[str] | None = None) -> int:
    """How many advisors of ``organisations`` (all with ``None``) had joined by ``as_of``."""
    return session.execute(
        select(func.count(Advisor.id)).join(Organisation, Organisation.id == Advisor.organisation_id)
        .where(_advisors(as_of, organisations))
    ).scalar_one()


def handovers(session: Session, as_of: dt.date, organisations: list[str] | None = None,
              limit: int | None = None, programme: str | None = None) -> pd.DataFrame:
    """The hand-overs made by ``as_of``, newest first: trajectory, date, from and to advisor and organisation, why.

    Only those of trajectories of the programme ``programme`` (a slug; any with ``None``), from or to one of
    ``organisations`` (all with ``None``), the newest ``limit`` of them (all with ``None``; ``handover_counts``
    counts them). ``advisor_unavailable`` tells whether the
    previous advisor was absent or had left on that day, so the page can show the reason without
    naming an illness to everyone.
    """
    from_advisor, to_advisor, leaver = aliased(Advisor), aliased(Advisor), aliased(Advisor)
    from_organisation, to_organisation = aliased(Organisation), aliased(Organisation)
    unavailable = or_(
        absent_on(Handover.handed_over_on, Handover.from_advisor_id),
        exists(select(leaver.id).where(leaver.id == Handover.from_advisor_id,
                                       leaver.active_to < Handover.handed_over_on)),
    )
    query = (
        select(Trajectory.nr, Gemeente.name, Handover.handed_over_on, from_advisor.name, from_organisation.name,
               to_advisor.name, to_organisation.name, Handover.reason, case((unavailable, True), else_=False))
        .select_from(Handover)
        .join(Trajectory, Trajectory.id == Handover.trajectory_id)
        .join(Request, Request.id == Trajectory.request_id)
        .join(Gemeente, Gemeente.id == Request.gemeente_id)
        .outerjoin(from_advisor, from_advisor.id == Handover.from_advisor_id)
        .outerjoin(to_advisor, to_advisor.id == Handover.to_advisor_id)
        .join(from_organisation, from_organisation.id == Handover.from_organisation_id)
        .join(to_organisation, to_organisation.id == Handover.to_organisation_id)
        .where(Handover.handed_over_on <= as_of, in_programme(Trajectory.programme_id, Filters(programme=programme)),
               true() if organisations is None else or_(from_organisation.name.in_(organisations),
                                                        to_organisation.name.in_(organisations)))
        .order_by(Handover.handed_over_on.desc(), Trajectory.nr.desc(), Handover.id.desc())
    )
    rows = session.execute(query if limit is None else query.limit(limit)).all()
    frame = pd.DataFrame(rows, columns=["nr", "gemeente", "handed_over_on", "from_advisor", "from_organisation",
                                        "to_advisor", "to_organisation", "reason", "advisor_unavailable"])
    frame["advisor_unavailable"] = frame["advisor_unavailable"].astype(bool)
    return frame


def handover_counts(session: Session, as_of: dt.date, organisations: list[str] | None = None,
                    programme: str | None = None) -> tuple[int, int]:
    """How many hand-overs ``handovers`` would list in all, and how many of them went to another organisation.

    From the index on date and organisations alone: the organisations are matched by their ids (and with a
    ``programme``, the trajectories by theirs).
    """
    condition = Handover.handed_over_on <= as_of
    if programme is not None:
        condition = and_(condition, Handover.trajectory_id.in_(
            select(Trajectory.id).where(in_programme(Trajectory.programme_id, Filters(programme=programme)))))
    if organisations is not None:
        chosen = select(Organisation.id).where(Organisation.name.in_(organisations))
        condition = and_(condition, or_(Handover.from_organisation_id.in_(chosen),
                                        Handover.to_organisation_id.in_(chosen)))
    total, moved = session.execute(
        select(func.count(),
               func.coalesce(func.sum(case((Handover.from_organisation_id != Handover.to_organisation_id, 1),
                                           else_=0)), 0))
        .where(condition)
    ).one()
    return int(total), int(moved)
