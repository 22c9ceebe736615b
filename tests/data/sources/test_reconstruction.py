"""The reconstruction's simulated parts: deterministic, consistent, and true to the report's story."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from dashboard.data.sources.loader import load_demo
from dashboard.data.schema.models import Absence, AbsenceKind, Advisor, Base, Handover, Trajectory
from dashboard.data.sources.reconstruction import HALT_REASON


def dump(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every programme table, in primary-key order (not users, audit log, or the data version and
    the version the derived tables were built for)."""
    with engine.connect() as connection:
        return {
            table.name: [tuple(row) for row in connection.execute(
                table.select().order_by(*table.primary_key.columns))]
            for table in Base.metadata.sorted_tables
            if table.name not in ("data_version", "snapshot_state", "users", "audit_log")
        }


def test_reload_gives_identical_content(demo_engine):
    first = dump(demo_engine)
    load_demo(demo_engine)
    assert dump(demo_engine) == first
    assert len(first["requests"]) == 131 and len(first["status_changes"]) > 131


def test_sqlite_runs_in_wal_mode_with_foreign_keys(empty_engine):
    with empty_engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_three_long_illnesses_and_two_departures(session: Session):
    kinds = dict(session.execute(select(Absence.kind, func.count()).group_by(Absence.kind)).all())
    assert kinds == {AbsenceKind.ZIEKTE: 3, AbsenceKind.VERTREK: 2}
    leavers = session.execute(select(Advisor).where(Advisor.active_to.is_not(None))).scalars().all()
    assert len(leavers) == 2


def test_two_trajectories_halted_by_the_client(session: Session):
    halted = session.execute(select(Handover).where(Handover.reason == HALT_REASON)).scalars().all()
    assert len(halted) == 2
    assert all(h.from_advisor_id != h.to_advisor_id for h in halted)


def test_handovers_end_with_the_trajectory_current_advisor(session: Session):
    for trajectory in session.execute(select(Trajectory)).scalars():
        if trajectory.handovers:
            last = trajectory.handovers[-1]
            assert last.to_advisor_id == trajectory.advisor_id
            assert last.to_organisation_id == trajectory.organisation_id
            assert trajectory.started_on < last.handed_over_on < trajectory.work_finished_on


def test_milestones_in_order_and_within_the_programme(session: Session):
    for t in session.execute(select(Trajectory)).scalars():
        assert t.request.received_on <= t.started_on <= t.work_finished_on <= t.completed_on
        assert t.work_finished_on <= dt.date(2007, 12, 31)
        assert t.completed_on <= dt.date(2008, 3, 4)
        assert t.evaluation is None or t.evaluation.received_on >= t.completed_on
        assert t.advisor.organisation_id == t.organisation_id


def test_joint_trajectories_cover_several_gemeenten(session: Session):
    trajectories = session.execute(select(Trajectory)).scalars().all()
    assert max(len(t.gemeenten) for t in trajectories) == 8
    (biggest,) = [t for t in trajectories if t.dagdelen == 34]
    assert len(biggest.gemeenten) == 8


def test_the_ten_first_finished_trajectories(session: Session):
    from dashboard.data.sources.reconstruction import FIRST_FINISHED

    trajectories = sorted(session.execute(select(Trajectory)).scalars(), key=lambda t: t.work_finished_on)
    assert {t.request.gemeente.name for t in trajectories[:10]} == set(FIRST_FINISHED)


def test_waiting_list_requests_all_became_trajectories(session: Session):
    from dashboard.data.schema.models import Request, Status

    waited = [r for r in session.execute(select(Request)).scalars()
              if any(c.status is Status.WAITLIST for c in r.history)]
    assert waited and all(r.trajectory is not None for r in waited)
    assert all(r.received_on > dt.date(2006, 12, 4) for r in waited)
