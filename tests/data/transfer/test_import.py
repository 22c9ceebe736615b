"""The import: each kind of bad file refused with its Dutch problems, nothing changed; the good path; idempotency."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.commands.main import main
from dashboard.data.schema import db
from dashboard.data.transfer.importing import MESSAGES, Limits, Source, import_sources
from dashboard.data.transfer.importing.reading import read_sources
from dashboard.data.schema.models import Advisor, Evaluation, Trajectory
from dashboard.data.queries.stats import key_figures
from dashboard.data.queries.meetings import meetings
from dashboard.data.transfer.templates import KINDS, template_bytes
from dashboard.data.schema.versioning import data_version
from tests.data.transfer.transfer_fixtures import copy_sqlite, dump, file_bytes, on_postgresql

DOCS = Path(__file__).resolve().parents[3] / "docs" / "import.md"
AANVRAGEN = "gemeente,ontvangen_op,aanvrager,kanaal,themas\n"
TRAJECTEN = "nr,gemeenten,provincie,organisatie,intake_organisatie,adviseur,dagdelen,gepland_einde,resultaat\n"
STATUS = "gemeente,status,datum,reden\n"
EVALUATIES = "traject,ontvangen_op,resultaten,procesgang,kwaliteit,presentatie,service,opmerkingen\n"


def csv(name: str, text: str, encoding: str = "utf-8") -> Source:
    """A CSV source from text."""
    return Source(name, text.encode(encoding))


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    """An Excel workbook with one sheet per entry (rows include the header)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def checked_engine(tmp_path_factory, demo_engine: Engine, database_url: str):
    """The database the refused files are tried on: a SQLite copy of the reconstruction, or the PostgreSQL one.

    Refused files only read, so on PostgreSQL the shared test database is safe to use.
    """
    if on_postgresql(database_url):
        yield database_url, demo_engine
        return
    path = tmp_path_factory.mktemp("geweigerd") / "avi130.sqlite"
    copy_sqlite(db.sqlite_file(database_url), path)
    url = f"sqlite:///{path}"
    engine = db.make_engine(url)
    yield url, engine
    engine.dispose()


def big_csv() -> bytes:
    """A CSV file just over 1 KB (the limit the size case uses)."""
    return (AANVRAGEN + "Assen,2006-10-05,gemeente,mailing,beleid\n" * 40).encode()


