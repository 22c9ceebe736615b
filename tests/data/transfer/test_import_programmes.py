"""Import and export with several programmes: the ``programma`` column, rows found within their own programme,
unknown, other and forbidden programmes refused with file, row and value (nothing written), and a round trip per
programme."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.commands.main import main
from dashboard.data.schema import db
from dashboard.data.schema.models import Gemeente, Programme, ProgrammeEvent, Request, Status
from dashboard.data.transfer.exporter import export_files
from dashboard.data.transfer.importing import Source, import_sources
from dashboard.data.transfer.templates import KINDS
from tests.data.transfer.transfer_fixtures import dump

SLUGS = ("avi-130", "sport", "brede-scholen")
AANVRAGEN = "gemeente,ontvangen_op,aanvrager,kanaal,themas,programma\n"
STATUS = "gemeente,status,datum,reden,programma\n"
EVALUATIES = "traject,ontvangen_op,resultaten,procesgang,kwaliteit,presentatie,service,opmerkingen,programma\n"


def csv(name: str, text: str) -> Source:
    """A CSV source from text."""
    return Source(name, text.encode())


@pytest.fixture
def several(several_url: str) -> Iterator[Engine]:
    """An engine on this test's own copy of the three programmes' database."""
    engine = db.make_engine(several_url)
    yield engine
    engine.dispose()


def requests_of(engine: Engine, gemeente: str) -> dict[str, tuple]:
    """Per programme slug, the status and themes of ``gemeente``'s request."""
    with Session(engine) as session:
        found = session.execute(select(Request).join(Gemeente).where(Gemeente.name == gemeente)).scalars().all()
        return {request.programme.slug: (request.status, sorted(t.theme.value for t in request.themes))
                for request in found}


def test_rows_belong_to_the_programme_they_name(several):
    """Apeldoorn has a request in AVI 130 only: a row of 'sport' adds sport's own, and its status change goes to
    that one; a milestone of sport is sport's; Assen's intake is found in sport's request (in AVI 130 it was on
    another day), whatever the case of the slug."""
    before = requests_of(several, "Apeldoorn")
    report = import_sources(several, [
        csv("aanvragen.csv", AANVRAGEN + "Apeldoorn,2008-03-01,gemeente,mailing,infrastructuur,sport\n"),
        csv("status.csv", STATUS + "Apeldoorn,intake,2008-03-05,,sport\nAssen,intake,2008-01-31,, Sport \n"),
        csv("mijlpalen.csv", "soort,datum,omschrijving,programma\nstuurgroep_2,2008-06-30,Stuurgroep 2,sport\n"),
    ])
    assert report.written, [str(p) for p in report.problems]
    assert report.rows() == [("aanvragen", 1, 0, 0), ("statuswijzigingen", 1, 0, 1), ("mijlpalen", 1, 0, 0)]
    after = requests_of(several, "Apeldoorn")
    assert after["avi-130"] == before["avi-130"]
    assert after["sport"] == (Status.INTAKE, ["infrastructuur"])
    with Session(several) as session:
        events = session.execute(select(Programme.slug, ProgrammeEvent.kind)
                                 .join(Programme, Programme.id == ProgrammeEvent.programme_id)
                                 .where(ProgrammeEvent.kind == "stuurgroep_2")).all()
    assert sorted(events) == [("avi-130", "stuurgroep_2"), ("sport", "stuurgroep_2")]


def test_a_row_without_a_programme_belongs_to_the_import_s(several):
    """Without a value the row is the default programme's (AVI 130, the first); with ``programme`` that one's."""
    row = "Apeldoorn,2008-03-01,gemeente,mailing,,\n"
    refused = import_sources(several, [csv("aanvragen.csv", AANVRAGEN + row)], dry_run=True)
    assert "er is al een aanvraag van gemeente 'Apeldoorn'" in " ".join(str(p) for p in refused.problems)
    assert import_sources(several, [csv("aanvragen.csv", AANVRAGEN + row)], programme="brede-scholen").written
    assert set(requests_of(several, "Apeldoorn")) == {"avi-130", "brede-scholen"}


