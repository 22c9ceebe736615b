"""Backup while a writer runs, restore, and the checks that keep a wrong file from being restored."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from dashboard.commands.main import main
from dashboard.data.schema import db
from dashboard.data.transfer.backup import BackupError, backup, check_sqlite, restore
from dashboard.data.schema.models import Request
from dashboard.data.queries.stats import key_figures
from dashboard.data.sources.simulator import simulate
from dashboard.data.schema.versioning import data_version
from tests.data.schema.test_concurrency import consistent_counts
from tests.data.transfer.transfer_fixtures import copy_sqlite, on_postgresql

AS_OF = dt.date(2008, 3, 4)


def figures(url: str) -> dict:
    """The key figures of the database at ``url``."""
    engine = db.make_engine(url)
    try:
        with Session(engine) as session:
            return key_figures(session, AS_OF)
    finally:
        engine.dispose()


def requests_in(url: str) -> int:
    """How many requests the database holds."""
    engine = db.make_engine(url)
    try:
        with Session(engine) as session:
            return session.execute(select(func.count()).select_from(Request)).scalar_one()
    finally:
        engine.dispose()


def test_backup_while_the_simulator_writes_then_restore(new_database, tmp_path: Path):
    url = new_database("live")
    if on_postgresql(url) and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump ontbreekt")
    engine = db.make_engine(url)
    db.upgrade(engine)
    errors: list[str] = []
    backed_up = threading.Event()
    began: list[float] = []

    def clock() -> float:
        """Real time, held three quarters into the four-second run until the backup is taken: however slow the
        machine, the backup is taken while the simulator is still writing, never after it has finished."""
        now = time.monotonic()
        began[:] = began or [now]
        return now if backed_up.is_set() else min(now, began[0] + 3.0)

    def write() -> None:
        try:
            simulate(engine.execution_options(sqlite_immediate=True), dt.date(2006, 6, 1), 640 * 86_400 / 4,
                     fresh=True, tick=0.02, clock=clock, report=lambda _line: None)
        except Exception as error:
            errors.append(f"{type(error).__name__}: {error}")

    writer = threading.Thread(target=write)
    writer.start()
    deadline = time.monotonic() + 30
    while requests_in(url) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    saved = backup(url, tmp_path)
    backed_up.set()
    writer.join(60)
    assert not writer.is_alive() and errors == []
    assert saved.parent == tmp_path and saved.name.startswith("avi130-")
    if not on_postgresql(url):
        assert not Path(f"{saved}-wal").exists()  # one self-contained file
        check_sqlite(saved)
        copy = db.make_engine(f"sqlite:///{saved}")
        with Session(copy) as session:  # the copy is one consistent moment
            requests, _ = consistent_counts(session)
        copy.dispose()
        assert 20 <= requests < 131
    at_backup = None if on_postgresql(url) else figures(f"sqlite:///{saved}")
    assert figures(url)["requests"]["total"] == 131
    with Session(engine) as session:
        version_before = data_version(session)[0]
    reader = db.make_engine(db.reader_url(url))  # a reader that stays connected, as the app's does
    with Session(reader) as session:
        assert session.execute(select(func.count()).select_from(Request)).scalar_one() == 131
    restore(url, saved)
    restored = figures(url)
    if at_backup is not None:
        assert restored == at_backup
    assert restored["requests"]["total"] < 131
    with Session(reader) as session:
        assert session.execute(select(func.count()).select_from(Request)).scalar_one() == restored["requests"]["total"]
        assert data_version(session)[0] > version_before  # open pages redraw
    reader.dispose()
    engine.dispose()


def test_backup_and_restore_commands(demo_copy_url, tmp_path: Path, capsys):
    if on_postgresql(demo_copy_url) and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump ontbreekt")
    before = figures(demo_copy_url)
    target = tmp_path / "kopie.bak"
    assert main(["--database", demo_copy_url, "backup", str(target)]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    assert main(["--database", demo_copy_url, "backup", str(target)]) == 2
    assert "bestaat al" in capsys.readouterr().err
    assert main(["--database", demo_copy_url, "restore", str(target)]) == 2
    assert "Herhaal met --yes" in capsys.readouterr().err
    assert main(["--database", demo_copy_url, "restore", str(target), "--yes"]) == 0
    assert "is teruggezet" in capsys.readouterr().err
    assert figures(demo_copy_url) == before


def test_backup_of_a_missing_database_is_refused(tmp_path: Path, capsys):
    missing = tmp_path / "weg.sqlite"
    assert main(["--database", f"sqlite:///{missing}", "backup", str(tmp_path)]) == 2
    assert "bestaat niet" in capsys.readouterr().err
    assert not missing.exists()


def _not_sqlite(path: Path) -> None:
    path.write_text("gemeente,status\n", encoding="utf-8")


def _damaged(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[5000:9000] = b"\xff" * 4000
    path.write_bytes(bytes(data))


def _newer(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()


def _foreign(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE iets (x)")
    connection.close()


@pytest.mark.parametrize("spoil,reason", [
    (_not_sqlite, "is geen SQLite-databasebestand"),
    (_damaged, "beschadigd"),
    (_newer, "komt van een nieuwere versie van de monitor"),
    (_foreign, "is geen database van de AVI 130 monitor"),
], ids=["geen SQLite", "beschadigd", "nieuwere versie", "andere database"])
def test_restore_checks_the_file_first(spoil, reason, tmp_path: Path, demo_engine, database_url):
    if on_postgresql(database_url):
        pytest.skip("de SQLite-controles")
    live = tmp_path / "live.sqlite"
    copy_sqlite(db.sqlite_file(database_url), live)
    saved = backup(f"sqlite:///{live}", tmp_path / "kopie.sqlite")
    spoil(saved)
    before = live.read_bytes()
    with pytest.raises(BackupError, match=reason):
        restore(f"sqlite:///{live}", saved)
    assert live.read_bytes() == before


def test_restore_into_a_new_file(tmp_path: Path, demo_engine, database_url):
    if on_postgresql(database_url):
        pytest.skip("SQLite")
    saved = backup(database_url, tmp_path)
    fresh = f"sqlite:///{tmp_path / 'nieuw' / 'avi130.sqlite'}"
    (tmp_path / "nieuw").mkdir()
    restore(fresh, saved)
    with Session(demo_engine) as session:
        expected = key_figures(session, AS_OF)
    assert figures(fresh) == expected
    with db.session_scope(sessionmaker(db.make_engine(fresh))) as session:
        assert data_version(session)[0] >= 1
