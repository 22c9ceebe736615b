"""The synthetic national programme: deterministic, the reconstruction's shape, valid lifecycles, usable by the queries."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.commands.main import main
from dashboard.data.sources import synth
from dashboard.data.schema import db
from dashboard.data.schema.lifecycle import NEEDS_REASON, check_transition
from dashboard.data.schema.models import (
    Absence,
    Advisor,
    Evaluation,
    Gemeente,
    Handover,
    Organisation,
    Province,
    Request,
    RequestTheme,
    Status,
    StatusChange,
    Trajectory,
    trajectory_gemeenten,
)
from dashboard.data.queries import coverage, summary, timeline
from dashboard.data.sources.seed_sources import read_seed
from tests.test_geo import EDGE_CASES, EDGE_TOLERANCE, _edge_distance, _in_polygons, _polygons

N = 30_000  # two years at the default 15,000 a year
END = synth.END


def _fill(path: Path, trajectories: int, seed: int, **options) -> str:
    """Synthesize into a new SQLite file; returns its URL."""
    url = f"sqlite:///{path}"
    engine = db.make_engine(url)
    synth.synthesize(engine, trajectories, seed, **options)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Session:
    """A session on a synthetic programme of 30,000 trajectories (seed 1), for reading only."""
    url = _fill(tmp_path_factory.mktemp("synth") / "national.sqlite", N, 1)
    engine = db.make_engine(url)
    with Session(engine) as session:
        yield session
    engine.dispose()


def _fingerprint(url: str) -> tuple[dict[str, int], str]:
    """Row counts of every table and a hash of characteristic columns."""
    engine = db.make_engine(url)
    digest = hashlib.sha256()
    with Session(engine) as session:
        counts = {model.__tablename__: session.execute(select(func.count()).select_from(model)).scalar_one()
                  for model in (Gemeente, Organisation, Advisor, Absence, Request, RequestTheme, StatusChange,
                                Trajectory, Handover, Evaluation)}
        for query in (
            select(Gemeente.id, Gemeente.name, Gemeente.latitude, Gemeente.longitude).order_by(Gemeente.id),
            select(Request.id, Request.gemeente_id, Request.received_on, Request.status, Request.channel)
            .order_by(Request.id),
            select(Trajectory.id, Trajectory.organisation_id, Trajectory.advisor_id, Trajectory.dagdelen,
                   Trajectory.started_on, Trajectory.completed_on).order_by(Trajectory.id),
            select(Evaluation.trajectory_id, Evaluation.mark_results, Evaluation.mark_service).order_by(Evaluation.id),
            select(Handover.trajectory_id, Handover.handed_over_on, Handover.to_advisor_id).order_by(Handover.id),
        ):
            for row in session.execute(query):
                digest.update(repr(tuple(row)).encode())
    engine.dispose()
    return counts, digest.hexdigest()


def test_the_same_seed_gives_the_same_database(tmp_path):
    first = _fingerprint(_fill(tmp_path / "a.sqlite", 3_000, 5, per_year=1_500))
    second = _fingerprint(_fill(tmp_path / "b.sqlite", 3_000, 5, per_year=1_500))
    other = _fingerprint(_fill(tmp_path / "c.sqlite", 3_000, 6, per_year=1_500))
    assert first == second
    assert first[0]["trajectories"] == 3_000
    assert other[1] != first[1]


def test_it_replaces_what_was_there(tmp_path):
    url = _fill(tmp_path / "twice.sqlite", 2_000, 1, per_year=1_000)
    _fill(tmp_path / "twice.sqlite", 1_000, 2, per_year=1_000)
    counts, _ = _fingerprint(url)
    assert counts["trajectories"] == 1_000 and counts["gemeenten"] == 443


def test_exactly_n_trajectories_at_the_chosen_rate(national):
    starts = session_values(national, select(Trajectory.started_on))
    assert len(starts) == N
    assert max(starts) <= END
    assert max(starts) - min(starts) == pytest.approx(dt.timedelta(days=round(N / 15_000 * 365.25)),
                                                      abs=dt.timedelta(days=2))
    per_year = Counter(day.year for day in starts)
    assert per_year[END.year] == pytest.approx(15_000, rel=0.05)


def session_values(session: Session, query) -> list:
    """The single column of ``query`` as a list."""
    return list(session.execute(query).scalars())


def test_shares_of_requests_are_the_reconstructions(national):
    statuses = Counter(session_values(national, select(Request.status)))
    total = sum(statuses.values())
    never = (statuses[Status.WITHDRAWN] + statuses[Status.REJECTED]) / total
    assert never == pytest.approx(17 / 131, abs=0.015)  # ~13% never start
    channels = Counter(session_values(national, select(Request.channel)))
    assert channels["adviseur"] / total == pytest.approx(0.25, abs=0.015)  # mailing/adviseur ~75/25
    applicants = Counter(session_values(national, select(Request.applicant_type)))
    assert applicants["gemeente"] / total == pytest.approx(73 / 131, abs=0.015)
    themes = Counter(session_values(national, select(RequestTheme.theme)))
    for theme, share in zip(synth.THEMES, (0.60, 0.33, 0.14, 0.11)):
        assert themes[theme] / total == pytest.approx(share, abs=0.015), theme


def test_dagdelen_evaluations_and_handovers(national):
    dagdelen = np.array(session_values(national, select(Trajectory.dagdelen)))
    assert dagdelen.min() >= 8 and dagdelen.max() <= 34
    assert dagdelen.mean() == pytest.approx(19, abs=0.5)
    marks = np.array(national.execute(select(Evaluation.mark_results, Evaluation.mark_process,
                                             Evaluation.mark_quality, Evaluation.mark_presentation,
                                             Evaluation.mark_service)).all())
    assert marks.mean() == pytest.approx(7.7, abs=0.1)
    assert marks.mean(axis=0) == pytest.approx(synth.ASPECT_MEANS, abs=0.15)
    completed = national.execute(select(func.count()).where(Trajectory.completed_on.is_not(None))).scalar_one()
    assert len(marks) / completed == pytest.approx(67 / 114, abs=0.04)  # a few recent forms are still to come
    handovers = national.execute(select(func.count()).select_from(Handover)).scalar_one()
    assert handovers / N == pytest.approx(18 / 114, abs=0.04)


def test_advisors_about_one_per_forty_trajectories_and_never_idle_positions(national):
    advisors = national.execute(select(func.count()).select_from(Advisor)).scalar_one()
    assert advisors == pytest.approx(N / 40, rel=0.2)
    employed = national.execute(
        select(func.count()).select_from(Trajectory).join(Advisor, Advisor.id == Trajectory.advisor_id)
        .where(Advisor.active_from <= Trajectory.started_on)).scalar_one()
    assert employed == N  # every advisor had joined before the work they carry out started


def test_every_gemeente_of_2008_with_coordinates_in_its_province(national):
    seed = read_seed()
    import json

    features = json.loads((synth.GEO_DIR / "provinces.geojson").read_text(encoding="utf-8"))["features"]
    polygons = {f["properties"]["name"]: _polygons(f["geometry"]) for f in features}
    rows = national.execute(select(Gemeente.name, Province.name, Province.gemeenten_2008, Gemeente.latitude,
                                   Gemeente.longitude).join(Province, Province.id == Gemeente.province_id)).all()
    assert len(rows) == 443
    per_province = Counter(province for _, province, *_ in rows)
    assert all(per_province[province] == total for _, province, total, _, _ in rows)
    synthetic = 0
    for name, province, _, lat, lon in rows:
        assert lat is not None and lon is not None, name
        if name in EDGE_CASES:
            assert _edge_distance(lon, lat, polygons[province]) < EDGE_TOLERANCE
            continue
        assert _in_polygons(lon, lat, polygons[province]), f"{name} ligt niet in {province}"
        if name.startswith("Synthetische gemeente "):
            synthetic += 1
        else:
            assert (lat, lon) == seed.coordinates[name]
    assert synthetic == 443 - 175


def test_status_histories_follow_the_lifecycle(national):
    ids = session_values(national, select(Request.id).order_by(Request.id))
    sample = np.random.default_rng(0).choice(ids, size=600, replace=False).tolist()
    changes: dict[int, list] = {}
    for request_id, status, on, reason in national.execute(
            select(StatusChange.request_id, StatusChange.status, StatusChange.changed_on, StatusChange.reason)
            .where(StatusChange.request_id.in_(sample)).order_by(StatusChange.request_id, StatusChange.id)):
        changes.setdefault(request_id, []).append((Status(status), on, reason))
    requests = {r.id: r for r in national.execute(select(Request).where(Request.id.in_(sample))).scalars()}
    trajectories = {t.request_id: t for t in national.execute(
        select(Trajectory).where(Trajectory.request_id.in_(sample))).scalars()}
    for request_id in sample:
        history = changes[request_id]
        request = requests[request_id]
        assert history[0][0] is Status.RECEIVED and history[0][1] == request.received_on
        for (before, day_before, _), (after, day_after, reason) in zip(history, history[1:]):
            check_transition(before, after, reason)
            assert day_before <= day_after <= END
        assert request.status is history[-1][0]
        if request.status in NEEDS_REASON:
            assert request.status_reason
        trajectory = trajectories.get(request_id)
        reached = {status: day for status, day, _ in history}
        assert (trajectory is not None) == (Status.RUNNING in reached)
        if trajectory is not None:
            assert trajectory.started_on == reached[Status.RUNNING]
            assert trajectory.work_finished_on == reached.get(Status.WORK_FINISHED)
            assert trajectory.completed_on == reached.get(Status.COMPLETED)


def test_trajectories_cover_their_applicant_and_distinct_gemeenten_of_one_province(national):
    rows = national.execute(
        select(Trajectory.id, Trajectory.province_id, Request.gemeente_id, Gemeente.id, Gemeente.province_id)
        .join(Request, Request.id == Trajectory.request_id)
        .join(trajectory_gemeenten, trajectory_gemeenten.c.trajectory_id == Trajectory.id)
        .join(Gemeente, Gemeente.id == trajectory_gemeenten.c.gemeente_id)
        .where(Trajectory.id <= 3_000)).all()
    members: dict[int, set[int]] = {}
    for trajectory_id, province_id, applicant, gemeente_id, gemeente_province in rows:
        assert gemeente_province == province_id
        members.setdefault(trajectory_id, set()).add(gemeente_id)
    assert len(members) == 3_000
    applicants = dict(national.execute(select(Trajectory.id, Request.gemeente_id)
                                       .join(Request, Request.id == Trajectory.request_id)
                                       .where(Trajectory.id <= 3_000)).all())
    assert all(applicants[t] in gemeenten for t, gemeenten in members.items())
    sizes = Counter(len(g) for g in members.values())
    assert sizes[1] / 3_000 == pytest.approx(97 / 114, abs=0.03)


def test_the_dashboard_queries_run_on_it(national):
    head = summary.headline(national, END)
    assert head.started == N
    assert head.requests == national.execute(select(func.count()).select_from(Request)).scalar_one()
    assert 400 < head.gemeenten_involved <= 443
    assert head.dagdelen.minimum >= 8 and head.evaluation_mean == pytest.approx(7.7, abs=0.1)
    frame = timeline.timeline(national, END, freq="month")
    assert frame["started_cum"].iloc[-1] == N
    metrics = coverage.province_metrics(national, END)
    assert metrics["gemeenten"].sum() == 443 and metrics["trajectories"].sum() == N


def test_regional_organisations_grow_with_n(tmp_path, monkeypatch):
    monkeypatch.setattr(synth, "REGIONAL_EVERY", 1_000)
    engine = db.make_engine(_fill(tmp_path / "regions.sqlite", 3_000, 1, per_year=1_500))
    with Session(engine) as session:
        names = session_values(session, select(Organisation.name))
        carried = session.execute(select(func.count(func.distinct(Trajectory.organisation_id)))).scalar_one()
    engine.dispose()
    assert len(names) == 14 + 3 and "Regionaal adviesbureau 03" in names
    assert carried == 17


def test_synth_on_the_command_line(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert main(["synth", "--trajectories", "1_500", "--seed", "3", "--per-year", "1000", "--database", url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1500 trajecten van ") and "trajectories 1500" in out
    assert main(["--database", url, "stats", "--as-of", "2025-12-31"]) == 0
    assert '"started": 1500' in capsys.readouterr().out


def test_points_in_polygons_agrees_with_the_geo_tests():
    polygons = synth.province_polygons()
    rng = np.random.default_rng(1)
    for name, rings in polygons.items():
        points = synth.sample_points(rng, rings, 20)
        assert all(_in_polygons(lon, lat, _polygons({"type": "MultiPolygon",
                                                     "coordinates": [[r.tolist() for r in p] for p in rings]}))
                   for lat, lon in points), name
