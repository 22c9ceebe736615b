"""The derived tables kept per programme: each programme's levels end in the last month of its own events (not
carried on through the decades of later programmes), counts after a programme ended still equal the base
tables', and a write to one programme rebuilds only that programme's rows, as a full rebuild would make them."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import func, select, union_all, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from dashboard.data.derived import snapshots
from dashboard.data.derived.running_totals import first_day, month_number
from dashboard.data.derived.snapshots import event_dates
from dashboard.data.schema import db
from dashboard.data.schema.models import (
    Absence,
    AbsenceKind,
    Advisor,
    ApplicantType,
    Channel,
    Gemeente,
    Programme,
    Request,
    SnapshotState,
    Trajectory,
    capacity_months,
    gemeente_levels,
    monthly_levels,
    monthly_totals,
)
from dashboard.data.queries.filters import Filters
from dashboard.data.schema.versioning import bump_data_version
from dashboard.data.sources import synth
from tests.data.derived.test_change_tracking import Rebuilds, assert_as_a_full_rebuild
from tests.data.derived.test_snapshots import assert_levels_agree

PROGRAMMES = 6


@pytest.fixture(scope="module")
def programmes_url(tmp_path_factory) -> str:
    """A synthetic database of 3,000 trajectories in six overlapping programmes."""
    url = f"sqlite:///{tmp_path_factory.mktemp('programme-levels') / 'programmes.sqlite'}"
    engine = db.make_engine(url)
    synth.synthesize(engine, 3_000, 7, per_year=600, programmes=PROGRAMMES)
    engine.dispose()
    return url


@pytest.fixture
def programmes_copy(programmes_url: str, tmp_path) -> str:
    """A copy of the programmes' database that a test may change."""
    copy = tmp_path / "copy.sqlite"
    shutil.copy(make_url(programmes_url).database, copy)
    return f"sqlite:///{copy}"


def last_event_months(session: Session) -> dict[int, int]:
    """Per programme id: the month of the last event of any of its requests, from the base tables."""
    parts = [select(Request.programme_id.label("programme_id"), func.max(date).label("day"))
             .select_from(table if table is Request.__table__ else table.join(Request, Request.id == request_id))
             .group_by(Request.programme_id)
             for date, request_id, table in event_dates()]
    every = union_all(*parts).subquery()
    rows = session.execute(select(every.c.programme_id, func.max(every.c.day)).group_by(every.c.programme_id))
    return {programme: month_number(day) for programme, day in rows}


def last_months(session: Session, table) -> dict[int, int]:
    """Per programme id: the last month ``table`` holds."""
    return dict(session.execute(select(table.c.programme_id, func.max(table.c.month)).group_by(table.c.programme_id))
                .all())


def rows_of(session: Session, table, programme: int) -> list:
    """Every row of ``table`` of the programme ``programme``, sorted."""
    return sorted(session.execute(select(table).where(table.c.programme_id == programme)).all())


def ended_early(session: Session) -> Programme:
    """The programme whose events end first (long before the others')."""
    ends = last_event_months(session)
    return session.get(Programme, min(ends, key=ends.get))


def test_each_programmes_levels_end_in_the_month_of_its_last_event(programmes_url):
    with Session(db.make_engine(programmes_url)) as session:
        ends = last_event_months(session)
        assert len(ends) == PROGRAMMES
        assert last_months(session, monthly_levels) == ends == last_months(session, monthly_totals)
        gemeenten = last_months(session, gemeente_levels)
        assert gemeenten.keys() == ends.keys() and all(gemeenten[p] <= ends[p] for p in ends)
        last = session.execute(select(SnapshotState.last_month)).scalar_one()
        assert last == max(ends.values()) and min(ends.values()) < last - 12  # one ended a year before the last


def test_counts_after_a_programme_ended_equal_the_base_tables(programmes_url):
    with Session(db.make_engine(programmes_url)) as session:
        programme = ended_early(session)
        end = first_day(last_event_months(session)[programme.id])  # the first day of its last month
        days = [end - dt.timedelta(days=1), end + dt.timedelta(days=20), end + dt.timedelta(days=400),
                dt.date(end.year + 3, 12, 31)]
        filters = [Filters(programme=programme.slug), Filters(programme=programme.slug, province="Utrecht"),
                   Filters(programme=programme.slug, theme=programme.themes.split(",")[0])]
        assert_levels_agree(session, [(day, chosen) for day in days for chosen in filters])


