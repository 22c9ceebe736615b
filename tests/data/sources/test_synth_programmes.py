"""``synth --programmes P``: the synthetic requests spread over P overlapping programmes of their own, each
request and its trajectory in one that runs when it arrives, with that programme's themes, and the derived
tables per programme adding up to the whole."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.data.queries.filters import Filters
from dashboard.data.queries.portfolio import programme_figures
from dashboard.data.queries.stats import key_figures
from dashboard.data.schema import db
from dashboard.data.schema.models import Programme, Request, RequestTheme, Trajectory
from dashboard.data.sources import synth, synth_programmes


@pytest.fixture(scope="module")
def several(tmp_path_factory):
    """A session on 4,000 synthetic trajectories in 7 programmes (two and two thirds years)."""
    engine = db.make_engine(f"sqlite:///{tmp_path_factory.mktemp('synth-p') / 'synth.sqlite'}")
    counts = synth.synthesize(engine, 4_000, 2, per_year=1_500, programmes=7)
    assert counts.rows["programmes"] == 7
    with Session(engine) as session:
        yield session
    engine.dispose()


def test_every_request_is_in_a_programme_running_when_it_arrived(several):
    programmes = several.execute(select(Programme.slug, Programme.starts_on, Programme.ends_on)).all()
    assert [slug for slug, *_ in programmes] == [f"synthetisch-{i:03d}" for i in range(1, 8)]
    lengths = [(ends - starts).days for _, starts, ends in programmes]
    assert all(365 <= days <= 3 * 365 + 1 for days in lengths[1:])
    outside = several.execute(
        select(func.count()).select_from(Request).join(Programme, Programme.id == Request.programme_id)
        .where((Request.received_on < Programme.starts_on) | (Request.received_on > Programme.ends_on))).scalar_one()
    assert outside == 0
    sizes = several.execute(select(func.count()).select_from(Request).group_by(Request.programme_id)).scalars()
    assert len(list(sizes)) == 7  # every programme got requests
    astray = several.execute(
        select(func.count()).select_from(Trajectory).join(Request, Request.id == Trajectory.request_id)
        .where(Trajectory.programme_id != Request.programme_id)).scalar_one()
    assert astray == 0


def test_a_request_has_only_its_programmes_themes(several):
    rows = several.execute(select(RequestTheme.theme, Programme.themes)
                           .join(Request, Request.id == RequestTheme.request_id)
                           .join(Programme, Programme.id == Request.programme_id)).all()
    assert rows and all(theme.value in themes.split(",") for theme, themes in rows)
    assert len({themes for _, themes in several.execute(select(Programme.id, Programme.themes))}) > 1


def test_the_programmes_figures_add_up_to_the_whole(several):
    as_of = dt.date(2025, 12, 31)
    whole = key_figures(several, as_of)
    parts = [key_figures(several, as_of, Filters(programme=f"synthetisch-{i:03d}")) for i in range(1, 8)]
    assert sum(part["requests"]["total"] for part in parts) == whole["requests"]["total"]
    assert sum(part["trajectories"]["started"] for part in parts) == whole["trajectories"]["started"] == 4_000
    figures = programme_figures(several, as_of)
    assert [figure.requests for figure in figures] == [part["requests"]["total"] for part in parts]
    assert all(figure.target >= 10 and figure.budget == 20 * figure.target for figure in figures)


def test_one_programme_covers_the_whole_period_and_draws_nothing():
    rng = np.random.default_rng(1)
    plan = synth_programmes.plan(rng, 1, 100, 900)
    assert (plan.starts.tolist(), plan.ends.tolist()) == ([100], [900])
    assert synth_programmes.assign(rng, plan, np.array([100, 500, 900])).tolist() == [0, 0, 0]


def test_programmes_overlap_so_that_every_day_has_one():
    rng = np.random.default_rng(4)
    plan = synth_programmes.plan(rng, 300, 0, 67 * 365)
    assert (plan.starts[1:] <= plan.ends[:-1] + 1).all()
    days = np.arange(0, 67 * 365)
    chosen = synth_programmes.assign(rng, plan, days)
    assert ((plan.starts[chosen] <= days) & (days <= plan.ends[chosen])).all()
    assert len(np.unique(chosen)) == 300
