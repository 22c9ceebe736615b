"""As-of history: the queries agree with the reconstruction plan itself at the dates the stuurgroep cares about."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest

from dashboard.data.schema.models import Status
from dashboard.data.queries import progress, summary, timeline
from dashboard.data.sources.reconstruction import build_plan
from dashboard.data.sources.seed_sources import read_seed

DATES = [dt.date(2006, 10, 1), dt.date(2006, 12, 15), dt.date(2007, 11, 30), dt.date(2008, 3, 4)]


@pytest.fixture(scope="module")
def plan():
    """The reconstruction plan, computed independently of the database."""
    return build_plan(read_seed())


def reached(plan, status: Status, as_of: dt.date) -> int:
    """How many planned requests had reached ``status`` by ``as_of``."""
    return sum(any(s is status and on <= as_of for s, on, _ in r.history) for r in plan.requests)


def latest(plan, as_of: dt.date) -> list[Status]:
    """Each planned request's status on ``as_of`` (received ones only)."""
    out = []
    for r in plan.requests:
        steps = [s for s, on, _ in r.history if on <= as_of]
        if steps:
            out.append(steps[-1])
    return out


@pytest.mark.parametrize("as_of", DATES)
def test_headline_matches_the_plan(session, plan, as_of):
    head = summary.headline(session, as_of)
    statuses = latest(plan, as_of)
    assert head.requests == len(statuses)
    assert head.running == sum(s in (Status.RUNNING, Status.WORK_FINISHED) for s in statuses)
    assert head.completed == statuses.count(Status.COMPLETED)
    assert head.not_started == sum(s in (Status.WITHDRAWN, Status.REJECTED) for s in statuses)
    started = [r.trajectory for r in plan.requests if r.trajectory and r.trajectory.started_on <= as_of]
    assert head.started == len(started)
    assert head.gemeenten_involved == len({g for t in started for g in t.gemeenten})
    forms = [r.trajectory.evaluation for r in plan.requests
             if r.trajectory and r.trajectory.evaluation and r.trajectory.evaluation.received_on <= as_of]
    assert head.evaluation_forms == len(forms)


@pytest.mark.parametrize("as_of", DATES)
def test_funnel_matches_the_plan(session, plan, as_of):
    frame = progress.funnel(session, as_of).set_index("stage")
    assert len(frame) == len(progress.FUNNEL_STAGES)
    for status, _, _ in progress.FUNNEL_STAGES:
        assert frame.loc[status.value, "count"] == reached(plan, status, as_of)


@pytest.mark.parametrize("as_of", DATES)
def test_timeline_ends_at_the_headline(session, as_of):
    head = summary.headline(session, as_of)
    frame = timeline.timeline(session, as_of, freq="month")
    last = frame.iloc[-1]
    assert last.received_cum == head.requests
    assert last.completed_cum == head.completed
    assert last.in_progress + last.work_done_admin_open == head.running
    assert frame.period_start.is_monotonic_increasing
    assert all(frame.received_cum.diff().dropna() >= 0)


def test_lead_time_medians_match_the_plan(session, plan):
    as_of = dt.date(2008, 3, 4)
    frame = timeline.lead_times(session, as_of)
    trajectories = [(r.received_on, r.trajectory) for r in plan.requests if r.trajectory]
    by_month: dict[dt.date, list[int]] = {}
    for received, t in trajectories:
        by_month.setdefault(t.started_on.replace(day=1), []).append((t.started_on - received).days)
    measured = frame[frame.measure == "request_to_start"].set_index("period_start")
    assert set(measured.index) == set(by_month)
    for month, days in by_month.items():
        assert measured.loc[month, "median_days"] == statistics.median(days)
        assert measured.loc[month, "n"] == len(days)


def test_week_periods_start_on_mondays(session):
    frame = timeline.timeline(session, dt.date(2007, 1, 31), freq="week")
    assert all(start.weekday() == 0 for start in frame.period_start)
    assert frame.received.sum() == summary.headline(session, dt.date(2007, 1, 31)).requests


def test_breakdowns_add_up(session):
    as_of = dt.date(2008, 3, 4)
    assert progress.requests_by(session, "applicant_type", as_of)["count"].sum() == 131
    assert progress.requests_by(session, "channel", as_of)["count"].sum() == 131
    themes = progress.trajectories_by_theme(session, as_of)
    assert themes["count"].sum() >= 114 and themes["count"].min() > 0
