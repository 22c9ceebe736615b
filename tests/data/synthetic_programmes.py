"""A synthetic programme in a SQLite file of its own, for the module fixtures of tests that read one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from dashboard.data.sources import synth
from dashboard.data.schema import db


def synthetic_session(tmp_path_factory: pytest.TempPathFactory, name: str, trajectories: int, seed: int,
                      per_year: int) -> Iterator[Session]:
    """Yield a session on a new synthetic programme (``synth.synthesize``), then dispose of its engine."""
    engine = db.make_engine(f"sqlite:///{tmp_path_factory.mktemp(name) / 'synth.sqlite'}")
    synth.synthesize(engine, trajectories, seed, per_year=per_year)
    with Session(engine) as session:
        yield session
    engine.dispose()
