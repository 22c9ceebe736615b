"""Fixtures of the data tests that write: databases of their own.

SQLite files under the test's temporary directory, or – when
``TEST_DATABASE_URL`` points at PostgreSQL – new databases on that server,
dropped afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from dashboard.data.schema import db
from dashboard.data.sources.loader import load_demo
from dashboard.data.sources.reference import load_reference
from tests.data.transfer.transfer_fixtures import copy_sqlite, on_postgresql


@pytest.fixture
def new_database(tmp_path: Path, database_url: str) -> Iterator[Callable[[str], str]]:
    """A function name -> URL of a new, empty database of this test's own (same kind as the test database)."""
    created: list[str] = []
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT") if on_postgresql(database_url) else None

    def make(name: str) -> str:
        if admin is None:
            return f"sqlite:///{tmp_path / f'{name}.sqlite'}"
        database = f"avi130_{name}_{uuid.uuid4().hex[:8]}"
        try:
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{database}"'))
        except Exception as error:  # a server account without CREATEDB
            pytest.skip(f"kan geen testdatabase aanmaken op de PostgreSQL-server: {error}")
        created.append(database)
        return make_url(database_url).set(database=database).render_as_string(hide_password=False)

    yield make
    if admin is not None:
        with admin.connect() as connection:
            for database in created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def demo_copy_url(new_database, demo_engine: Engine, database_url: str) -> str:
    """The URL of a writable database holding the reconstruction (a copy of the test database on SQLite)."""
    url = new_database("demo")
    if on_postgresql(url):
        engine = db.make_engine(url)
        load_demo(engine)
        engine.dispose()
    else:
        copy_sqlite(db.sqlite_file(database_url), db.sqlite_file(url))
    return url


@pytest.fixture
def reference_url(new_database) -> str:
    """The URL of a database with the schema and the reference data only."""
    url = new_database("referentie")
    engine = db.make_engine(url)
    load_reference(engine)
    engine.dispose()
    return url
