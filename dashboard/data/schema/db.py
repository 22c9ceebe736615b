"""Engine, sessions and schema management: the only place that opens the database.

SQLite gets WAL mode, a busy timeout and foreign keys on every connection;
any other database comes through ``DATABASE_URL``. The schema is created and
upgraded by Alembic (``dashboard/migrations``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from urllib.parse import quote, unquote

from alembic import command
from alembic.config import Config
from flask import current_app
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from dashboard.data.derived import snapshots

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "avi130.sqlite"
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
EXTENSION_KEY = "dashboard_db"
READERS_KEY = "dashboard_db_readers"
READERS = 2  # threads for reads that run at the same time (``read_at_once``); a worker answers one request at a time


class DatabaseError(RuntimeError):
    """The database is missing, unreachable or not set up; the message is Dutch."""


def default_url() -> str:
    """Return the URL of the embedded SQLite database under ``data/``."""
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def is_sqlite(url: str) -> bool:
    """Tell whether ``url`` points at a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """Return the file of a SQLite URL, or None for in-memory and other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _configure_sqlite(dbapi_connection, _record) -> None:
    """Set the pragmas every SQLite connection needs."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_sqlite(connection) -> None:
    """Open a real transaction, which the sqlite3 module would otherwise defer or skip for DDL."""
    if connection.get_execution_options().get("sqlite_immediate"):
        # A writer takes the write lock at once (waiting up to the busy timeout), so it never fails halfway.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    connection.exec_driver_sql("BEGIN")


def sqlite_file(url: str) -> Path | None:
    """Return the file of a SQLite URL, also in the ``file:PATH?mode=rw&uri=true`` form; None otherwise."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.query.get("uri") == "true" and parsed.database.startswith("file:"):
        return Path(unquote(parsed.database.removeprefix("file:")))
    return Path(parsed.database)


def reader_url(url: str) -> str:
    """The URL for the app's readers: a SQLite file is opened read-write but never created (``mode=rw``)."""
    path = sqlite_path(url)
    if path is None or make_url(url).query.get("uri") == "true":
        return url
    return f"sqlite:///file:{quote(str(path.resolve()))}?mode=rw&uri=true"


def reader_options(engine: Engine) -> Engine:
    """On PostgreSQL, let each read transaction see one snapshot (REPEATABLE READ), as SQLite's WAL readers do."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="REPEATABLE READ")
    return engine


def _file_identity(path: Path) -> tuple[int, int] | None:
    """The device and inode of ``path``, or None when it does not exist."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _watch_sqlite_file(engine: Engine, url: str) -> None:
    """Make the pool drop connections whose file was removed or replaced, so a missing database shows at once."""
    path = sqlite_file(url)
    if path is None:
        return

    def remember(_dbapi_connection, record) -> None:
        record.info["sqlite_file"] = _file_identity(path)

    def verify(_dbapi_connection, record, _proxy) -> None:
        if _file_identity(path) != record.info.get("sqlite_file"):
            raise DisconnectionError(f"databasebestand {path} ontbreekt of is vervangen")

    event.listen(engine, "connect", remember)
    event.listen(engine, "checkout", verify)


@contextlib.contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """Yield a session for one write transaction, committed on success and rolled back on any error.

    On SQLite it starts with BEGIN IMMEDIATE, so it holds the write lock from
    the start (waiting up to the busy timeout for another writer) instead of
    failing halfway; on PostgreSQL it is an ordinary READ COMMITTED transaction.
    """
    if engine.dialect.name == "sqlite":
        bind = engine.execution_options(sqlite_immediate=True)
    else:
        bind = engine.execution_options(isolation_level="READ COMMITTED")
    with session_scope(sessionmaker(bind)) as session:
        yield session


def make_engine(url: str) -> Engine:
    """Create an engine for ``url`` with the project's connection settings."""
    if is_sqlite(url):
        # Let SQLAlchemy, not the sqlite3 module, open transactions, so DDL and writes are atomic too.
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "isolation_level": None})
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        _watch_sqlite_file(engine, url)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    """Build an Alembic configuration that migrates ``engine``'s database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema up to the newest Alembic revision, and the derived tables up to the data."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with write_session(engine) as session:
        if snapshots.current(session) is None:
            snapshots.rebuild(session)


def has_schema(engine: Engine) -> bool:
    """Tell whether the database already holds the dashboard's tables."""
    return inspect(engine).has_table("requests")


@contextlib.contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Yield a session that commits on success and rolls back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def init_app(server, url: str) -> None:
    """Attach an engine and session factory for ``url`` to the Flask ``server``."""
    url = reader_url(url)  # a missing SQLite file is an outage to show, never a new empty database
    engine = make_engine(url)
    engine = reader_options(engine)
    server.extensions[EXTENSION_KEY] = sessionmaker(engine, expire_on_commit=False)
    server.extensions[READERS_KEY] = ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="dashboard-read")


def app_sessions() -> sessionmaker[Session]:
    """Return the session factory of the running app."""
    return current_app.extensions[EXTENSION_KEY]


def app_engine() -> Engine:
    """Return the engine of the running app (writers such as the upload page open ``write_session`` on it)."""
    return app_sessions().kw["bind"]


@contextlib.contextmanager
def read_session() -> Iterator[Session]:
    """Yield a session of the running app for read-only queries."""
    with session_scope(app_sessions()) as session:
        yield session


def read_at_once(*reads: Callable[[Session], object]) -> list:
    """Run ``reads`` (each a function of a session) at the same time, each in a read session of its own, and return
    their results in order; the first runs in the calling thread, the others in the app's reader threads.

    For a page whose queries fall into independent groups: SQLite and psycopg let other threads run while a
    statement executes, so on two cores two groups take about as long as the slower one. Each group reads in its
    own transaction, so a write committed between their first statements can show in one group and not yet in
    the other; the data-version poll redraws the page after every write, as it does for any view. An error in
    any group is raised once every group has finished, so no session outlives the call.
    """
    factory, readers = app_sessions(), current_app.extensions[READERS_KEY]

    def run(read: Callable[[Session], object]) -> object:
        with session_scope(factory) as session:
            return read(session)

    others = [readers.submit(run, read) for read in reads[1:]]
    try:
        first = run(reads[0])
    finally:
        wait(others)
    return [first, *(future.result() for future in others)]
