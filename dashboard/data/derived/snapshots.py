"""Monthly levels: every count of the Overzicht, Tijdlijn and Evaluaties per month and filter combination,
kept in step with every write.

Counting statuses, starts and forms as of a date over millions of rows takes seconds. Each of these counts
is a sum over requests of events that each happen on one date: received, reaching a status, leaving it,
starting, finishing, sending an evaluation form. ``monthly_levels`` keeps, for the end of every month and
every combination of the filters' values, the sum of all events up to then; a count as of a date is then
the previous month's level plus the events since the first of the month, which the indexes on the event
dates find (``queries.levels``). ``monthly_totals`` sums each month's levels over the combinations (a run of
months without filters). ``gemeente_involvement`` keeps when each gemeente was first involved, since a
distinct count is not a sum; ``gemeente_levels`` (``data.derived.gemeente_snapshots``) keeps the map's counts per
gemeente.

``rebuild`` recomputes these tables, and ``organisation_months`` and ``capacity_months`` for the CMO's page
(``data.derived.allocations``, ``data.derived.capacity_months``), from
the base tables in the writer's own transaction; ``bump_data_version`` calls it, so they always match the data
version recorded in ``snapshot_state``, and readers fall back to the base tables whenever they do not. When
``change_tracking`` knows the first month a write touches and the programmes of the requests it changed, only
the rows of those programmes from that month on are rebuilt (``capacity_months``, per organisation and shared
by all programmes, from that month on for all). Each programme's levels end in the last month of its own events
(``running_totals.PROGRAMME_ENDS``), so a later month of another programme's rewrites none of its rows; readers
take a programme's last level for any month after it (``queries.levels.at_month``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import (
    ColumnElement,
    Date,
    FromClause,
    Insert,
    Integer,
    Select,
    String,
    Table,
    and_,
    bindparam,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from dashboard.data.derived import allocations, capacity_months
from dashboard.data.schema.models import (
    EVALUATION_ASPECTS,
    LATEST_FIRST,
    LEVEL_DIMENSIONS,
    LEVEL_MEASURES,
    LOW_MARK,
    MARK_COUNTS,
    STATUS_DATE_ATTRIBUTE,
    THEME_BITS,
    Channel,
    DataVersion,
    Evaluation,
    Gemeente,
    Programme,
    Request,
    RequestTheme,
    SnapshotState,
    Status,
    Trajectory,
    gemeente_involvement,
    gemeente_levels,
    monthly_levels,
    monthly_totals,
    trajectory_gemeenten,
)
from dashboard.data.derived import gemeente_snapshots
from dashboard.data.queries.sql_functions import greatest, least, month_index
from dashboard.data.derived.running_totals import (
    NEVER,
    PROGRAMME_ENDS,
    Continuation,
    continuation,
    ends_of,
    filling,
    first_day,
    month_number,
    running_totals,
    temporary_copy,
    temporary_tables,
    within_programmes,
)

REACHED = tuple(status for status in Status if status not in (Status.RECEIVED, Status.WAITLIST))
"""The funnel's stages after 'received', counted by the date each was reached."""


def _left(status: Status) -> str:
    """The name of the row column holding the date a request stopped having ``status``."""
    return f"left_{status.value}"


