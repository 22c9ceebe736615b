"""The spreadsheet templates: which kinds of file the import takes, their Dutch columns, and blank templates.

One kind per file (or per sheet of a workbook). The kinds are listed in the
order an import applies them, so a file set can hold advisors, the requests
they work on and the status changes of those requests at once. The export
writes the same columns, so an export is a valid import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.data.schema.lifecycle import STATUS_LABELS
from dashboard.data.schema.models import AbsenceKind, ApplicantType, Channel, Status, Theme

# Trajectories of AVI 130 had 8 to 34 dagdelen, 19 on average (final report, lines 123, 857-859 and 957);
# an import refuses a trajectory outside this range.
DAGDELEN_MIN = 8
DAGDELEN_MAX = 34
MARK_MIN, MARK_MAX = 1, 10

LIST_SEPARATOR = "|"
TRUE_WORDS = ("ja", "j", "waar", "true", "1", "x")
FALSE_WORDS = ("nee", "n", "onwaar", "false", "0")
STATUS_WORDS: dict[str, Status] = {label: status for status, label in STATUS_LABELS.items()}
STATUS_WORDS.update({status.value: status for status in Status})
STATUS_WORDS.update({"werk_klaar": Status.WORK_FINISHED})


@dataclass(frozen=True)
class Column:
    """One column of a template: its Dutch name, whether a value is required, what it holds and an example."""

    name: str
    required: bool
    description: str
    example: str | int | dt.date | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kind:
    """One kind of import file: its name (also the file and sheet name), what a row is, and its columns."""

    name: str
    title: str
    row_is: str
    key: str
    columns: tuple[Column, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> tuple[str, ...]:
        """The column names in template order."""
        return tuple(column.name for column in self.columns)

    @property
    def per_programme(self) -> bool:
        """Whether a row belongs to one programme (it has a ``programma`` column); advisors and absences do not."""
        return PROGRAMME_COLUMN.name in self.column_names

    @property
    def required(self) -> tuple[str, ...]:
        """The columns that must be present and filled in."""
        return tuple(column.name for column in self.columns if column.required)

    def resolve(self, header: str) -> str | None:
        """The column a normalised header name stands for, or None."""
        for column in self.columns:
            if header == column.name or header in column.aliases:
                return column.name
        return None


def _values(enum_cls) -> str:
    """The allowed values of an enum, for a column description."""
    return ", ".join(f"`{member.value}`" for member in enum_cls)


PROGRAMME_COLUMN = Column("programma", False, "korte naam van het programma, bijvoorbeeld `avi-130` (leeg: het "
                          "programma van de import, zie `--programme`)", None)

STATUS_CHOICES = ", ".join(f"`{STATUS_LABELS[s]}`" for s in Status if s is not Status.RECEIVED)

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("adviseurs", "Adviseurs", "een adviseur van een organisatie", "naam", (
        Column("naam", True, "naam van de adviseur, uniek", "Alleato adviseur 2"),
        Column("organisatie", True, "de organisatie (CMO, DSP-groep of MOVISIE) waar de adviseur werkt", "Alleato"),
        Column("in_pool", False, "hoort bij de adviseurspool: `ja` of `nee` (leeg: `ja`)", "ja"),
        Column("actief_vanaf", True, "eerste dag als adviseur voor AVI 130", dt.date(2007, 2, 1),
               ("actief_van",)),
        Column("actief_tot", False, "laatste dag (leeg: nog actief; een lege cel wist een bekende datum niet)", None),
    ), ("Een vertrek (afwezigheid `vertrek`) zet `actief_tot` op de dag vóór het vertrek.",)),
    Kind("aanvragen", "Aanvragen", "een aanvraag van een gemeente", "gemeente", (
        Column("gemeente", True, "de gemeente van de aanvraag; één aanvraag per gemeente", "Amersfoort"),
        Column("ontvangen_op", True, "datum waarop de aanvraag binnenkwam", dt.date(2006, 10, 12)),
        Column("aanvrager", True, f"wie aanvroeg: {_values(ApplicantType)}", "gemeente"),
        Column("kanaal", True, f"hoe de aanvraag binnenkwam: {_values(Channel)}", "mailing"),
        Column("themas", False, f"thema's, gescheiden door `{LIST_SEPARATOR}`: {_values(Theme)}",
               "beleid|infrastructuur", ("thema", "themas_")),
        PROGRAMME_COLUMN,
    ), ("Een nieuwe aanvraag krijgt de status `ontvangen` op `ontvangen_op`.",)),
    Kind("trajecten", "Trajecten", "een adviestraject en de adviseur die het begon", "nr", (
        Column("nr", True, "trajectnummer, uniek (1-114 zijn de trajecten van Bijlage 1)", 115),
        Column("gemeenten", True, f"de gemeenten van het traject, gescheiden door `{LIST_SEPARATOR}`; de eerste "
               "is de gemeente van de aanvraag", "Amersfoort|Soest", ("gemeente",)),
        Column("provincie", False, "provincie waar de gemeenten liggen (leeg: die van de eerste gemeente)", "Utrecht"),
        Column("organisatie", True, "organisatie die het traject begon uit te voeren", "Alleato"),
        Column("intake_organisatie", False, "CMO die de intake deed (leeg: de CMO van de provincie)", "Alleato"),
        Column("adviseur", False, "adviseur die het traject begon (leeg: nog niet bekend)", "Alleato adviseur 2"),
        Column("dagdelen", True, f"toegekende dagdelen, {DAGDELEN_MIN} tot en met {DAGDELEN_MAX}", 20),
        Column("gepland_einde", False, "geplande einddatum (mag in de toekomst liggen)", dt.date(2007, 6, 30)),
        Column("resultaat", False, "het resultaat in een paar zinnen", ""),
        PROGRAMME_COLUMN,
    ), ("Een wissel van adviseur gaat via `overdrachten`; `organisatie` en `adviseur` blijven die van de start.",
        "Begin-, werk-klaar- en afronddatum volgen uit de statuswijzigingen `lopend`, `werk klaar` en `afgerond`.")),
    Kind("statuswijzigingen", "Statuswijzigingen", "een stap in de statusgeschiedenis van een aanvraag",
         "gemeente + status", (
             Column("gemeente", True, "de gemeente van de aanvraag", "Amersfoort"),
             Column("status", True, f"de nieuwe status: {STATUS_CHOICES}", "intake"),
             Column("datum", True, "datum van de wijziging", dt.date(2006, 10, 16)),
             Column("reden", False, "reden; verplicht bij `teruggetrokken` en `afgewezen`", ""),
             PROGRAMME_COLUMN,
         ), ("Rijen van één aanvraag staan in de volgorde waarin het gebeurde.",
             "Status `lopend` vraagt om een traject met deze gemeente als eerste gemeente.")),
    Kind("overdrachten", "Overdrachten", "een traject dat naar een andere adviseur of organisatie gaat",
         "traject + datum", (
             Column("traject", True, "trajectnummer", 115),
             Column("datum", True, "datum van de overdracht", dt.date(2007, 3, 1)),
             Column("van_adviseur", False, "adviseur die het traject had (leeg: de huidige)", "Alleato adviseur 2"),
             Column("naar_adviseur", True, "adviseur die het overneemt", "MOVISIE adviseur 1"),
             Column("van_organisatie", False, "organisatie die het had (leeg: die van de adviseur)", "Alleato"),
             Column("naar_organisatie", False, "organisatie die het overneemt (leeg: die van de adviseur)",
                    "MOVISIE"),
             Column("reden", False, "waarom", "Adviseur langdurig ziek"),
             PROGRAMME_COLUMN,
         )),
    Kind("afwezigheden", "Afwezigheden", "een periode waarin een adviseur niet kon werken", "adviseur + begint_op", (
        Column("adviseur", True, "naam van de adviseur", "Alleato adviseur 2"),
        Column("soort", True, f"{_values(AbsenceKind)}", "ziekte"),
        Column("begint_op", True, "eerste dag van de afwezigheid", dt.date(2007, 3, 1)),
        Column("eindigt_op", False, "laatste dag (leeg: onbekend of, bij vertrek, voorgoed)", dt.date(2007, 5, 31)),
        Column("toelichting", False, "korte toelichting", "langdurig ziek"),
    )),
    Kind("mijlpalen", "Mijlpalen", "een gebeurtenis van het programma, zoals een vergadering van de stuurgroep",
         "soort", (
             Column("soort", True, "korte code, uniek; een vergadering van de stuurgroep begint met `stuurgroep` "
                    "(`stuurgroep_6`)", "stuurgroep_6"),
             Column("datum", True, "datum van de gebeurtenis (mag in de toekomst liggen)", dt.date(2008, 2, 14)),
             Column("omschrijving", True, "titel zoals het dashboard hem toont", "Stuurgroep 6: eindrapport"),
             PROGRAMME_COLUMN,
         ), ("Een bekende `soort` krijgt de nieuwe datum en omschrijving.",)),
    Kind("evaluaties", "Evaluaties", "een evaluatieformulier van een traject", "traject", (
        Column("traject", True, "trajectnummer", 115),
        Column("ontvangen_op", True, "datum waarop het formulier binnenkwam", dt.date(2007, 7, 15)),
        Column("resultaten", True, f"cijfer {MARK_MIN}-{MARK_MAX}: resultaten van de opdrachtuitvoering", 8),
        Column("procesgang", True, f"cijfer {MARK_MIN}-{MARK_MAX}: procesgang", 7),
        Column("kwaliteit", True, f"cijfer {MARK_MIN}-{MARK_MAX}: kwaliteit van de adviseur", 8),
        Column("presentatie", True, f"cijfer {MARK_MIN}-{MARK_MAX}: presentatie van de adviseur", 8),
        Column("service", True, f"cijfer {MARK_MIN}-{MARK_MAX}: service van de adviseur", 8),
        Column("opmerkingen", False, "opmerkingen van de opdrachtgever", "Heldere adviezen."),
        PROGRAMME_COLUMN,
    )),
)}

MARK_COLUMNS = {"resultaten": "mark_results", "procesgang": "mark_process", "kwaliteit": "mark_quality",
                "presentatie": "mark_presentation", "service": "mark_service"}
FORMATS = ("csv", "xlsx")


def normalise_header(text: object) -> str:
    """A header cell as a column name: lower case, no quotes, '(n)' kept as 'n', other signs as '_'."""
    name = str(text or "").strip().lower().replace("(n)", "n")
    name = re.sub(r"['’`\"]", "", name)
    return re.sub(r"[^0-9a-zà-ÿ]+", "_", name).strip("_")


def cell_text(value: object) -> str:
    """A value as it is written to a CSV cell: dates as YYYY-MM-DD, None as empty."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_bytes(columns: tuple[str, ...], rows: list[tuple]) -> bytes:
    """Rows as a UTF-8 CSV file with a header row, comma-separated, quoted where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell_text(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(sheet: str, columns: tuple[str, ...], rows: list[tuple]) -> bytes:
    """Rows as an Excel workbook with one sheet: a bold header row, dates as dates, text as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(list(columns))
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        worksheet.append([None if value == "" else value for value in row])
    for row in worksheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                cell.number_format = "@"
    for index, name in enumerate(columns, start=1):
        width = max([len(name)] + [len(cell_text(row[index - 1])) for row in rows[:200]])
        worksheet.column_dimensions[worksheet.cell(row=1, column=index).column_letter].width = min(60, width + 2)
    worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_bytes(kind: str, rows: list[tuple], fmt: str) -> bytes:
    """A file of ``kind`` holding ``rows`` in format ``csv`` or ``xlsx``."""
    columns = KINDS[kind].column_names
    return xlsx_bytes(kind, columns, rows) if fmt == "xlsx" else csv_bytes(columns, rows)


def example_row(kind: str, programme: str | None = None) -> tuple:
    """The example row of a template; its ``programma`` is ``programme`` (a slug), else empty (the import's)."""
    examples = {PROGRAMME_COLUMN.name: programme}
    return tuple("" if value is None else value
                 for value in (examples.get(column.name, column.example) for column in KINDS[kind].columns))


def template_bytes(kind: str, fmt: str = "csv", programme: str | None = None) -> bytes:
    """A blank template of ``kind``: the header row and one example row (of ``programme``, see ``example_row``)."""
    return table_bytes(kind, [example_row(kind, programme)], fmt)


def template_name(kind: str, fmt: str = "csv") -> str:
    """The file name of a template."""
    return f"sjabloon-{kind}.{fmt}"


def write_template(kind: str, directory: Path, fmt: str = "csv", programme: str | None = None) -> Path:
    """Write the template of ``kind`` (its example row in ``programme``) into ``directory``; returns its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / template_name(kind, fmt)
    path.write_bytes(template_bytes(kind, fmt, programme))
    return path
