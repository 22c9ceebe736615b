"""Coverage queries: the report's province table, metrics at two dates, points, growth and blank spots."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from dashboard import formatting
from dashboard.data.schema.lifecycle import STATUS_LABELS
from dashboard.data.schema.models import WAITING, ApplicantType, Channel, Gemeente, Programme, Request, Status, Trajectory
from dashboard.data.queries import coverage
from dashboard.data.queries.filters import Filters
from dashboard.data.queries.summary import status_on
from dashboard.data.schema.versioning import bump_data_version

REPORT_DATE = dt.date(2008, 3, 4)
REPORT_TABLE = {  # lines 999-1021: gemeenten on 1 Jan 2008, involved, percentage
    "Groningen": (25, 14, 56), "Friesland": (31, 20, 65), "Drenthe": (12, 4, 33), "Overijssel": (25, 10, 40),
    "Flevoland": (6, 3, 50), "Gelderland": (56, 15, 27), "Utrecht": (29, 15, 52), "Noord-Holland": (61, 19, 31),
    "Zuid-Holland": (77, 22, 29), "Noord-Brabant": (68, 13, 19), "Zeeland": (13, 6, 46), "Limburg": (40, 17, 43),
}


def test_province_table_equals_the_report(session):
    metrics = coverage.province_metrics(session, REPORT_DATE).set_index("province")
    for province, (gemeenten, involved, percentage) in REPORT_TABLE.items():
        row = metrics.loc[province]
        assert (row.gemeenten, row.involved) == (gemeenten, involved)
        assert formatting.number(row.share) == str(percentage)
    assert formatting.number(coverage.national_share(metrics.reset_index())) == "36"


@pytest.mark.parametrize("as_of", [dt.date(2006, 12, 15), dt.date(2007, 11, 30)])
def test_metrics_per_province_match_the_rows(session, as_of):
    metrics = coverage.province_metrics(session, as_of).set_index("province")
    trajectories = [t for t in session.execute(select(Trajectory)).scalars() if t.started_on <= as_of]
    for province in REPORT_TABLE:
        mine = [t for t in trajectories if t.province.name == province]
        row = metrics.loc[province]
        assert row.trajectories == len(mine)
        assert row.dagdelen == sum(t.dagdelen for t in mine)
        assert row.involved == len({g.id for t in trajectories for g in t.gemeenten if g.province.name == province})
        forms = [t.evaluation for t in mine if t.evaluation and t.evaluation.received_on <= as_of]
        assert row.forms == len(forms)
        if forms:
            marks = [m for f in forms for m in (f.mark_results, f.mark_process, f.mark_quality,
                                                 f.mark_presentation, f.mark_service)]
            assert row.mean_mark == pytest.approx(sum(marks) / len(marks))


def test_every_involved_gemeente_is_a_point_with_coordinates(session):
    points = coverage.gemeente_points(session, REPORT_DATE)
    assert len(points) == 158 and points.gemeente.is_unique
    assert points.lat.notna().all() and points.lon.notna().all()
    joint = points[points.gemeente == "Vlieland"].iloc[0]
    assert "Terschelling" in joint.trajectory_gemeenten


@pytest.mark.parametrize("as_of", [dt.date(2006, 12, 15), REPORT_DATE])
def test_points_count_each_gemeentes_trajectories_and_show_its_latest(session, as_of):
    points = coverage.gemeente_points(session, as_of).set_index("gemeente")
    started = [t for t in session.execute(select(Trajectory)).scalars() if t.started_on <= as_of]
    by_gemeente: dict[str, list[Trajectory]] = {}
    for t in started:
        for g in t.gemeenten:
            by_gemeente.setdefault(g.name, []).append(t)
    assert set(points.index) == set(by_gemeente)
    for name, own in by_gemeente.items():
        row = points.loc[name]
        latest = max(own, key=lambda t: (t.started_on, t.nr))
        assert (row.trajectories, row.total_dagdelen) == (len(own), sum(t.dagdelen for t in own))
        assert row.first_started_on == min(t.started_on for t in own)
        assert row.nr == latest.nr and row.started_on == latest.started_on
        assert row.running + row.work_finished + row.completed + row.withdrawn == len(own)


def test_every_gemeente_in_the_database_has_coordinates(session):
    assert session.execute(select(Gemeente).where(Gemeente.latitude.is_(None))).first() is None


def test_growth_ends_at_the_current_share(session):
    as_of = dt.date(2007, 6, 30)
    growth = coverage.coverage_by_month(session, as_of)
    metrics = coverage.province_metrics(session, as_of).set_index("code")
    last = growth[growth.month == growth.month.max()].set_index("code")
    assert (last.involved == metrics.involved).all()
    assert (growth.groupby("code").involved.diff().dropna() >= 0).all()


def test_waiting_requests_are_those_not_started(session):
    waiting = coverage.waiting_requests(session, dt.date(2006, 12, 15))
    assert len(waiting) > 0 and len(waiting) == coverage.waiting_count(session, dt.date(2006, 12, 15))
    assert set(waiting.status) <= {"ontvangen", "intake", "wachtlijst"}
    assert waiting.received_on.is_monotonic_increasing
    assert coverage.waiting_requests(session, REPORT_DATE).empty
    assert coverage.waiting_count(session, REPORT_DATE) == 0


@pytest.mark.parametrize("limit", [1, 3])
def test_waiting_requests_lists_the_longest_waiting_and_counts_them_all(session, limit):
    as_of = dt.date(2006, 12, 15)
    every = coverage.waiting_requests(session, as_of, limit=None)
    first = coverage.waiting_requests(session, as_of, limit=limit)
    assert len(every) == coverage.waiting_count(session, as_of) > limit
    assert len(first) == limit
    assert list(first.received_on) == sorted(every.received_on)[:limit]


def test_the_waiting_list_finds_every_waiting_request_through_its_indexes(session):
    """Only requests that never left the waiting statuses or left them later are read: on any day that
    still lists every request whose status that day is a waiting one (two added ones never leave them)."""
    gemeente = session.execute(select(Gemeente.id).limit(1)).scalar_one()
    programme = session.execute(select(func.min(Programme.id))).scalar_one()
    session.add_all([Request(programme_id=programme, gemeente_id=gemeente, received_on=received, applicant_type=ApplicantType.GEMEENTE,
                             channel=Channel.MAILING, status=status, intake_on=intake)
                     for received, status, intake in ((dt.date(2006, 5, 2), Status.RECEIVED, None),
                                                      (dt.date(2007, 1, 8), Status.INTAKE, dt.date(2007, 2, 1)))])
    session.flush()
    bump_data_version(session)
    day, checked = dt.date(2006, 2, 1), 0
    while day <= REPORT_DATE:
        status = status_on(day)
        expected = session.execute(
            select(Request.received_on, status)
            .where(Request.received_on <= day, status.in_([s.value for s in WAITING]))
            .order_by(Request.received_on)).all()
        listed = coverage.waiting_requests(session, day, limit=None)
        assert list(listed.received_on) == [received for received, _ in expected], day
        assert sorted(listed.status) == sorted(STATUS_LABELS[Status(value)] for _, value in expected), day
        checked += len(expected)
        day += dt.timedelta(days=9)
    assert checked > 500
    assert coverage.waiting_count(session, REPORT_DATE) == 2
    session.rollback()


def test_filters_narrow_the_map(session):
    metrics = coverage.province_metrics(session, REPORT_DATE, Filters(organisation="Zet"))
    assert metrics.trajectories.sum() == 9