def request_rows() -> Select:
    """One row per request: its filter values, the dates of its events and what they weigh.

    A request has ``status`` from its date until the first date of a status that comes later in
    ``LATEST_FIRST``'s order of precedence; that date (``left_<status>``) is never before its own, so
    every status count is the sum of a +1 and a -1 event.
    """
    themes = (select(func.coalesce(func.sum(case(*((RequestTheme.theme == theme, bit)
                                                    for theme, bit in THEME_BITS.items()), else_=0)), 0))
              .where(RequestTheme.request_id == Request.id).correlate(Request).scalar_subquery())
    dates = {status: getattr(Request, STATUS_DATE_ATTRIBUTE[status]) for status in Status}
    precedence = (*LATEST_FIRST, Status.RECEIVED)
    never = literal(NEVER, Date)
    left = []
    for position, status in enumerate(precedence[1:], start=1):
        later = [func.coalesce(dates[before], never) for before in precedence[:position]]
        first_later = later[0] if len(later) == 1 else least(*later)
        # (a CASE, as PostgreSQL's GREATEST passes over NULL where SQLite's max gives NULL)
        left.append(case((dates[status].is_not(None), greatest(dates[status], first_later)))
                    .label(_left(status)))
    return (
        select(
            Request.programme_id.label("programme_id"),
            Gemeente.province_id.label("province_id"),
            func.coalesce(Trajectory.organisation_id, 0).label("organisation_id"),
            type_coerce(themes, Integer).label("theme_mask"),
            cast(Request.applicant_type, String(20)).label("applicant_type"),
            cast(Request.channel, String(20)).label("channel"),
            func.coalesce(Trajectory.province_id, 0).label("trajectory_province_id"),
            Trajectory.id.label("trajectory_id"),
            *(date.label(STATUS_DATE_ATTRIBUTE[status]) for status, date in dates.items()),
            *left,
            Trajectory.started_on.label("started_on"),
            Trajectory.dagdelen.label("dagdelen"),
            Trajectory.work_finished_on.label("trajectory_work_finished_on"),
            Trajectory.completed_on.label("trajectory_completed_on"),
            Evaluation.received_on.label("evaluated_on"),
            *(getattr(Evaluation, aspect).label(aspect) for aspect in EVALUATION_ASPECTS),
        )
        .join(Gemeente, Gemeente.id == Request.gemeente_id)
        .outerjoin(Trajectory, Trajectory.request_id == Request.id)
        .outerjoin(Evaluation, Evaluation.trajectory_id == Trajectory.id)
    )


def event_dates() -> list[tuple[ColumnElement[dt.date], ColumnElement[int], FromClause]]:
    """Every date an event of a request can fall on: the date, the id of its request beside it, and the table
    (or join) holding both, whose index on the date finds it."""
    holds_both = Evaluation.__table__.join(Trajectory.__table__, Trajectory.id == Evaluation.trajectory_id)
    return [*((getattr(Request, STATUS_DATE_ATTRIBUTE[status]), Request.id, Request.__table__) for status in Status),
            *((date, Trajectory.request_id, Trajectory.__table__)
              for date in (Trajectory.started_on, Trajectory.work_finished_on, Trajectory.completed_on)),
            (Evaluation.received_on, Trajectory.request_id, holds_both)]


def changed_between(start: dt.date, end: dt.date):
    """The ids of the requests with any event date from ``start`` to ``end``, each found through its index."""
    return union_all(*(select(request_id).select_from(table).where(date.between(start, end))
                       for date, request_id, table in event_dates()))


@dataclass(frozen=True)
class Event:
    """Something that happens to a request on the date in ``date``, adding ``weights`` to the measures."""

    date: ColumnElement[dt.date]
    weights: dict[str, ColumnElement[int]]


def events(rows: FromClause) -> Iterator[Event]:
    """Every event of the rows of ``request_rows`` (as ``rows``), with the measures it adds to."""
    c = rows.c
    one = literal(1)
    yield Event(c.received_on, {"received": one, "status_received": one,
                                "received_mailing": case((c.channel == Channel.MAILING.value, 1), else_=0),
                                "received_adviseur": case((c.channel == Channel.ADVISEUR.value, 1), else_=0)})
    for status in Status:
        if status is not Status.RECEIVED:
            weights = {f"status_{status.value}": one}
            if status in REACHED:
                weights[f"reached_{status.value}"] = one
            yield Event(c[STATUS_DATE_ATTRIBUTE[status]], weights)
        if status is not Status.WITHDRAWN:
            yield Event(c[_left(status)], {f"status_{status.value}": literal(-1)})
    yield Event(c.started_on, {"started": one, "dagdelen_sum": c.dagdelen})
    yield Event(c.trajectory_work_finished_on, {"work_finished": one})
    yield Event(c.trajectory_completed_on, {"completed": one})
    total = sum((c[aspect] for aspect in list(EVALUATION_ASPECTS)[1:]), c[next(iter(EVALUATION_ASPECTS))])
    yield Event(c.evaluated_on, {
        "forms": one, **{aspect: c[aspect] for aspect in EVALUATION_ASPECTS},
        "form_total": total, "form_squares": total * total,
        "low_forms": case((or_(*(c[aspect] < LOW_MARK for aspect in EVALUATION_ASPECTS)), 1), else_=0),
        **{name: case((c[aspect] == mark, 1), else_=0) for (aspect, mark), name in MARK_COUNTS.items()},
    })
    both = and_(c.trajectory_completed_on.is_not(None), c.evaluated_on.is_not(None))
    yield Event(case((both, greatest(c.trajectory_completed_on, c.evaluated_on))), {"answered": one})


