"""The CMO's page from the derived tables: the same figures as from the base tables on any date.

``organisation_months`` (allocation changes and intake starts per organisation and month) and the monthly
levels give the report's table, the carried-out counts and the monthly allocation; with the derived tables
made stale, every query counts from the base tables instead. Both must agree on the reconstruction and on a
synthetic programme with many hand-overs, on month ends, mid-month days and days after the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from dashboard.data.sources import synth
from dashboard.data.derived import snapshots
from dashboard.data.schema.models import Handover, Organisation, SnapshotState, capacity_months, organisation_months
from dashboard.data.queries import capacity, summary
from dashboard.data.queries.filters import Filters
from tests.data.derived.test_snapshots import month_days
from tests.data.synthetic_programmes import synthetic_session

D = dt.date


def figures(session: Session, day: dt.date) -> list[pd.DataFrame]:
    """Everything on the CMO's page that the derived tables change, on ``day``."""
    return [capacity.organisation_workload(session, day), summary.organisation_table(session, day),
            capacity.allocated_work(session, day), capacity.utilisation_by_month(session, day)]


def assert_same_from_base_tables(session: Session, days: list[dt.date]) -> None:
    """The figures from the derived tables equal those with the derived tables made stale, on every day."""
    assert snapshots.current(session) is not None, "the derived tables should be in step with the data"
    derived = [figures(session, day) for day in days]
    session.execute(update(SnapshotState).values(data_version=-1))
    session.info.clear()
    assert snapshots.current(session) is None
    for day, expected in zip(days, derived):
        for got, want in zip(figures(session, day), expected):
            pd.testing.assert_frame_equal(got, want, obj=str(day))
    session.rollback()
    session.info.clear()


def assert_report_from_the_workload(session: Session, days: list[dt.date]) -> None:
    """The report's per-CMO table taken from the workload's rows equals the table counted from the base tables."""
    for day in days:
        pd.testing.assert_frame_equal(capacity.per_cmo_table(capacity.organisation_workload(session, day)),
                                      summary.organisation_table_from_base_tables(session, day), obj=str(day))


def test_the_reconstruction_on_many_days(session):
    days = month_days(D(2006, 3, 1), D(2008, 4, 30))[::2]  # the 1st, 14th or last day of every month
    assert_same_from_base_tables(session, [D(2005, 12, 31), *days, D(2009, 7, 14), D(2031, 1, 31)])
    assert_report_from_the_workload(session, [D(2005, 12, 31), *days[::3], D(2031, 1, 31)])


def test_the_report_table_with_filters_counts_from_the_base_tables(session):
    """Filters do not split the intake starts: the table counts them from the base tables."""
    day = D(2007, 6, 30)
    for filters in (Filters(province="Utrecht"), Filters(theme="zorg")):
        table = summary.organisation_table(session, day, filters)
        pd.testing.assert_frame_equal(table, summary.organisation_table_from_base_tables(session, day, filters))


def test_the_derived_table_is_read_not_the_base_tables(session):
    """With the derived tables in step, the intake starts and allocation changes come from ``organisation_months``:
    an edited row shows (and proves the base tables were not counted)."""
    day = D(2007, 11, 30)
    zet = session.execute(select(Organisation.id).where(Organisation.name == "Zet")).scalar_one()
    before = summary.organisation_table(session, day).set_index("organisation").loc["Zet", "trajectories_in_province"]
    months = capacity.utilisation_by_month(session, day).query("organisation == 'Zet'").set_index("month").allocated
    edited_month = session.execute(select(func.max(organisation_months.c.month)).where(
        organisation_months.c.organisation_id == zet, organisation_months.c.month < D(2007, 11, 1))).scalar_one()
    session.execute(update(organisation_months)
                    .where(organisation_months.c.organisation_id == zet, organisation_months.c.month == edited_month)
                    .values(intake_started=organisation_months.c.intake_started + 1000,
                            allocated=organisation_months.c.allocated + 7))
    after = summary.organisation_table(session, day).set_index("organisation").loc["Zet", "trajectories_in_province"]
    edited = capacity.utilisation_by_month(session, day).query("organisation == 'Zet'").set_index("month").allocated
    assert after == before + 1000
    assert (edited - months).to_dict() == {month: 7 if month >= edited_month else 0 for month in months.index}
    session.rollback()


def test_the_capacity_of_whole_months_is_read_from_capacity_months(session):
    """With the derived tables in step, the capacity of every whole month comes from ``capacity_months``: an edited
    row shows; the last month, measured mid-month, is counted from the base tables."""
    day = D(2007, 11, 14)
    zet, per_week = session.execute(select(Organisation.id, Organisation.dagdelen_per_advisor_week)
                                    .where(Organisation.name == "Zet")).one()
    before = capacity.utilisation_by_month(session, day).query("organisation == 'Zet'").set_index("month").capacity
    stored = set(session.execute(select(capacity_months.c.month).where(capacity_months.c.organisation_id == zet)
                                 ).scalars())
    session.execute(update(capacity_months).where(capacity_months.c.organisation_id == zet)
                    .values(available_days=capacity_months.c.available_days + 7))
    after = capacity.utilisation_by_month(session, day).query("organisation == 'Zet'").set_index("month").capacity
    assert D(2007, 11, 1) in stored and D(2006, 12, 1) in stored
    expected = {month: float(per_week) if month in stored and month < D(2007, 11, 1) else 0.0 for month in before.index}
    assert (after - before).to_dict() == pytest.approx(expected, abs=0.11)
    session.rollback()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Iterator[Session]:
    """A session on a synthetic programme of 3,000 trajectories over three years, with many hand-overs."""
    yield from synthetic_session(tmp_path_factory, "months", 3_000, 7, per_year=1_000)


def test_a_synthetic_programme_with_hand_overs_on_many_days(synthetic):
    days = month_days(D(2022, 11, 1), synth.END)[::2] + [synth.END + dt.timedelta(days=45)]
    later = synthetic.execute(select(func.count()).select_from(Handover)
                              .where(Handover.handed_over_on > D(2024, 6, 30))).scalar_one()
    assert later > 10  # many days see hand-overs that have not happened yet
    assert_same_from_base_tables(synthetic, days)
    assert_report_from_the_workload(synthetic, days[::3])


@pytest.mark.parametrize("shown", [capacity.MONTHS_SHOWN, 7])
def test_a_window_of_the_last_months_starts_from_the_balance_before_it(synthetic, monkeypatch, shown):
    monkeypatch.setattr(capacity, "MONTHS_SHOWN", shown)
    assert_same_from_base_tables(synthetic, [D(2024, 2, 29), D(2024, 8, 17), D(2025, 6, 30), D(2025, 11, 3)])
