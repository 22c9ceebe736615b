"""Rebuilding the derived tables from the first month a write touches: each write's tables equal those of a
full rebuild, the tracking places ORM changes of requests, trajectories, hand-overs and evaluations by their
request's earliest date and those of advisors and absences by their own, and anything it cannot place
(reference data, statements run directly, bulk loading) rebuilds everything."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from dashboard.data.sources import synth
from dashboard.data.derived import snapshots
from dashboard.data.schema import db
from dashboard.data.schema.models import (
    Absence,
    AbsenceKind,
    Advisor,
    ApplicantType,
    Channel,
    Evaluation,
    Gemeente,
    Organisation,
    Programme,
    Request,
    RequestTheme,
    SnapshotState,
    Theme,
    Trajectory,
    capacity_months,
    gemeente_involvement,
    gemeente_levels,
    monthly_levels,
    organisation_months,
)
from dashboard.data.derived.running_totals import first_day
from dashboard.data.sources.simulator import simulate
from dashboard.data.schema.versioning import bump_data_version
from tests.data.sources.test_simulator import fake_clock


class Rebuilds:
    """Counts the partial and full rebuilds made while it is installed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.partial = self.full = 0
        since, every = snapshots._rebuild_since, snapshots._rebuild_all

        def partial(*arguments):
            self.partial += 1
            return since(*arguments)

        def full(*arguments):
            self.full += 1
            return every(*arguments)

        monkeypatch.setattr(snapshots, "_rebuild_since", partial)
        monkeypatch.setattr(snapshots, "_rebuild_all", full)


def contents(session: Session, last: int) -> dict[str, list]:
    """The derived tables' rows up to month ``last`` (a partial rebuild may carry the last level on further)."""
    tables = {"levels": monthly_levels, "gemeenten": gemeente_levels}
    found = {name: sorted(session.execute(select(table).where(table.c.month <= last)).all())
             for name, table in tables.items()}
    found["involvement"] = sorted(session.execute(select(gemeente_involvement)).all())
    found["organisations"] = sorted(session.execute(select(organisation_months)
                                                    .where(organisation_months.c.allocated != 0)).all())
    found["intakes"] = sorted(session.execute(select(organisation_months.c.organisation_id, organisation_months.c.month,
                                                     organisation_months.c.intake_started)
                                              .where(organisation_months.c.intake_started != 0)).all())
    found["capacity"] = sorted(session.execute(select(capacity_months)
                                               .where(capacity_months.c.month < first_day(last + 1))).all())
    return found


def assert_as_a_full_rebuild(session: Session) -> None:
    """The derived tables as they are equal those a full rebuild makes (which is then rolled back)."""
    state = session.execute(select(SnapshotState.first_month, SnapshotState.last_month)).one()
    assert snapshots.current(session) is not None
    kept = contents(session, state.last_month)
    snapshots.rebuild(session)
    rebuilt = session.execute(select(SnapshotState.first_month, SnapshotState.last_month)).one()
    assert state.first_month == rebuilt.first_month and state.last_month >= rebuilt.last_month
    assert kept == contents(session, rebuilt.last_month)
    session.rollback()


def test_every_step_of_a_replay_rebuilds_from_its_month_as_a_full_rebuild_would(tmp_path, monkeypatch):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'replay.sqlite'}")
    rebuilds, checked = Rebuilds(monkeypatch), []

    def check(_line: str) -> None:
        with Session(engine) as session:
            if session.execute(select(func.count()).select_from(Request)).scalar_one():
                partial = rebuilds.partial
                assert_as_a_full_rebuild(session)
                rebuilds.partial = partial
                checked.append(partial)

    simulate(engine, dt.date(2006, 6, 1), speed=86_400 * 15, until=dt.date(2006, 12, 31), clock=fake_clock(1.0),
             sleep=lambda _: None, report=check)
    # Steps that touch requests of the first month (as early in the replay) rebuild everything.
    assert len(checked) >= 8 and checked[-1] >= len(checked) // 2
    engine.dispose()


@pytest.fixture(scope="module")
def programme(tmp_path_factory) -> str:
    """A synthetic programme of five years, with hand-overs and national organisations."""
    url = f"sqlite:///{tmp_path_factory.mktemp('incremental') / 'programme.sqlite'}"
    engine = db.make_engine(url)
    synth.synthesize(engine, 3_000, 4, per_year=600)
    engine.dispose()
    return url


