"""Fixtures and helpers for the import, export, backup, concurrency and outage tests.

Tests that write get databases of their own: SQLite files under the test's
temporary directory, or – when ``TEST_DATABASE_URL`` points at PostgreSQL – new
databases on that server, dropped afterwards. ``dump`` reads every table in
full, so a test can tell that a refused import changed nothing at all.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from dashboard.data import db
from dashboard.data.loader import load_demo
from dashboard.data.models import Base
from dashboard.data.reference import load_reference


def on_postgresql(url: str) -> bool:
    """Whether ``url`` is a PostgreSQL database."""
    return make_url(url).get_backend_name() == "postgresql"


def dump(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table (also the data version and Alembic's), sorted, for before/after comparisons."""
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    result = {}
    with Session(engine) as session:
        for name, table in tables.items():
            rows = session.execute(select(table)).all()
            result[name] = sorted((tuple(row) for row in rows), key=repr)
        result["alembic_version"] = sorted(session.execute(text("SELECT version_num FROM alembic_version")).all())
    return result


def file_bytes(url: str) -> bytes | None:
    """The bytes of a SQLite database file (None for other databases)."""
    path = db.sqlite_file(url)
    return path.read_bytes() if path is not None else None


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy a SQLite database with the online backup API, as one self-contained file."""
    origin, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        origin.backup(copy)
    finally:
        origin.close()
        copy.close()


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


def env_commands() -> tuple[str | None, str | None]:
    """The shell commands that stop and start the test PostgreSQL server (``TEST_PG_STOP`` / ``TEST_PG_START``)."""
    return os.environ.get("TEST_PG_STOP"), os.environ.get("TEST_PG_START")
