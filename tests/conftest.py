"""Shared fixtures: a database with the reconstruction, sessions, and an app built by the factory.

Database tests run on a temporary SQLite file, or on the server in
``TEST_DATABASE_URL`` (CI sets it to a real PostgreSQL database).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests run the app in development mode (demo users, cookies over plain http) with a fixed session key
# and a generous sign-in limit; the production behaviour has tests of its own that override these.
os.environ.setdefault("DASHBOARD_ENV", "development")
os.environ.setdefault("DASHBOARD_SECRET_KEY", "sleutel-alleen-voor-tests")
os.environ.setdefault("DASHBOARD_LOGIN_RATE_LIMIT", "10000 per minute")
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from dashboard.data.schema import db
from dashboard.data.sources.loader import load_demo


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of the test database: ``TEST_DATABASE_URL`` or a fresh SQLite file."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'avi130.sqlite'}"


@pytest.fixture(scope="session")
def demo_engine(database_url: str) -> Iterator[Engine]:
    """An engine on a database loaded once with the AVI 130 reconstruction; tests must not write to it."""
    engine = db.make_engine(database_url)
    load_demo(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def several_programmes_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite database with AVI 130 and the two simulated programmes of ``load-demo --met-voorbeelden``,
    loaded once; tests must not write to it (``test_programme_commands`` copies it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('several') / 'several.sqlite'}"
    engine = db.make_engine(url)
    load_demo(engine, examples=True)
    engine.dispose()
    return url


@pytest.fixture
def several_url(several_programmes_url: str, tmp_path: Path) -> str:
    """A copy of the three programmes' database of this test's own, to write to."""
    copy = tmp_path / "copy.sqlite"
    shutil.copy(make_url(several_programmes_url).database, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def session(demo_engine: Engine) -> Iterator[Session]:
    """A session on the reconstruction, rolled back after the test."""
    with Session(demo_engine) as s:
        yield s
        s.rollback()


@pytest.fixture
def empty_engine(tmp_path: Path) -> Iterator[Engine]:
    """An engine on a new, migrated, empty SQLite database of this test's own."""
    engine = db.make_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    db.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def app(demo_engine: Engine, database_url: str):
    """The Dash app, built through the factory on the reconstruction database."""
    from dashboard.factory import create_app

    return create_app({"database_url": database_url, "load_demo_if_new": False})


@pytest.fixture
def own_database_url(tmp_path, demo_engine, database_url: str) -> str:
    """A SQLite copy of the reconstruction of this test's own, which the test may change or move away."""
    from tests.data.transfer.transfer_fixtures import sqlite_demo_copy

    return sqlite_demo_copy(tmp_path, database_url)


@pytest.fixture
def own_app(own_database_url: str):
    """The Dash app, built through the factory on the test's own copy of the reconstruction."""
    from dashboard.factory import create_app

    return create_app({"database_url": own_database_url, "load_demo_if_new": False})


@pytest.fixture
def client_after_database_lost(tmp_path):
    """A client signed in to an app whose SQLite database then disappears."""
    from dashboard.factory import create_app
    from tests.signing_in import signed_in

    path = tmp_path / "weg.sqlite"
    load_demo(db.make_engine(f"sqlite:///{path}"))
    client = signed_in(create_app({"database_url": f"sqlite:///{path}", "load_demo_if_new": False}))
    path.rename(tmp_path / "elders.sqlite")
    return client