BAD_FILES = [
    # (case, sources, limits, expected place, expected reason)
    ("onbekende gemeente", [csv("aanvragen.csv", AANVRAGEN + "Utrect,2006-10-05,gemeente,mailing,beleid\n")], None,
     "aanvragen.csv, rij 2, kolom 'gemeente', waarde 'Utrect'", "onbekende gemeente; bedoelt u 'Utrecht'?"),
    ("onbekende organisatie", [csv("trajecten.csv", TRAJECTEN + "300,Assen,Drenthe,Aleato,,,20,,\n")], None,
     "trajecten.csv, rij 2, kolom 'organisatie', waarde 'Aleato'", "onbekende organisatie; bedoelt u 'Alleato'?"),
    ("onleesbare datum", [csv("aanvragen.csv", AANVRAGEN + "Assen,31-02-2006,gemeente,mailing,beleid\n")], None,
     "rij 2, kolom 'ontvangen_op', waarde '31-02-2006'", "geen geldige datum"),
    ("datum in de toekomst", [csv("aanvragen.csv", AANVRAGEN + "Assen,2099-01-01,gemeente,mailing,\n")], None,
     "rij 2, kolom 'ontvangen_op', waarde '2099-01-01'", "de datum ligt in de toekomst"),
    ("onmogelijke statusovergang", [csv("status.csv", STATUS + "Delfzijl,werk klaar,2008-01-10,\n")], None,
     "rij 2, kolom 'status', waarde 'werk klaar'",
     "Statusovergang van 'afgewezen' naar 'werk klaar' is niet toegestaan"),
    ("cijfer buiten 1-10", [csv("evaluaties.csv", EVALUATIES + "1,2008-01-10,8,11,7,7,7,\n")], None,
     "rij 2, kolom 'procesgang', waarde '11'", "een cijfer moet een heel getal van 1 tot en met 10 zijn"),
    ("tweede aanvraag", [csv("aanvragen.csv", AANVRAGEN + "Assen,2007-01-15,gemeente,mailing,\n")], None,
     "rij 2, kolom 'gemeente', waarde 'Assen'", "er is al een aanvraag van gemeente 'Assen'"),
    ("dagdelen buiten 8-34", [csv("trajecten.csv", TRAJECTEN + "300,Assen,Drenthe,STAMM,,,40,,\n")], None,
     "rij 2, kolom 'dagdelen', waarde '40'", "het aantal dagdelen moet tussen 8 en 34 liggen"),
    ("verplichte kolom ontbreekt", [csv("aanvragen.csv", "gemeente,ontvangen_op,aanvrager,themas\n"
                                                         "Assen,2006-10-05,gemeente,beleid\n")], None,
     "aanvragen.csv, rij 1, kolom 'kanaal'", "verplichte kolom 'kanaal' ontbreekt"),
    ("geen UTF-8", [csv("aanvragen.csv", AANVRAGEN + "Súdwest-Fryslân,2006-10-05,gemeente,mailing,\n", "cp1252")],
     None, "aanvragen.csv, rij 2", "het bestand is niet in UTF-8 opgeslagen (onleesbaar teken 0xFA in rij 2)"),
    ("verkeerd scheidingsteken", [csv("aanvragen.csv", AANVRAGEN.replace(",", "\t")
                                      + "Assen\t2006-10-05\tgemeente\tmailing\tbeleid\n")], None,
     "aanvragen.csv, rij 1", "het scheidingsteken tussen de kolommen is niet herkend"),
    ("leeg bestand", [Source("aanvragen.csv", b"")], None, "aanvragen.csv", "het bestand is leeg"),
    ("te groot bestand", [Source("aanvragen.csv", big_csv())], Limits(max_bytes=1024),
     "aanvragen.csv", "het bestand is te groot (0,0 MB); een import mag hoogstens 0,0 MB zijn"),
    ("te veel rijen", [Source("aanvragen.csv", big_csv())], Limits(max_rows=10),
     "aanvragen.csv", "het bestand heeft meer dan 10 rijen"),
    ("Excel: onbekende adviseur", [Source("werkmap.xlsx", workbook({"Blad1": [
        ["adviseur", "soort", "begint_op", "eindigt_op", "toelichting"],
        ["Alleato adviseur 7", "ziekte", dt.date(2007, 3, 1), None, "ziek"]]}))], None,
     "werkmap.xlsx, blad 'Blad1', rij 2, kolom 'adviseur', waarde 'Alleato adviseur 7'",
     "onbekende adviseur; bedoelt u 'Alleato adviseur 1'?"),
    ("geen Excel-bestand", [Source("werkmap.xlsx", b"PK\x03\x04 kapot")], None, "werkmap.xlsx",
     "dit is geen leesbaar Excel-bestand (.xlsx)"),
    ("onbekende soort", [csv("lijst.csv", "naam,adres,telefoon\nJan,Dorpsstraat 1,0123\n")], None,
     "lijst.csv, rij 1", "soort bestand niet herkend aan de kopregel"),
]


