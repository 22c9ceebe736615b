"""Importing the programme's spreadsheets: every row is checked first, then all of it is written, or nothing.

``import_sources`` reads CSV and Excel files (``reading``), recognises their
kind by the header row, checks every row against the database and the rows
before it (``planner``) and reports every problem at once. A file set without
problems is written in one transaction that bumps the data version; a row
that is already in the database is left alone, so importing the same file
twice changes nothing the second time. See ``docs/import.md``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from dashboard.data.queries import programmes
from dashboard.data.schema import lifecycle
from dashboard.data.schema.db import session_scope, write_session
from dashboard.data.transfer.importing.planner import CHANGED, NEW, OUTCOMES, UNCHANGED, Planner
from dashboard.data.transfer.importing.problems import MESSAGES, Problem, message
from dashboard.data.transfer.importing.reading import Limits, Source, read_sources, sources_from_paths
from dashboard.data.schema.models import DataVersion
from dashboard.data.transfer.templates import KINDS
from dashboard.data.editing import users
from dashboard.data.schema.versioning import bump_data_version

__all__ = ["CHANGED", "ImportReport", "Limits", "MESSAGES", "NEW", "Problem", "Source", "UNCHANGED",
           "import_paths", "import_sources"]


@dataclass
class ImportReport:
    """What an import found and did: its problems, and per kind how many rows were new, changed or unchanged."""

    files: list[str]
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, Counter] = field(default_factory=dict)
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        """Whether the files had no problems."""
        return not self.problems

    @property
    def changes(self) -> int:
        """How many rows are (or would be) new or changed."""
        return sum(c[NEW] + c[CHANGED] for c in self.counts.values())

    def rows(self) -> list[tuple[str, int, int, int]]:
        """(kind, new, changed, unchanged) for each kind that had rows, in import order."""
        return [(kind, c[NEW], c[CHANGED], c[UNCHANGED]) for kind, c in self.counts.items()
                if sum(c[o] for o in OUTCOMES)]

    def verdict(self) -> str:
        """One Dutch sentence saying what happened."""
        if self.problems:
            count = len(self.problems)
            return (f"{count} {'probleem' if count == 1 else 'problemen'} gevonden; er is niets veranderd "
                    "in de database.")
        if not self.rows():
            return "De bestanden bevatten geen gegevensrijen; er is niets veranderd."
        if self.dry_run:
            return ("Proefimport: de bestanden zijn in orde; er is niets geschreven." if self.changes
                    else "Proefimport: alles staat al in de database; een import zou niets veranderen.")
        if self.written:
            return f"Geïmporteerd: {self.changes} rijen nieuw of gewijzigd, in één transactie."
        return "Alles stond al in de database; er is niets veranderd."

    def summary(self) -> str:
        """The report as Dutch text for the command line."""
        lines = [self.verdict()]
        if self.problems:
            lines.extend(f"- {problem}" for problem in self.problems)
        for kind, new, changed, unchanged in self.rows():
            lines.append(f"{kind}: {new} nieuw, {changed} gewijzigd, {unchanged} ongewijzigd")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, object]:
        """The report as JSON-ready data."""
        return {"files": self.files, "dry_run": self.dry_run, "written": self.written,
                "problems": [p.as_dict() for p in self.problems],
                "counts": {kind: {"nieuw": n, "gewijzigd": c, "ongewijzigd": u} for kind, n, c, u in self.rows()}}


def _ordered(problems: list[Problem], files: list[str]) -> list[Problem]:
    """Problems by file (in the given order), sheet and row; file-wide ones first."""
    rank = {name: index for index, name in enumerate(files)}
    return sorted(problems, key=lambda p: (rank.get(p.file, -1), p.sheet or "", p.row or 0))


def import_sources(engine: Engine, sources: list[Source], *, dry_run: bool = False, kind: str | None = None,
                   limits: Limits | None = None, today: dt.date | None = None,
                   extra_problems: list[Problem] | None = None, actor: str = "cli",
                   programme: str | None = None, default_programme: str | None = None,
                   allowed: frozenset[str] | None = None) -> ImportReport:
    """Check ``sources`` and, unless ``dry_run`` or a problem was found, write them in one transaction.

    A row belongs to the programme in its ``programma`` column, else to ``programme`` (a slug; else
    ``default_programme`` or the first); with ``programme`` given, a row naming another is refused. A row of a
    programme outside ``allowed`` (slugs; None: every programme) is refused too. A written import is recorded in
    the audit log under ``actor``.
    """
    today = today or dt.date.today()
    files = [source.name for source in sources]
    report = ImportReport(files, dry_run=dry_run, counts={k: Counter() for k in KINDS})
    sheets, problems = read_sources(sources, limits, kind)
    problems = list(extra_problems or []) + problems
    if not sources and not problems:
        problems.append(Problem("", message("empty")))
    with session_scope(sessionmaker(engine)) as session:  # a read transaction: a refused file touches nothing
        try:
            home = programmes.chosen(session, programme, default_programme)
        except programmes.UnknownProgramme as unknown:
            report.problems = [Problem(", ".join(files), str(unknown))]
            return report
        planner = Planner(session, today, home, named=bool(programme), allowed=allowed)
        planner.plan(sheets)
    report.counts = planner.counts
    report.problems = _ordered(problems + planner.problems, files)
    if report.problems or dry_run or not planner.has_changes:
        return report
    try:
        with write_session(engine) as session:
            if session.get_bind().dialect.name != "sqlite":  # writers take turns, as BEGIN IMMEDIATE does on SQLite
                session.execute(select(DataVersion.id).where(DataVersion.id == 1).with_for_update())
            # check again, now that no other writer can come between
            planner = Planner(session, today, home, named=bool(programme), allowed=allowed)
            planner.plan(sheets)
            if planner.problems:
                raise _Refused(planner.problems)
            planner.apply(session)
            bump_data_version(session)
            changed = sum(sum(counter.values()) for counter in planner.counts.values())
            users.record(session, actor, "import", f"{', '.join(files)} ({changed} rijen)")
    except _Refused as refused:
        report.problems = _ordered(refused.problems, files)
        return report
    except (IntegrityError, lifecycle.TransitionError) as error:
        report.problems = [Problem(", ".join(files), message("write_failed", reason=type(error).__name__))]
        return report
    report.counts = planner.counts
    report.written = True
    return report


def import_paths(engine: Engine, paths: list[Path], **options) -> ImportReport:
    """Import files named on the command line; a directory stands for its CSV and Excel files."""
    sources, problems = sources_from_paths(paths)
    return import_sources(engine, sources, extra_problems=problems, **options)


class _Refused(Exception):
    """Problems found under the write lock; the transaction is rolled back."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problemen")
        self.problems = problems
