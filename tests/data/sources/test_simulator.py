"""The live replay writes the same database as load-demo, step by step, bumping the data version."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy.orm import Session

from dashboard.data.schema.db import make_engine
from dashboard.data.queries import summary
from dashboard.data.sources.simulator import SimulationError, simulate
from dashboard.data.schema.versioning import data_version
from tests.data.sources.test_reconstruction import dump


def fake_clock(step_seconds: float):
    """A clock that advances ``step_seconds`` at every reading."""
    ticks = itertools.count()
    return lambda: next(ticks) * step_seconds


def test_replay_ends_in_the_reconstruction(tmp_path, demo_engine):
    engine = make_engine(f"sqlite:///{tmp_path / 'sim.sqlite'}")
    lines: list[str] = []
    written = simulate(engine, dt.date(2006, 6, 1), speed=86_400, clock=fake_clock(10.0), sleep=lambda _: None,
                       report=lines.append)
    assert written > 600
    assert dump(engine) == dump(demo_engine)
    with Session(engine) as session:
        assert data_version(session)[0] == len(lines) + 1
    assert lines[0].startswith("2006-06-")


def test_replay_until_a_date_stops_there(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'sim.sqlite'}")
    simulate(engine, dt.date(2006, 6, 1), speed=86_400 * 30, until=dt.date(2006, 12, 15), clock=fake_clock(1.0),
             sleep=lambda _: None, report=lambda _: None)
    with Session(engine) as session:
        assert summary.headline(session, dt.date(2030, 1, 1)).requests == \
            summary.headline(session, dt.date(2006, 12, 15)).requests < 131


def test_replay_refuses_to_overwrite_data(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'sim.sqlite'}")
    simulate(engine, dt.date(2006, 6, 1), speed=1e9, until=dt.date(2006, 7, 1), clock=fake_clock(1.0),
             sleep=lambda _: None, report=lambda _: None)
    with pytest.raises(SimulationError, match="--fresh"):
        simulate(engine, dt.date(2006, 6, 1), speed=1e9, clock=fake_clock(1.0), sleep=lambda _: None,
                 report=lambda _: None)
