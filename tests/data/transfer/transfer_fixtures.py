"""Helpers for the import, export, backup, concurrency and outage tests (their fixtures: ``tests/data/conftest.py``).

``dump`` reads every table in full, so a test can tell that a refused import
changed nothing at all; ``file_bytes`` does the same for the SQLite file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from dashboard.data.schema import db
from dashboard.data.sources.loader import load_demo
from dashboard.data.schema.models import Base


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


def sqlite_demo_copy(directory: Path, database_url: str) -> str:
    """A SQLite database with the reconstruction in ``directory``: a copy of the test database, or a new load."""
    path = directory / "avi130.sqlite"
    if on_postgresql(database_url):
        engine = db.make_engine(f"sqlite:///{path}")
        load_demo(engine)
        engine.dispose()
    else:
        copy_sqlite(db.sqlite_file(database_url), path)
    return f"sqlite:///{path}"


def env_commands() -> tuple[str | None, str | None]:
    """The shell commands that stop and start the test PostgreSQL server (``TEST_PG_STOP`` / ``TEST_PG_START``)."""
    return os.environ.get("TEST_PG_STOP"), os.environ.get("TEST_PG_START")
