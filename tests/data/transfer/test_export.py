"""Export and round trip: export → import into a database with only reference data → the same stats and export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.commands.main import main
from dashboard.data.schema import db
from dashboard.data.transfer.exporter import export_to_directory, export_zip
from dashboard.data.transfer.importing import import_paths
from dashboard.data.schema.models import Trajectory
from dashboard.data.queries.stats import key_figures
from dashboard.data.transfer.templates import KINDS
from tests.data.transfer.transfer_fixtures import dump

DATES = [dt.date(2006, 9, 30), dt.date(2006, 12, 31), dt.date(2007, 6, 30), dt.date(2007, 11, 30),
         dt.date(2008, 3, 4)]


def stats(engine: Engine) -> list[dict]:
    """The key figures at several dates."""
    with Session(engine) as session:
        return [key_figures(session, day) for day in DATES]


def milestones(engine: Engine) -> list[tuple]:
    """Every trajectory's dates, which the export carries only through the status changes."""
    with Session(engine) as session:
        return session.execute(select(Trajectory.nr, Trajectory.started_on, Trajectory.planned_end_on,
                                      Trajectory.work_finished_on, Trajectory.completed_on)
                               .order_by(Trajectory.nr)).all()


def export_csv(engine: Engine, directory: Path) -> dict[str, bytes]:
    """The CSV export as name -> bytes."""
    with Session(engine) as session:
        return {p.name: p.read_bytes() for p in export_to_directory(session, directory)}


@pytest.fixture(scope="module")
def source_export(demo_engine: Engine, tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """The reconstruction exported as CSV once."""
    directory = tmp_path_factory.mktemp("export")
    return directory, export_csv(demo_engine, directory)


def test_export_has_every_kind_with_the_template_header(source_export):
    directory, files = source_export
    assert sorted(files) == sorted(f"{kind}.csv" for kind in KINDS)
    for kind in KINDS.values():
        header = files[f"{kind.name}.csv"].decode("utf-8").splitlines()[0]
        assert header == ",".join(kind.column_names)
    lines = {name: content.decode().count("\n") - 1 for name, content in files.items()}
    assert lines["aanvragen.csv"] == 131 and lines["trajecten.csv"] == 114 and lines["evaluaties.csv"] == 67


def test_round_trip_through_csv(demo_engine, source_export, reference_url, tmp_path):
    directory, files = source_export
    target = db.make_engine(reference_url)
    report = import_paths(target, [directory])
    assert report.ok and report.written, report.summary()
    assert stats(target) == stats(demo_engine)
    assert milestones(target) == milestones(demo_engine)
    assert export_csv(target, tmp_path / "weer") == files
    before = dump(target)
    again = import_paths(target, [directory])
    assert again.ok and not again.written and again.changes == 0
    assert dump(target) == before
    target.dispose()


def test_round_trip_through_excel(demo_engine, source_export, reference_url, tmp_path):
    _directory, files = source_export
    with Session(demo_engine) as session:
        written = export_to_directory(session, tmp_path / "xlsx", "xlsx")
    assert sorted(p.name for p in written) == sorted(f"{kind}.xlsx" for kind in KINDS)
    sheet = load_workbook(tmp_path / "xlsx" / "aanvragen.xlsx").active
    assert sheet.title == "aanvragen" and isinstance(sheet["B2"].value, dt.datetime)
    target = db.make_engine(reference_url)
    report = import_paths(target, [tmp_path / "xlsx"])
    assert report.ok and report.written, report.summary()
    assert stats(target) == stats(demo_engine)
    assert export_csv(target, tmp_path / "csv") == files
    target.dispose()


def test_export_command(demo_engine, database_url, tmp_path, capsys):
    assert main(["--database", database_url, "export", str(tmp_path / "uit"), "--format", "xlsx"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(KINDS)
    assert sorted(p.suffix for p in (tmp_path / "uit").iterdir()) == [".xlsx"] * len(KINDS)


def test_load_reference_refuses_a_database_with_data(demo_engine, database_url, capsys):
    assert main(["--database", database_url, "load-reference"]) == 2
    assert "bevat al een programma" in capsys.readouterr().err


def test_export_zip_holds_every_kind(session):
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(export_zip(session, "csv"))).namelist()
    assert names == [f"{kind}.csv" for kind in KINDS]