def dimension_columns(rows: FromClause) -> list[ColumnElement]:
    """The filter-value columns of ``rows``, in ``LEVEL_DIMENSIONS`` order."""
    return [rows.c[name] for name in LEVEL_DIMENSIONS]


RANGES = ("dagdelen_min", "dagdelen_max")


def _families(every: list[Event]) -> list[list[Event]]:
    """The events in groups that share no measure (a status's +1 and -1 share one; a form's marks share none
    with a start), so each group is added up over its own few measures only."""
    families: list[list[Event]] = []
    for event in every:
        joined = [family for family in families if any(set(e.weights) & set(event.weights) for e in family)]
        families = [family for family in families if family not in joined]
        families.append([event, *(e for family in joined for e in family)])
    return families


def _sums(parts: list[Select], names: list[str]) -> Select:
    """The sums of ``names`` (and the dagdelen range) per month and filter combination over ``parts``."""
    every = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    return (select(every.c.month, *dimension_columns(every), *(func.sum(every.c[name]).label(name) for name in names),
                   func.min(every.c.dagdelen_min).label("dagdelen_min"),
                   func.max(every.c.dagdelen_max).label("dagdelen_max"))
            .group_by(every.c.month, *dimension_columns(every)))


def _monthly_deltas(rows: Table) -> Select:
    """Per month and filter combination: what the events of that month add, and its dagdelen range.

    Each family of events is added up over its own measures first; the families' sums (far fewer rows)
    are then put side by side.
    """
    dimensions = dimension_columns(rows)
    totals = []
    for family in _families(list(events(rows))):
        names = [name for name in LEVEL_MEASURES if any(name in event.weights for event in family)]
        parts = []
        for event in family:
            month = month_index(event.date).label("month")
            ranges = ([func.min(rows.c.dagdelen), func.max(rows.c.dagdelen)] if "started" in event.weights
                      else [literal(None, Integer)] * 2)
            parts.append(select(month, *dimensions,
                                *(func.sum(event.weights[name]).label(name) if name in event.weights
                                  else literal(0).label(name) for name in names),
                                *(value.label(name) for value, name in zip(ranges, RANGES)))
                         .where(event.date.is_not(None), event.date < NEVER).group_by(month, *dimensions))
        family_sums = _sums(parts, names).subquery()
        totals.append(select(family_sums.c.month, *dimension_columns(family_sums),
                             *(family_sums.c[name] if name in names else literal(0).label(name)
                               for name in LEVEL_MEASURES),
                             *(family_sums.c[name] for name in RANGES)))
    return _sums(totals, list(LEVEL_MEASURES))


@dataclass(frozen=True)
class _Statements:
    """The temporary tables and statements of a rebuild, built once per process (so compiled once: they hold
    thousands of expressions)."""

    rows: Table
    fill_rows: Insert
    fill_rows_since: Insert
    deltas: Table
    fill_deltas: Insert
    months: Select
    fill_ends: Insert
    fill_levels: Insert
    continuation: Continuation
    fill_totals: Insert
    fill_totals_since: Insert
    fill_involvement: Insert
    fill_involvement_since: Insert