@pytest.mark.parametrize("case,sources,limits,place,reason", BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_file_is_refused_and_changes_nothing(checked_engine, case, sources, limits, place, reason):
    url, engine = checked_engine
    before, before_bytes = dump(engine), file_bytes(url)
    report = import_sources(engine, sources, limits=limits)
    texts = [str(problem) for problem in report.problems]
    assert not report.written and not report.ok
    assert any(place in text and reason in text for text in texts), texts
    assert "niets veranderd" in report.verdict()
    assert dump(engine) == before
    assert file_bytes(url) == before_bytes


def test_every_problem_of_a_file_is_reported_at_once(checked_engine):
    _url, engine = checked_engine
    text = (AANVRAGEN + "Utrect,2006-10-05,gemeente,mailing,beleid\n"
            "Assen,morgen,bestuur,post,sport\n"
            "Leiden,2006-10-05,,mailing,\n")
    report = import_sources(engine, [csv("aanvragen.csv", text)])
    places = {(p.row, p.column) for p in report.problems}
    assert places == {(2, "gemeente"), (3, "ontvangen_op"), (3, "aanvrager"), (3, "kanaal"), (3, "themas"),
                      (4, "aanvrager")}
    assert "kies uit 'beide', 'gemeente', 'steunpunt'" in str(report.problems[2])


def test_status_rows_are_checked_against_the_rows_before_them(reference_url):
    engine = db.make_engine(reference_url)
    before = dump(engine)
    report = import_sources(engine, [
        csv("aanvragen.csv", AANVRAGEN + "Utrecht,2006-10-05,gemeente,mailing,beleid\n"),
        csv("status.csv", STATUS + "Utrecht,intake,2006-10-10,\n"
                                   "Utrecht,afgerond,2006-10-20,\n"
                                   "Utrecht,teruggetrokken,2006-10-08,geen tijd\n"),
    ])
    texts = [str(p) for p in report.problems]
    assert len(texts) == 2, texts
    assert ("status.csv, rij 3, kolom 'status', waarde 'afgerond': Statusovergang van 'intake' naar 'afgerond'"
            in texts[0])
    assert "status.csv, rij 4, kolom 'datum', waarde '2006-10-08': Datum 2006-10-08 ligt vóór" in texts[1]
    assert dump(engine) == before  # the good request in the other file is not written either
    engine.dispose()


def story_sources() -> list[Source]:
    """A small, complete administration: advisors, two requests, a trajectory and what happened to it."""
    return [
        csv("adviseurs.csv", "naam,organisatie,in_pool,actief_vanaf,actief_tot\n"
                             "Alleato adviseur 9,Alleato,ja,2006-06-15,\n"
                             "MOVISIE adviseur 9,MOVISIE,nee,15-06-2006,\n"),
        Source("aanvragen.csv", ("\ufeff" + AANVRAGEN.replace(",", ";")
                                 + "Utrecht;05-10-2006;gemeente;mailing;beleid|zorg\n"
                                   "zeist;2006-10-06;steunpunt;adviseur;infrastructuur\n").encode()),
        csv("trajecten.csv", TRAJECTEN + '200,Utrecht|De Bilt,,Alleato,,Alleato adviseur 9,20,2007-06-30,'
                                         '"Een nota, met ""aanhalingstekens"""\n'),
        csv("statuswijzigingen.csv", STATUS + "Utrecht,intake,2006-10-10,\n"
                                              "Zeist,intake,2006-10-12,\n"
                                              "Zeist,afgewezen,2006-10-20,Niet duidelijk welk advies nodig was\n"
                                              "Utrecht,lopend,2006-11-01,\n"
                                              "Utrecht,werk klaar,2007-05-01,\n"),
        Source("gebeurtenissen.xlsx", workbook({
            "overdrachten": [["traject", "datum", "van_adviseur", "naar_adviseur", "reden"],
                             [200, dt.datetime(2007, 2, 1), None, "MOVISIE adviseur 9", "Adviseur langdurig ziek"]],
            "afwezigheden": [["adviseur", "soort", "begint_op", "eindigt_op", "toelichting"],
                             ["Alleato adviseur 9", "ziekte", dt.date(2007, 2, 1), "30-04-2007", "langdurig ziek"]],
            "evaluaties": [["traject", "ontvangen_op", "resultaten", "procesgang", "kwaliteit", "presentatie",
                            "service", "opmerkingen"],
                           [200, "2007-06-15", 8, 7.0, "9", 8, 8, "Tevreden"]],
        })),
    ]


def test_good_files_are_written_in_one_go(reference_url):
    engine = db.make_engine(reference_url)
    with Session(engine) as session:
        version_before = data_version(session)[0]
    report = import_sources(engine, story_sources())
    assert report.ok and report.written, [str(p) for p in report.problems]
    assert report.rows() == [("adviseurs", 2, 0, 0), ("aanvragen", 2, 0, 0), ("trajecten", 1, 0, 0),
                             ("statuswijzigingen", 5, 0, 0), ("overdrachten", 1, 0, 0), ("afwezigheden", 1, 0, 0),
                             ("evaluaties", 1, 0, 0)]
    with Session(engine) as session:
        assert data_version(session)[0] == version_before + 1
        stats = key_figures(session, dt.date(2007, 12, 31))
        assert stats["requests"]["total"] == 2 and stats["requests"]["not_started"] == 1
        assert stats["trajectories"] == {"started": 1, "running": 1, "work_finished": 1, "completed": 0}
        assert stats["gemeenten_involved"] == 2 and stats["dagdelen"]["total"] == 20
        assert stats["evaluations"]["forms"] == 1 and stats["evaluations"]["mean"] == 8.0
        trajectory = session.execute(select(Trajectory).where(Trajectory.nr == 200)).scalar_one()
        assert (trajectory.started_on, trajectory.work_finished_on) == (dt.date(2006, 11, 1), dt.date(2007, 5, 1))
        assert trajectory.advisor.name == "MOVISIE adviseur 9" and trajectory.organisation.name == "MOVISIE"
        assert trajectory.intake_organisation.name == "Alleato" and trajectory.province.name == "Utrecht"
        assert trajectory.result == 'Een nota, met "aanhalingstekens"'
        assert [g.name for g in trajectory.gemeenten] == ["De Bilt", "Utrecht"]
        assert trajectory.request.status_reason is None
        assert [s.status.value for s in trajectory.request.history] == ["received", "intake", "running",
                                                                        "work_finished"]
    engine.dispose()


def test_importing_the_same_files_twice_changes_nothing(reference_url):
    engine = db.make_engine(reference_url)
    assert import_sources(engine, story_sources()).written
    before, before_bytes = dump(engine), file_bytes(reference_url)
    again = import_sources(engine, story_sources())
    assert again.ok and not again.written and again.changes == 0
    assert again.verdict() == "Alles stond al in de database; er is niets veranderd."
    assert all(new == changed == 0 for _, new, changed, _ in again.rows())
    assert dump(engine) == before
    assert file_bytes(reference_url) == before_bytes
    engine.dispose()


def test_a_known_row_with_other_values_is_an_update(reference_url):
    engine = db.make_engine(reference_url)
    assert import_sources(engine, story_sources()).written
    report = import_sources(engine, [
        csv("trajecten.csv", TRAJECTEN + "200,Utrecht|De Bilt,Utrecht,Alleato,Alleato,Alleato adviseur 9,24,"
                                         "2007-07-31,Een nota\n"),
        csv("evaluaties.csv", EVALUATIES + "200,2007-06-15,9,7,9,8,8,Tevreden\n"),
    ])
    assert report.written and report.rows() == [("trajecten", 0, 1, 0), ("evaluaties", 0, 1, 0)]
    with Session(engine) as session:
        trajectory = session.execute(select(Trajectory).where(Trajectory.nr == 200)).scalar_one()
        assert (trajectory.dagdelen, trajectory.planned_end_on) == (24, dt.date(2007, 7, 31))
        assert session.execute(select(Evaluation.mark_results)).scalar_one() == 9
    refused = import_sources(engine, [csv("trajecten.csv", TRAJECTEN + "200,Utrecht,,PJ Partners,,,20,,\n")])
    texts = " | ".join(str(p) for p in refused.problems)
    assert "de gemeenten van traject 200 is 'Utrecht | De Bilt' en kan niet via een import veranderen" in texts
    assert "de organisatie bij de start van traject 200 is 'Alleato'" in texts
    engine.dispose()


def test_dry_run_counts_and_changes_nothing(reference_url):
    engine = db.make_engine(reference_url)
    before, before_bytes = dump(engine), file_bytes(reference_url)
    report = import_sources(engine, story_sources(), dry_run=True)
    assert report.ok and not report.written and report.changes == 13
    assert report.verdict() == "Proefimport: de bestanden zijn in orde; er is niets geschreven."
    assert dump(engine) == before
    assert file_bytes(reference_url) == before_bytes
    engine.dispose()


def test_kind_option_names_the_kind(reference_url, tmp_path, capsys):
    path = tmp_path / "lijst.csv"
    path.write_text("naam;organisatie;actief_vanaf\nDSP-groep adviseur 9;DSP-groep;2006-06-15\n", encoding="utf-8")
    assert main(["--database", reference_url, "import", str(path), "--kind", "adviseurs", "--dry-run"]) == 0
    assert "adviseurs: 1 nieuw, 0 gewijzigd, 0 ongewijzigd" in capsys.readouterr().out
    assert main(["--database", reference_url, "import", str(path), "--kind", "evaluaties", "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "lijst.csv, rij 1, kolom 'naam': onbekende kolom voor soort evaluaties" in out
    assert "lijst.csv, rij 1, kolom 'traject': verplichte kolom 'traject' ontbreekt (soort evaluaties)" in out


def test_a_file_with_only_a_header_changes_nothing(reference_url):
    engine = db.make_engine(reference_url)
    report = import_sources(engine, [Source("aanvragen.csv", b"gemeente,ontvangen_op,aanvrager,kanaal\n")])
    assert report.ok and not report.written
    assert report.verdict() == "De bestanden bevatten geen gegevensrijen; er is niets veranderd."
    engine.dispose()


def test_command_line_import(reference_url, tmp_path, capsys):
    for source in story_sources():
        (tmp_path / source.name).write_bytes(source.data)
    assert main(["--database", reference_url, "import", str(tmp_path), "--dry-run"]) == 0
    assert "Proefimport" in capsys.readouterr().out
    assert main(["--database", reference_url, "import", str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["written"] and report["counts"]["statuswijzigingen"]["nieuw"] == 5
    bad = tmp_path / "fout" / "aanvragen.csv"
    bad.parent.mkdir()
    bad.write_text(AANVRAGEN + "Utrecht,2007-02-01,gemeente,mailing,\n", encoding="utf-8")
    assert main(["--database", reference_url, "import", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "1 probleem gevonden; er is niets veranderd in de database." in out
    assert "rij 2, kolom 'gemeente', waarde 'Utrecht': er is al een aanvraag van gemeente 'Utrecht'" in out


def test_command_line_refuses_a_missing_database(tmp_path, capsys):
    missing = tmp_path / "weg.sqlite"
    assert main(["--database", f"sqlite:///{missing}", "import", str(tmp_path)]) == 2
    assert "bestaat niet" in capsys.readouterr().err
    assert not missing.exists()


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates_are_recognised(kind, fmt):
    sheets, problems = read_sources([Source(f"sjabloon.{fmt}", template_bytes(kind, fmt))])
    assert problems == []
    assert [sheet.kind.name for sheet in sheets] == [kind]
    assert len(sheets[0].rows) == 1 and sheets[0].rows[0].number == 2


def test_template_command_writes_every_template(tmp_path):
    assert main(["template", "alle", str(tmp_path), "--format", "xlsx"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"sjabloon-{k}.xlsx" for k in KINDS)


def test_docs_list_every_message_and_column():
    docs = DOCS.read_text(encoding="utf-8")
    for code, text in MESSAGES.items():
        assert re.sub(r"\{[^}]*\}", "…", text) in docs, code
    for kind in KINDS.values():
        assert f"`{kind.name}`" in docs
        for column in kind.columns:
            assert f"`{column.name}`" in docs, (kind.name, column.name)


def test_advisor_added_by_import_is_counted(demo_copy_url):
    engine = db.make_engine(demo_copy_url)
    report = import_sources(engine, [csv("adviseurs.csv", "naam,organisatie,in_pool,actief_vanaf,actief_tot\n"
                                                          "Zet adviseur 9,Zet,ja,2007-03-01,\n")])
    assert report.written
    with Session(engine) as session:
        assert session.execute(select(Advisor.in_pool).where(Advisor.name == "Zet adviseur 9")).scalar_one()
    engine.dispose()


HEADERS = [("Ontvangen op", "ontvangen_op"), ("Thema's", "themas"), ("Gemeente(n)", "gemeenten"), (" NR ", "nr"),
           ("naar-adviseur", "naar_adviseur"), (None, "")]
DATES = [("2007-03-15", dt.date(2007, 3, 15)), ("15-03-2007", dt.date(2007, 3, 15)), ("5-3-2007", dt.date(2007, 3, 5)),
         ("2007-03-15 00:00:00", dt.date(2007, 3, 15)), (dt.datetime(2007, 3, 15, 0, 0), dt.date(2007, 3, 15)),
         ("2007/03/15", None), ("31-02-2007", None), ("morgen", None), ("15-03-07", None)]
NUMBERS = [("12", 12), ("12.0", 12), ("12,0", 12), (12.0, 12), (" 8 ", 8), ("12,5", None), ("x", None), (True, None)]


@pytest.mark.parametrize("header,name", HEADERS)
def test_header_names_are_normalised(header, name):
    from dashboard.data.transfer.templates import normalise_header

    assert normalise_header(header) == name


@pytest.mark.parametrize("cell,expected", DATES)
def test_dates(cell, expected):
    from dashboard.data.transfer.importing import values

    if expected is None:
        with pytest.raises(values.ValueProblem, match="geen geldige datum"):
            values.date(cell)
    else:
        assert values.date(cell) == expected


@pytest.mark.parametrize("cell,expected", NUMBERS)
def test_whole_numbers(cell, expected):
    from dashboard.data.transfer.importing import values

    if expected is None:
        with pytest.raises(values.ValueProblem, match="geen heel getal"):
            values.integer(cell)
    else:
        assert values.integer(cell) == expected


def test_a_stuurgroep_meeting_is_imported_as_a_milestone(demo_copy_url):
    """A new meeting becomes a programme event the comparison offers; a repeat changes nothing; a known one
    gets its new date."""
    engine = db.make_engine(demo_copy_url)
    source = "soort,datum,omschrijving\nstuurgroep_6,2008-02-14,Stuurgroep 6: eindrapport\n"
    assert import_sources(engine, [csv("mijlpalen.csv", source)]).written
    assert not import_sources(engine, [csv("mijlpalen.csv", source)]).written
    assert import_sources(engine, [csv("mijlpalen.csv", "soort,datum,omschrijving\n"
                                                        "stuurgroep_3,2007-03-22,Stuurgroep 3: voortgang\n")]).written
    with Session(engine) as session:
        held = meetings(session)
    assert (dt.date(2008, 2, 14), "Stuurgroep 6: eindrapport") in held
    assert (dt.date(2007, 3, 22), "Stuurgroep 3: voortgang") in held and len(held) == 6
    engine.dispose()