def change_then_check(url: str, monkeypatch, change) -> None:
    """In a copy's database, spoil the rows of a programme other than the one ``change`` changes (it returns that
    one's id), make the change, bump the data version (a partial rebuild) and commit: the spoilt rows stay
    spoilt (nothing but the changed programme's rows was rewritten), and the changed programme's rows equal a
    full rebuild's."""
    engine = db.make_engine(url)
    with Session(engine) as trial:  # which programme the change changes
        changed = change(trial)
        trial.rollback()
    with Session(engine) as spoiler:
        other = spoiler.execute(select(func.min(Programme.id)).where(Programme.id != changed)).scalar_one()
        spoiler.execute(update(monthly_levels).where(monthly_levels.c.programme_id == other)
                        .values(received=monthly_levels.c.received + 1000))
        spoiler.execute(update(gemeente_levels).where(gemeente_levels.c.programme_id == other)
                        .values(trajectories=gemeente_levels.c.trajectories + 1000))
        spoilt = {table.name: rows_of(spoiler, table, other) for table in (monthly_levels, gemeente_levels)}
        spoiler.commit()
    rebuilds = Rebuilds(monkeypatch)
    with Session(engine) as session:
        assert change(session) == changed
        bump_data_version(session)
        session.commit()
        assert (rebuilds.partial, rebuilds.full) == (1, 0)
        assert {table.name: rows_of(session, table, other) for table in (monthly_levels, gemeente_levels)} == spoilt
        kept = {table.name: rows_of(session, table, changed) for table in (monthly_levels, gemeente_levels)}
        snapshots.rebuild(session)
        assert {table.name: rows_of(session, table, changed) for table in (monthly_levels, gemeente_levels)} == kept
        session.rollback()
    engine.dispose()


def _late_request_in_the_first_programme_to_end(session: Session) -> int:
    """A request of the programme that ended first, a month after the last event of every programme (its levels
    now reach a later month than any other's)."""
    programme = ended_early(session)
    last = session.execute(select(func.max(Request.received_on))).scalar_one()
    gemeente = session.execute(select(Gemeente).order_by(Gemeente.id).limit(1)).scalar_one()
    session.add(Request(programme_id=programme.id, gemeente=gemeente, received_on=last + dt.timedelta(days=40),
                        applicant_type=ApplicantType.GEMEENTE, channel=Channel.MAILING))
    return programme.id


def _withdrawn_in_the_last_programme(session: Session) -> int:
    """The latest running trajectory's request of the programme with the latest events withdrawn."""
    ends = last_event_months(session)
    programme = max(ends, key=ends.get)
    trajectory = session.execute(select(Trajectory).where(Trajectory.programme_id == programme,
                                                          Trajectory.completed_on.is_(None))
                                 .order_by(Trajectory.started_on.desc()).limit(1)).scalar_one()
    trajectory.request.withdrawn_on = max(trajectory.started_on, trajectory.request.received_on) + dt.timedelta(days=3)
    return programme


@pytest.mark.parametrize("change", [_late_request_in_the_first_programme_to_end, _withdrawn_in_the_last_programme])
def test_a_write_to_one_programme_rebuilds_only_its_rows(programmes_copy, monkeypatch, change):
    change_then_check(programmes_copy, monkeypatch, change)
    with Session(db.make_engine(programmes_copy)) as session:
        ends = last_months(session, monthly_totals)
        assert ends == last_event_months(session)
        assert session.execute(select(SnapshotState.last_month)).scalar_one() == max(ends.values())


def test_moving_a_request_to_another_programme_rebuilds_both(programmes_copy, monkeypatch):
    engine = db.make_engine(programmes_copy)
    rebuilds = Rebuilds(monkeypatch)
    with Session(engine) as session:
        trajectory = session.execute(select(Trajectory).order_by(Trajectory.started_on.desc()).limit(1)).scalar_one()
        source = trajectory.programme_id
        target = session.execute(select(func.min(Programme.id)).where(Programme.id != source)).scalar_one()
        trajectory.request.programme_id = target
        trajectory.programme_id = target
        bump_data_version(session)
        session.commit()
        assert (rebuilds.partial, rebuilds.full) == (1, 0)
        assert last_months(session, monthly_totals) == last_event_months(session)
        assert_as_a_full_rebuild(session)
    engine.dispose()


def test_an_absence_rebuilds_the_capacity_and_no_programmes_rows(programmes_copy, monkeypatch):
    engine = db.make_engine(programmes_copy)
    with Session(engine) as spoiler:
        spoiler.execute(update(monthly_levels).values(received=monthly_levels.c.received + 1000))
        spoilt = sorted(spoiler.execute(select(monthly_levels)).all())
        spoiler.commit()
    rebuilds = Rebuilds(monkeypatch)
    with Session(engine) as session:
        advisor = session.execute(select(Advisor).where(Advisor.active_to.is_(None)).order_by(Advisor.id)
                                  .limit(1)).scalar_one()
        starts = max(advisor.active_from, dt.date(2030, 1, 1))
        session.add(Absence(advisor=advisor, kind=AbsenceKind.ZIEKTE, note="", starts_on=starts,
                            ends_on=starts + dt.timedelta(days=90)))
        bump_data_version(session)
        session.commit()
        assert (rebuilds.partial, rebuilds.full) == (1, 0)
        assert sorted(session.execute(select(monthly_levels)).all()) == spoilt
        capacity = sorted(session.execute(select(capacity_months)).all())
        snapshots.rebuild(session)
        assert sorted(session.execute(select(capacity_months)).all()) == capacity
        session.rollback()
    engine.dispose()
