"""Backups while the app runs, and putting one back: SQLite's online backup API, or pg_dump/pg_restore.

A SQLite backup is one self-contained SQLite file, copied page by page in one
read transaction, so it is consistent even while an import or the simulator
writes. A PostgreSQL backup is a ``pg_dump`` in its custom format (one
snapshot). ``restore`` first checks the file (a readable database of this
dashboard, not from a newer version), then replaces the data and raises the
data version above anything the open pages have seen, so they redraw.
See ``docs/backup.md``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from dashboard.data.schema import db
from dashboard.data.schema.models import DataVersion
from dashboard.data.schema.versioning import data_version

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
REQUIRED_TABLES = ("requests", "status_changes", "trajectories", "data_version", "alembic_version")


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message is Dutch."""


@dataclass(frozen=True)
class BackupInfo:
    """What a checked backup file holds."""

    path: Path
    kind: str  # "sqlite" or "postgresql"
    revision: str | None
    requests: int | None


def _stamp() -> str:
    """The current time for a backup's file name."""
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _destination(dest: Path, suffix: str) -> Path:
    """The backup file: ``dest`` itself, or a dated file in it when it is a directory; never an existing file."""
    if dest.is_dir():
        dest = dest / f"avi130-{_stamp()}{suffix}"
    if dest.exists():
        raise BackupError(f"{dest} bestaat al; kies een nieuwe bestandsnaam of een map.")
    if not dest.parent.is_dir():
        raise BackupError(f"De map {dest.parent} bestaat niet.")
    return dest


def known_revisions() -> set[str]:
    """The Alembic revisions this version of the dashboard knows."""
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    return {revision.revision for revision in script.walk_revisions()}


# --- SQLite --------------------------------------------------------------------------------------------


def _open_existing(path: Path, read_only: bool = False) -> sqlite3.Connection:
    """Open a SQLite file that must exist (never create it), with the project's busy timeout."""
    mode = "ro" if read_only else "rw"
    try:
        connection = sqlite3.connect(f"file:{path}?mode={mode}", uri=True, timeout=db.SQLITE_BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise BackupError(f"Het databasebestand {path} kan niet worden geopend ({error}).") from error
    return connection


def backup_sqlite(path: Path, dest: Path) -> Path:
    """Copy the live SQLite database at ``path`` into a new file, consistently, while others may write."""
    if not path.is_file():
        raise BackupError(f"Het databasebestand {path} bestaat niet.")
    target_path = _destination(dest, ".sqlite")
    partial = target_path.with_name(target_path.name + ".deel")
    source = _open_existing(path)
    try:
        target = sqlite3.connect(partial)
        try:
            source.backup(target)  # one step: the whole copy is read in one transaction
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            target.close()
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"De reservekopie is mislukt ({error}).") from error
    finally:
        source.close()
    check_sqlite(partial)
    os.replace(partial, target_path)
    return target_path


def check_sqlite(path: Path) -> BackupInfo:
    """Check that ``path`` is an intact SQLite database of this dashboard; its revision and request count."""
    if not path.is_file():
        raise BackupError(f"Het bestand {path} bestaat niet.")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(f"{path} is geen SQLite-databasebestand.")
    connection = _open_existing(path, read_only=True)
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"{path} is beschadigd (integriteitscontrole: {verdict}).")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [t for t in REQUIRED_TABLES if t not in tables]
        if missing:
            raise BackupError(f"{path} is geen database van de AVI 130 monitor (tabellen ontbreken: "
                              f"{', '.join(missing)}).")
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        requests = connection.execute("SELECT count(*) FROM requests").fetchone()[0]
    except sqlite3.Error as error:
        raise BackupError(f"{path} is beschadigd of onleesbaar ({error}).") from error
    finally:
        connection.close()
    revision = revision[0] if revision else None
    _check_revision(path, revision)
    return BackupInfo(path, "sqlite", revision, requests)


def _check_revision(path: Path, revision: str | None) -> None:
    """Refuse a backup made by a newer version of the dashboard."""
    if revision is not None and revision not in known_revisions():
        raise BackupError(f"{path} komt van een nieuwere versie van de monitor (schema {revision}); werk de monitor "
                          "eerst bij.")


def restore_sqlite(path: Path, source: Path) -> None:
    """Replace the content of the SQLite database at ``path`` by ``source``, in place (readers keep their file)."""
    check_sqlite(source)
    if not path.parent.is_dir():
        raise BackupError(f"De map {path.parent} bestaat niet.")
    origin = _open_existing(source, read_only=True)
    try:
        target = sqlite3.connect(path, timeout=db.SQLITE_BUSY_TIMEOUT_MS / 1000)
        try:
            target.execute(f"PRAGMA busy_timeout={db.SQLITE_BUSY_TIMEOUT_MS}")
            origin.backup(target)
        finally:
            target.close()
    except sqlite3.Error as error:
        raise BackupError(f"Terugzetten is mislukt ({error}); de database is niet veranderd.") from error
    finally:
        origin.close()


