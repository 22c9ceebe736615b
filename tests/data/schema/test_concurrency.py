"""Writers and readers at the same time: no errors, and every reader sees one consistent state.

The writers are the simulator (many small transactions), the import (one big
one) and bare ``write_session`` transactions; the readers run the dashboard's
queries the way the app does (``db.reader_url`` and ``db.reader_options``).
Each run is bounded to a few seconds.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from dashboard.data.schema import db
from dashboard.data.transfer.exporter import export_to_directory
from dashboard.data.transfer.importing import import_paths
from dashboard.data.schema.models import Request, Status, StatusChange, Trajectory
from dashboard.data.queries.summary import requests_by_status
from dashboard.data.sources.simulator import simulate
from dashboard.data.schema.versioning import bump_data_version, data_version

READERS = 4
LIMIT_SECONDS = 60
TODAY = dt.date.today()


def consistent_counts(session: Session) -> tuple[int, int]:
    """Read counts that only match when all of them come from one snapshot; returns (requests, trajectories)."""
    requests = session.execute(select(func.count()).select_from(Request)).scalar_one()
    assert sum(requests_by_status(session, TODAY).values()) == requests
    running = session.execute(select(func.count()).select_from(StatusChange)
                              .where(StatusChange.status == Status.RUNNING)).scalar_one()
    started = session.execute(select(func.count()).select_from(Trajectory)
                              .where(Trajectory.started_on.is_not(None))).scalar_one()
    assert running == started
    return requests, started


def run_with_readers(url: str, write: Callable[[], None]) -> tuple[list[str], list[tuple[int, int]]]:
    """Run ``write`` while READERS threads read; the errors of all threads and every state the readers saw."""
    errors: list[str] = []
    seen: list[tuple[int, int]] = []
    done = threading.Event()

    def writer() -> None:
        try:
            write()
        except Exception as error:  # collected, so the test can show it
            errors.append(f"schrijver: {type(error).__name__}: {error}")
        finally:
            done.set()

    def reader() -> None:
        engine = db.reader_options(db.make_engine(db.reader_url(url)))
        sessions = sessionmaker(engine)
        try:
            while not done.is_set():
                with db.session_scope(sessions) as session:
                    seen.append(consistent_counts(session))
                time.sleep(0.01)  # pages poll; they do not spin
            with db.session_scope(sessions) as session:
                seen.append(consistent_counts(session))
        except Exception as error:
            errors.append(f"lezer: {type(error).__name__}: {error}")
        finally:
            engine.dispose()

    threads = [threading.Thread(target=writer)] + [threading.Thread(target=reader) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + LIMIT_SECONDS
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "de test liep niet binnen de tijd af"
    return errors, seen


def test_simulator_writes_while_readers_read(new_database):
    url = new_database("simulatie")
    engine = db.make_engine(url)
    db.upgrade(engine)
    writer = engine.execution_options(sqlite_immediate=True)
    speed = 640 * 86_400 / 3  # the whole programme in about three seconds
    errors, seen = run_with_readers(url, lambda: simulate(writer, dt.date(2006, 6, 1), speed, fresh=True, tick=0.02,
                                                           report=lambda _line: None))
    assert errors == []
    assert len(seen) > READERS * 5
    assert seen[-1] == (131, 114)
    assert any(0 < requests < 131 for requests, _ in seen)  # the readers really saw the data grow
    engine.dispose()


def test_import_is_seen_all_at_once(new_database, reference_url, demo_engine, tmp_path: Path):
    with Session(demo_engine) as session:
        export_to_directory(session, tmp_path)
    engine = db.make_engine(reference_url)
    errors, seen = run_with_readers(reference_url, lambda: _import_or_fail(engine, tmp_path))
    assert errors == []
    assert set(seen) <= {(0, 0), (131, 114)} and seen[-1] == (131, 114)
    engine.dispose()


def _import_or_fail(engine, directory: Path) -> None:
    """Import a directory, raising when it is refused."""
    report = import_paths(engine, [directory])
    assert report.written, report.summary()


def test_writers_take_turns(reference_url):
    engine = db.make_engine(reference_url)
    with Session(engine) as session:
        start = data_version(session)[0]
    errors: list[str] = []
    per_writer = 25

    def write() -> None:
        try:
            for _ in range(per_writer):
                with db.write_session(engine) as session:
                    version = data_version(session)[0]  # read, then write: a deferred transaction could fail here
                    session.execute(text("SELECT 1"))
                    bump_data_version(session)
                    assert version >= start
        except Exception as error:
            errors.append(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(LIMIT_SECONDS)
    assert errors == []
    with Session(engine) as session:
        assert data_version(session)[0] == start + 4 * per_writer
    engine.dispose()


def test_immediate_transactions_are_asked_for_on_sqlite(tmp_path: Path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    statements: list[str] = []
    from sqlalchemy import event

    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
    with db.write_session(engine) as session:
        session.execute(text("SELECT 1"))
    engine.dispose()
    assert [s for s in statements if s.startswith("BEGIN")] == ["BEGIN", "BEGIN IMMEDIATE"]


def test_reads_at_once_answer_in_order_each_in_a_session_of_its_own_and_in_two_threads(app):
    """The CMO's page reads its two groups of queries at once: each gets its own session, the second a reader thread."""
    seen = []
    both_running = threading.Barrier(2, timeout=10)  # broken, and the call fails, unless both reads run at once

    def read(nr: int):
        def counted(session: Session) -> int:
            seen.append((nr, id(session), threading.current_thread().name))
            both_running.wait()
            return session.execute(select(func.count()).select_from(Request)).scalar_one() + nr
        return counted

    with app.server.app_context():
        with db.read_session() as session:
            requests = session.execute(select(func.count()).select_from(Request)).scalar_one()
        assert db.read_at_once(read(0), read(1)) == [requests, requests + 1]
    assert len({session for _, session, _ in seen}) == 2
    threads = dict((nr, name) for nr, _, name in seen)
    assert threads[0] == threading.current_thread().name and threads[1].startswith("dashboard-read")


def test_an_error_in_one_read_is_raised_after_the_other_finished(app):
    finished = threading.Event()

    def slow(session: Session) -> None:
        time.sleep(0.1)
        finished.set()

    def failing(session: Session) -> None:
        session.execute(text("SELECT * FROM no_such_table"))

    with app.server.app_context():
        with pytest.raises(Exception, match="no_such_table"):
            db.read_at_once(failing, slow)
    assert finished.is_set()