REFUSED = [
    ("onbekend programma", {}, "aanvragen.csv", AANVRAGEN + "Apeldoorn,2008-03-01,gemeente,mailing,,zwemmen\n",
     "aanvragen.csv, rij 2, kolom 'programma', waarde 'zwemmen': programma 'zwemmen' bestaat niet; bekende "
     "programma's: avi-130, sport, brede-scholen"),
    ("ander programma dan --programme", {"programme": "avi-130"}, "status.csv",
     STATUS + "Assen,intake,2006-10-09,,avi-130\nAssen,intake,2008-01-31,,sport\n",
     "status.csv, rij 3, kolom 'programma', waarde 'sport': de rij hoort bij programma 'sport', maar de import is "
     "voor programma 'avi-130'"),
    ("programma zonder toegang", {"allowed": frozenset({"avi-130"})}, "aanvragen.csv",
     AANVRAGEN + "Apeldoorn,2008-03-01,gemeente,mailing,,sport\n",
     "aanvragen.csv, rij 2, kolom 'programma', waarde 'sport': geen toegang tot programma 'sport'"),
    ("standaardprogramma zonder toegang", {"allowed": frozenset({"sport"})}, "status.csv",
     STATUS + "Apeldoorn,intake,2008-03-05,,\n",
     "status.csv, rij 2, kolom 'programma': geen toegang tot programma 'avi-130'"),
    ("traject van een ander programma", {}, "evaluaties.csv", EVALUATIES + "1001,2008-06-01,8,8,8,8,8,,\n",
     "evaluaties.csv, rij 2, kolom 'traject', waarde '1001': traject 1001 hoort bij programma 'sport', niet bij "
     "'avi-130'"),
]


@pytest.mark.parametrize("case,options,name,text,expected", REFUSED, ids=[case[0] for case in REFUSED])
def test_a_row_of_a_programme_it_may_not_have_is_refused_and_nothing_is_written(several, case, options, name,
                                                                                  text, expected):
    before = dump(several)
    good = csv("adviseurs.csv", "naam,organisatie,in_pool,actief_vanaf,actief_tot\nZet adviseur 9,Zet,ja,2008-01-01,\n")
    report = import_sources(several, [good, csv(name, text)], **options)
    texts = [str(problem) for problem in report.problems]
    assert not report.written and len(texts) == 1 and texts[0].startswith(expected), texts
    assert dump(several) == before  # the good advisor in the other file is not written either


@pytest.mark.parametrize("slug", SLUGS)
def test_an_export_imported_again_changes_nothing(several, slug):
    """Each programme's export names its programme in every row of its kinds, and imports into the same database
    as every row unchanged: the rows are found in their own programme, not in the default one."""
    with Session(several) as session:
        files = export_files(session, "csv", slug)
    aanvragen = files["aanvragen.csv"].decode().splitlines()
    assert aanvragen[0].endswith(",programma") and all(line.endswith(f",{slug}") for line in aanvragen[1:])
    assert "programma" not in files["adviseurs.csv"].decode().splitlines()[0]
    before = dump(several)
    report = import_sources(several, [Source(name, content) for name, content in files.items()])
    assert report.ok and not report.written and report.changes == 0, [str(p) for p in report.problems]
    assert sum(unchanged for _kind, _new, _changed, unchanged in report.rows()) == sum(
        content.count(b"\n") - 1 for content in files.values())
    assert dump(several) == before


def test_the_template_command_fills_in_the_programme(several_programmes_url, tmp_path, capsys):
    """``--programme`` puts the slug in the example row; without it the cell stays empty and the database is not
    needed; an unknown one is refused with exit status 2 and nothing written."""
    missing = tmp_path / "geen.sqlite"
    assert main(["--database", f"sqlite:///{missing}", "template", "aanvragen", str(tmp_path / "leeg")]) == 0
    example = (tmp_path / "leeg" / "sjabloon-aanvragen.csv").read_text().splitlines()[1]
    assert example.endswith(",beleid|infrastructuur,")
    assert not missing.exists()
    assert main(["--database", several_programmes_url, "template", "alle", str(tmp_path / "sport"),
                 "--programme", "sport"]) == 0
    rows = {path.name: path.read_text().splitlines() for path in (tmp_path / "sport").iterdir()}
    assert rows["sjabloon-evaluaties.csv"][1].endswith(",sport") and len(rows) == len(KINDS)
    assert not rows["sjabloon-adviseurs.csv"][1].endswith(",sport")
    capsys.readouterr()
    assert main(["--database", several_programmes_url, "template", "alle", str(tmp_path / "zwemmen"),
                 "--programme", "zwemmen"]) == 2
    assert "Fout: Programma 'zwemmen' bestaat niet. Bekende programma's: avi-130, sport, brede-scholen." in (
        capsys.readouterr().err)
    assert not (tmp_path / "zwemmen").exists()