@functools.cache
def _statements() -> _Statements:
    """The rebuild's tables and statements."""
    query = request_rows()
    rows = temporary_copy("snapshot_rows", query)
    deltas_query = _monthly_deltas(rows)
    deltas = temporary_copy("snapshot_deltas", deltas_query)
    measures = (LEVEL_DIMENSIONS, LEVEL_MEASURES, ("dagdelen_min",), ("dagdelen_max",))
    levels = running_totals(deltas, *measures)
    involvement = (select(trajectory_gemeenten.c.gemeente_id, *dimension_columns(rows), func.min(rows.c.started_on))
                   .join(trajectory_gemeenten, trajectory_gemeenten.c.trajectory_id == rows.c.trajectory_id)
                   .where(rows.c.started_on.is_not(None))
                   .group_by(trajectory_gemeenten.c.gemeente_id, *dimension_columns(rows)))
    start = bindparam("start", type_=Date)
    known = (select(gemeente_involvement.c.gemeente_id)
             .where(gemeente_involvement.c.gemeente_id == trajectory_gemeenten.c.gemeente_id,
                    *(gemeente_involvement.c[name] == rows.c[name] for name in LEVEL_DIMENSIONS)))
    involvement_columns = ["gemeente_id", *LEVEL_DIMENSIONS, "first_started_on"]
    totals_columns = [c.name for c in monthly_totals.c]
    return _Statements(
        rows=rows, fill_rows=filling(rows, query),
        fill_rows_since=filling(rows, query.where(Request.id.in_(changed_between(start, NEVER)),
                                                  within_programmes(Request.programme_id))),
        deltas=deltas, fill_deltas=filling(deltas, deltas_query),
        months=select(func.min(deltas.c.month), func.max(deltas.c.month)),
        fill_ends=ends_of(deltas),
        fill_levels=filling(monthly_levels, levels),
        continuation=continuation(monthly_levels, deltas, *measures, fills_ends=True),
        fill_totals=insert(monthly_totals).from_select(totals_columns, totals_of_levels()),
        fill_totals_since=insert(monthly_totals).from_select(
            totals_columns, totals_of_levels().where(monthly_levels.c.month >= bindparam("since", type_=Integer),
                                                     within_programmes(monthly_levels.c.programme_id))),
        fill_involvement=insert(gemeente_involvement).from_select(involvement_columns, involvement),
        fill_involvement_since=insert(gemeente_involvement).from_select(
            involvement_columns, involvement.where(rows.c.started_on >= start, ~exists(known))),
    )


def totals_of_levels() -> Select:
    """Per month and programme, the sum of ``monthly_levels`` over every combination of filter values
    (``monthly_totals``)."""
    ranges = {"dagdelen_min": func.min, "dagdelen_max": func.max}
    return (select(monthly_levels.c.month, monthly_levels.c.programme_id,
                   *(ranges.get(name, func.sum)(monthly_levels.c[name]).label(name)
                     for name in [*LEVEL_MEASURES, *ranges]))
            .group_by(monthly_levels.c.month, monthly_levels.c.programme_id))


def rebuild(session: Session, since: dt.date | None = None, programmes: Collection[int] | None = None) -> None:
    """Recompute ``monthly_levels``, ``monthly_totals``, ``gemeente_involvement``, ``gemeente_levels``,
    ``organisation_months`` and ``capacity_months`` from the base tables, in this transaction: in full, or only
    from the month of ``since`` on, and then only the rows of ``programmes`` (None: of every programme).

    ``since`` is the first day any change of this transaction touches, and ``programmes`` the programmes of
    the requests they changed (``change_tracking``): every event of every request it changed lies on or after
    it, in one of those programmes. The months before are then kept, and the other programmes' rows, if the
    tables matched the data before this transaction (the data version just before) and ``since`` lies after
    their first month. A programme's levels end in its last month (``running_totals.PROGRAMME_ENDS``), so they
    are recomputed from the month after it at the latest, where the level it is carried on from is stored.
    """
    version = session.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar_one_or_none()
    before = session.execute(select(SnapshotState.data_version, SnapshotState.first_month,
                                    SnapshotState.last_month).where(SnapshotState.id == 1)).first()
    month = month_number(since) if since is not None else None
    if month is not None and before is not None:
        if programmes is None:
            programmes = session.execute(select(Programme.id)).scalars().all()
        month = min([month, *(end + 1 for end in _ends(session, programmes))])
    if (month is None or version is None or before is None or before.data_version != version - 1
            or before.first_month is None or month <= before.first_month):
        first, last = _rebuild_all(session)
    else:
        first = before.first_month
        last = _rebuild_since(session, month, before.last_month, sorted(programmes))
    session.execute(delete(SnapshotState))
    if version is not None:
        session.add(SnapshotState(id=1, data_version=version, first_month=first, last_month=last))
        session.flush()