# --- PostgreSQL ----------------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    """The path of ``pg_dump`` or ``pg_restore``: on the PATH, else the newest under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    if candidates:
        return str(candidates[-1])
    raise BackupError(f"{name} is niet gevonden; installeer de PostgreSQL-clientprogramma's (postgresql-client).")


def _pg_env(url: str) -> tuple[dict[str, str], str]:
    """The environment (PGHOST, PGPASSWORD, ...) and database name for the PostgreSQL tools; no password on argv."""
    parsed = make_url(url)
    env = dict(os.environ)
    settings = {"PGHOST": parsed.host or parsed.query.get("host"), "PGPORT": parsed.port,
                "PGUSER": parsed.username, "PGPASSWORD": parsed.password}
    env.update({key: str(value) for key, value in settings.items() if value})
    return env, parsed.database or ""


def _run(command: list[str], env: dict[str, str], what: str) -> str:
    """Run a PostgreSQL tool; its output, or a Dutch error with its message."""
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BackupError(f"{what} is mislukt ({error}).") from error
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{what} is mislukt: {detail[-1] if detail else f'code {done.returncode}'}")
    return done.stdout


def backup_postgresql(url: str, dest: Path) -> Path:
    """Dump the PostgreSQL database in ``pg_dump``'s custom format (one consistent snapshot)."""
    target_path = _destination(dest, ".dump")
    partial = target_path.with_name(target_path.name + ".deel")
    env, database = _pg_env(url)
    try:
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}",
              f"--dbname={database}"], env, "pg_dump")
        check_postgresql(partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target_path)
    return target_path


def check_postgresql(path: Path) -> BackupInfo:
    """Check that ``path`` is a ``pg_dump`` custom-format file holding this dashboard's tables."""
    if not path.is_file():
        raise BackupError(f"Het bestand {path} bestaat niet.")
    with path.open("rb") as handle:
        if handle.read(len(PG_DUMP_MAGIC)) != PG_DUMP_MAGIC:
            raise BackupError(f"{path} is geen reservekopie van pg_dump (custom-formaat).")
    listing = _run([_pg_tool("pg_restore"), "--list", str(path)], dict(os.environ), "pg_restore --list")
    tables = set()
    for line in listing.splitlines():
        words = line.split()
        if not line.startswith(";") and "TABLE" in words and "DATA" not in words:
            position = words.index("TABLE")
            if len(words) > position + 2:
                tables.add(words[position + 2])
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise BackupError(f"{path} is geen database van de AVI 130 monitor (tabellen ontbreken: {', '.join(missing)}).")
    return BackupInfo(path, "postgresql", None, None)


def restore_postgresql(url: str, source: Path) -> None:
    """Replace the PostgreSQL database's content by ``source`` in one transaction."""
    check_postgresql(source)
    env, database = _pg_env(url)
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={database}", str(source)], env, "pg_restore")


# --- both ----------------------------------------------------------------------------------------------


def backup(url: str, dest: Path) -> Path:
    """Make a consistent backup of the database at ``url`` into ``dest`` (a new file, or a directory)."""
    path = db.sqlite_file(url)
    if db.is_sqlite(url):
        if path is None:
            raise BackupError("Een database in het geheugen heeft geen reservekopie.")
        return backup_sqlite(path, dest)
    if make_url(url).get_backend_name() == "postgresql":
        return backup_postgresql(url, dest)
    raise BackupError(f"Reservekopieën worden alleen voor SQLite en PostgreSQL gemaakt, niet voor "
                      f"{make_url(url).get_backend_name()}.")


def check(url: str, source: Path) -> BackupInfo:
    """Check a backup file for the kind of database at ``url``."""
    return check_sqlite(source) if db.is_sqlite(url) else check_postgresql(source)


def restore(url: str, source: Path) -> BackupInfo:
    """Check ``source``, put it back into the database at ``url``, upgrade its schema and raise the data version."""
    info = check(url, source)
    engine = db.make_engine(url)
    try:
        before = _version(engine)
        if db.is_sqlite(url):
            path = db.sqlite_file(url)
            if path is None:
                raise BackupError("Een database in het geheugen kan niet worden teruggezet.")
            restore_sqlite(path, source)
        else:
            restore_postgresql(url, source)
        engine.dispose()  # connections opened before the restore may hold the old schema
        db.upgrade(engine)
        with db.write_session(engine) as session:
            version, _ = data_version(session)
            session.execute(update(DataVersion).where(DataVersion.id == 1).values(
                version=max(version, before) + 1, changed_at=dt.datetime.now(dt.timezone.utc)))
    except SQLAlchemyError as error:
        raise BackupError(f"De database is niet bereikbaar of onbruikbaar ({type(error).__name__}).") from error
    finally:
        engine.dispose()
    return info


def _version(engine: Engine) -> int:
    """The data version now (0 when the database is new or has no tables yet)."""
    try:
        if not db.has_schema(engine):
            return 0
        with db.session_scope(sessionmaker(engine)) as session:
            return data_version(session)[0]
    except SQLAlchemyError:
        return 0