def request_of_year(session: Session, year: int) -> Request:
    """The first request received in ``year`` whose trajectory has an evaluation."""
    return session.execute(
        select(Request).join(Trajectory, Trajectory.request_id == Request.id)
        .join(Evaluation, Evaluation.trajectory_id == Trajectory.id)
        .where(func.extract("year", Request.received_on) == year).order_by(Request.id).limit(1)).scalar_one()


def _hand_over(session: Session, year: int) -> None:
    request = request_of_year(session, year)
    other = session.execute(select(Organisation).where(Organisation.id != request.trajectory.organisation_id)
                            .order_by(Organisation.id).limit(1)).scalar_one()
    request.trajectory.organisation = other


def _new_theme(session: Session, year: int) -> None:
    request = request_of_year(session, year)
    missing = next(theme for theme in Theme if theme not in {t.theme for t in request.themes})
    request.themes.append(RequestTheme(theme=missing))


def _drop_evaluation(session: Session, year: int) -> None:
    session.delete(request_of_year(session, year).trajectory.evaluation)


def _late_request(session: Session, _year: int) -> None:
    last = session.execute(select(func.max(Request.received_on))).scalar_one()
    gemeente = session.execute(select(Gemeente).limit(1)).scalar_one()
    programme = session.execute(select(func.min(Programme.id))).scalar_one()
    session.add(Request(programme_id=programme, gemeente=gemeente, received_on=last + dt.timedelta(days=40),
                        applicant_type=ApplicantType.GEMEENTE, channel=Channel.MAILING))


def _new_absence(session: Session, year: int) -> None:
    starts = dt.date(year, 3, 1)
    advisor = session.execute(select(Advisor).where(Advisor.active_from <= starts, Advisor.active_to.is_(None))
                              .order_by(Advisor.id).limit(1)).scalar_one()
    session.add(Absence(advisor=advisor, kind=AbsenceKind.ZIEKTE, note="", starts_on=starts,
                        ends_on=dt.date(year, 6, 30)))


def _new_advisor(session: Session, year: int) -> None:
    organisation = session.execute(select(Organisation).order_by(Organisation.id).limit(1)).scalar_one()
    session.add(Advisor(name="Nieuwe adviseur", organisation=organisation, in_pool=True,
                        active_from=dt.date(year, 4, 15), active_to=dt.date(year + 1, 2, 10)))


def _absence_dropped(session: Session, year: int) -> None:
    session.delete(session.execute(select(Absence).join(Advisor, Advisor.id == Absence.advisor_id)
                                   .where(func.extract("year", Absence.starts_on) == year)
                                   .order_by(Absence.id).limit(1)).scalar_one())


@pytest.mark.parametrize("change", [_hand_over, _new_theme, _drop_evaluation, _late_request, _new_absence,
                                    _new_advisor, _absence_dropped])
def test_a_change_rebuilds_from_its_first_month_as_a_full_rebuild_would(programme, monkeypatch, change):
    engine = db.make_engine(programme)
    rebuilds = Rebuilds(monkeypatch)
    with Session(engine) as session:
        year = session.execute(select(func.extract("year", func.min(Request.received_on)))).scalar_one() + 2
        change(session, int(year))
        bump_data_version(session)
        assert (rebuilds.partial, rebuilds.full) == (1, 0)
        state = session.execute(select(SnapshotState.first_month)).scalar_one()
        assert session.execute(select(func.min(monthly_levels.c.month))).scalar_one() == state
        assert_as_a_full_rebuild(session)  # rolls the change back too
    engine.dispose()


@pytest.mark.parametrize("change", [
    lambda session: session.execute(select(Gemeente).limit(1)).scalar_one().__setattr__("province_id", 1),
    lambda session: session.execute(update(Request).where(Request.id == 1).values(applicant_type="steunpunt")),
    lambda session: session.execute(delete(Evaluation).where(Evaluation.id == 1)),
    lambda session: None,  # nothing recorded: a bulk load through the connection, say
], ids=["reference data", "update statement", "delete statement", "nothing recorded"])
def test_what_cannot_be_placed_rebuilds_everything(programme, monkeypatch, change):
    engine = db.make_engine(programme)
    rebuilds = Rebuilds(monkeypatch)
    with Session(engine) as session:
        change(session)
        bump_data_version(session)
        assert (rebuilds.partial, rebuilds.full) == (0, 1)
        session.rollback()
    engine.dispose()