def _ends(session: Session, programmes: Collection[int]) -> list[int]:
    """The last month of the stored levels of each of ``programmes`` that has levels."""
    return list(session.execute(
        select(func.max(monthly_totals.c.month)).where(monthly_totals.c.programme_id.in_(sorted(programmes)))
        .group_by(monthly_totals.c.programme_id)).scalars())


def _rebuild_all(session: Session) -> tuple[int | None, int | None]:
    """Empty the derived tables and fill them from all requests; the first and last month of the levels."""
    for table in (monthly_levels, monthly_totals, gemeente_involvement, gemeente_levels):
        session.execute(delete(table))
    connection = session.connection()
    made = _statements()
    with temporary_tables(connection, made.rows, made.deltas, PROGRAMME_ENDS):
        connection.execute(made.fill_rows)
        connection.execute(made.fill_deltas)
        first, last = connection.execute(made.months).one()
        if first is not None:
            connection.execute(made.fill_ends)
            connection.execute(made.fill_levels, {"first": first, "last": last})
            gemeente_snapshots.fill(connection, made.rows, first, last)
            connection.execute(made.fill_totals)
        connection.execute(made.fill_involvement)
        allocations.rebuild(session)
        capacity_months.rebuild(session, last)
    return first, last


def _rebuild_since(session: Session, month: int, last: int, programmes: Sequence[int]) -> int:
    """Recompute the derived tables from ``month`` on: the rows of the programmes ``programmes`` of those kept by
    programme, from their requests with an event since its first day (found through the date indexes), and
    ``capacity_months``; the new last month of the levels (``last`` the one before)."""
    start = first_day(month)
    if programmes:
        last = _rebuild_levels_since(session, month, last, programmes)
        allocations.rebuild_since(session, start, programmes)
    capacity_months.rebuild_since(session, start, last)
    return last


def _rebuild_levels_since(session: Session, month: int, last: int, programmes: Sequence[int]) -> int:
    """Recompute the levels, totals, gemeente levels and gemeente involvement of the programmes ``programmes`` from
    ``month`` on; the new last month of the levels."""
    start = first_day(month)
    for table in (monthly_levels, monthly_totals, gemeente_levels):
        session.execute(delete(table).where(table.c.month >= month, table.c.programme_id.in_(programmes)))
    session.execute(delete(gemeente_involvement).where(gemeente_involvement.c.first_started_on >= start,
                                                       gemeente_involvement.c.programme_id.in_(programmes)))
    connection = session.connection()
    made = _statements()
    with temporary_tables(connection, made.rows, made.deltas, PROGRAMME_ENDS):
        connection.execute(made.fill_rows_since, {"start": start, "programmes": list(programmes)})
        connection.execute(made.fill_deltas)
        latest = connection.execute(made.months).one()[1]
        last = max(last, latest) if latest is not None else last
        made.continuation.run(connection, month, last, programmes)
        connection.execute(made.fill_totals_since, {"since": month, "programmes": list(programmes)})
        gemeente_snapshots.fill(connection, made.rows, month - 1, last, since=month, programmes=programmes)
        connection.execute(made.fill_involvement_since, {"start": start})
    return last


class Coverage(NamedTuple):
    """The data version the derived tables match, and the first and last month of the levels (None: no data)."""

    version: int
    first_month: int | None
    last_month: int | None


def current(session: Session) -> Coverage | None:
    """What the derived tables cover when they match the data version; None when they do not."""
    row = session.execute(
        select(SnapshotState.data_version, SnapshotState.first_month, SnapshotState.last_month)
        .join(DataVersion, DataVersion.version == SnapshotState.data_version)
        .where(SnapshotState.id == 1, DataVersion.id == 1)
    ).first()
    return Coverage(*row) if row else None
