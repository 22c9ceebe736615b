"""Reading import files: CSV (UTF-8, comma or semicolon) and Excel workbooks, one table per sheet.

Reading only checks the file's form: size, encoding, separator, the header
row and which kind of file it is. Values are checked by ``planner``.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.data.transfer.importing.problems import Problem, message, shown, suggestion
from dashboard.data.transfer.templates import KINDS, Kind, normalise_header

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ROWS = 50_000
SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")


@dataclass(frozen=True)
class Limits:
    """How big one import file may be; from ``DASHBOARD_IMPORT_MAX_BYTES`` / ``DASHBOARD_IMPORT_MAX_ROWS``."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_rows: int = DEFAULT_MAX_ROWS

    @classmethod
    def from_env(cls) -> Limits:
        """The limits set in the environment, or the defaults (5 MB, 50,000 rows)."""
        return cls(int(os.environ.get("DASHBOARD_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)),
                   int(os.environ.get("DASHBOARD_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)))


@dataclass(frozen=True)
class Source:
    """One uploaded or named file: its name (as shown in problems) and its bytes."""

    name: str
    data: bytes


@dataclass
class Sheet:
    """One table of a kind: a CSV file or a sheet of a workbook, with its data rows."""

    file: str
    sheet: str | None
    kind: Kind
    rows: list[Row] = field(default_factory=list)
    missing: frozenset[str] = frozenset()  # required columns absent from the header (reported once)


@dataclass(frozen=True)
class Row:
    """One data row: its number as the spreadsheet shows it (the header is row 1) and its values by column."""

    sheet: Sheet = field(repr=False, compare=False)
    number: int = 0
    values: dict[str, object] = field(default_factory=dict)


def sources_from_paths(paths: list[Path]) -> tuple[list[Source], list[Problem]]:
    """Read the named files; a directory stands for the CSV and Excel files in it (sorted by name)."""
    sources, problems = [], []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                problems.append(Problem(str(path), message("empty_dir")))
            sources.extend(Source(str(p), p.read_bytes()) for p in files)
        elif path.is_file():
            sources.append(Source(str(path), path.read_bytes()))
        else:
            problems.append(Problem(str(path), message("no_file")))
    return sources, problems


def _size(count: int) -> str:
    """A byte count in Dutch: '5,0 MB'."""
    return f"{count / (1024 * 1024):.1f} MB".replace(".", ",")


def read_sources(sources: list[Source], limits: Limits | None = None,
                 kind: str | None = None) -> tuple[list[Sheet], list[Problem]]:
    """Read every source into sheets of a recognised kind; the problems of form found on the way."""
    limits = limits or Limits.from_env()
    sheets: list[Sheet] = []
    problems: list[Problem] = []
    forced = None
    if kind is not None:
        forced = KINDS.get(kind)
        if forced is None:
            return [], [Problem("--kind", message("unknown_kind_option", kind=kind, kinds=", ".join(KINDS)))]
    for source in sources:
        tables, found = _tables(source, limits)
        problems.extend(found)
        for sheet_name, rows in tables:
            sheet, found = _sheet(source.name, sheet_name, rows, forced)
            problems.extend(found)
            if sheet is not None:
                sheets.append(sheet)
    return sheets, problems


Table = tuple[str | None, list[tuple[int, list[object]]]]


def _tables(source: Source, limits: Limits) -> tuple[list[Table], list[Problem]]:
    """The tables of one file (one for CSV, one per non-empty sheet for Excel), as numbered rows of cells."""
    suffix = Path(source.name).suffix.lower()
    if len(source.data) > limits.max_bytes:
        return [], [Problem(source.name, message("too_big", size=_size(len(source.data)),
                                                 limit=_size(limits.max_bytes)))]
    if not source.data.strip():
        return [], [Problem(source.name, message("empty"))]
    if suffix == ".xls":
        return [], [Problem(source.name, message("old_xls"))]
    if suffix in (".xlsx", ".xlsm") or (suffix not in (".csv", ".txt") and source.data[:2] == b"PK"):
        return _excel_tables(source, limits)
    if suffix in (".csv", ".txt", ""):
        return _csv_tables(source, limits)
    return [], [Problem(source.name, message("file_type", suffix=suffix))]


def _csv_tables(source: Source, limits: Limits) -> tuple[list[Table], list[Problem]]:
    """The one table of a CSV file: UTF-8 (a BOM is fine), comma or semicolon between the columns."""
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = source.data[:error.start].count(b"\n") + 1
        byte = f"0x{source.data[error.start]:02X}"
        return [], [Problem(source.name, message("not_utf8", byte=byte, line=line), row=line)]
    delimiter = _delimiter(text)
    if delimiter is None:
        return [], [Problem(source.name, message("separator"), row=1)]
    rows: list[tuple[int, list[object]]] = []
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        if number > limits.max_rows + 1:
            return [], [Problem(source.name, message("too_many_rows", limit=limits.max_rows))]
        rows.append((number, list(cells)))
    header = next((cells for _, cells in rows if any(str(c).strip() for c in cells)), [])
    if len([c for c in header if str(c).strip()]) < 2:
        return [], [Problem(source.name, message("separator"), row=1)]
    return [(None, rows)], []


def _delimiter(text: str) -> str | None:
    """Comma or semicolon, found by ``csv.Sniffer`` on the first lines, else by counting in the header row."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;").delimiter
    except csv.Error:
        pass
    header = text.splitlines()[0] if text.splitlines() else ""
    counts = {sign: header.count(sign) for sign in ",;"}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else None


def _excel_tables(source: Source, limits: Limits) -> tuple[list[Table], list[Problem]]:
    """The non-empty sheets of a workbook; cells keep Excel's types (dates, numbers, text)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    except Exception:  # zipfile, KeyError, ValueError or openpyxl's own errors for a damaged workbook
        return [], [Problem(source.name, message("bad_xlsx"))]
    tables: list[Table] = []
    total = 0
    try:
        for worksheet in workbook.worksheets:
            rows: list[tuple[int, list[object]]] = []
            for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = list(cells)
                while cells and (cells[-1] is None or str(cells[-1]).strip() == ""):
                    cells.pop()
                if not cells:
                    continue
                total += 1
                if total > limits.max_rows + len(workbook.worksheets):
                    return [], [Problem(source.name, message("too_many_rows", limit=limits.max_rows))]
                rows.append((number, cells))
            if rows:
                tables.append((worksheet.title, rows))
    except Exception:  # a damaged sheet shows only while it is read
        return [], [Problem(source.name, message("bad_xlsx"))]
    finally:
        workbook.close()
    if not tables:
        return [], [Problem(source.name, message("empty"))]
    return tables, []


def _blank(value: object) -> bool:
    """Whether a cell is empty."""
    return value is None or (isinstance(value, str) and not value.strip())


def recognise(headers: list[str], file: str) -> tuple[Kind | None, str | None]:
    """The kind whose columns the header row holds; otherwise None and a problem code ('unknown_kind', ...)."""
    present = {h for h in headers if h}
    complete, partial = [], []
    for kind in KINDS.values():
        matched = {kind.resolve(h) for h in present} - {None}
        score = len(matched)
        if set(kind.required) <= matched:
            complete.append((score, kind))
        elif score >= 2 and score * 2 >= len(kind.required):
            partial.append((score, kind))
    stem = Path(file).stem.lower()
    for group in (complete, partial):
        if not group:
            continue
        best = max(score for score, _ in group)
        winners = [kind for score, kind in group if score == best]
        if len(winners) > 1:
            hinted = [kind for kind in winners if kind.name in stem]
            if len(hinted) == 1:
                return hinted[0], None
            return None, "ambiguous_kind:" + ", ".join(k.name for k in winners)
        return winners[0], None
    return None, "unknown_kind"


def _sheet(file: str, sheet_name: str | None, rows: list[tuple[int, list[object]]],
           forced: Kind | None) -> tuple[Sheet | None, list[Problem]]:
    """Turn a table into a sheet of its kind, checking the header row."""
    rows = [(number, cells) for number, cells in rows if any(not _blank(c) for c in cells)]
    if not rows:
        return None, [Problem(file, message("empty"), sheet=sheet_name)]
    header_number, header_cells = rows[0]
    headers = [normalise_header(cell) for cell in header_cells]
    kind, code = (forced, None) if forced else recognise(headers, sheet_name or file)
    if kind is None:
        kinds = code.split(":", 1)[1] if code and ":" in code else ", ".join(KINDS)
        return None, [Problem(file, message(code.split(":")[0], kinds=kinds), sheet=sheet_name, row=header_number)]
    problems: list[Problem] = []
    columns: list[str | None] = []
    seen: set[str] = set()
    for cell, header in zip(header_cells, headers):
        name = kind.resolve(header)
        if not header:
            columns.append(None)
            continue
        if name is None:
            hint = suggestion(header, kind.column_names)
            problems.append(Problem(file, message("unknown_column", kind=kind.name, hint=hint), sheet=sheet_name,
                                    row=header_number, column=shown(cell)))
        elif name in seen:
            problems.append(Problem(file, message("duplicate_column"), sheet=sheet_name, row=header_number,
                                    column=name))
            name = None
        else:
            seen.add(name)
        columns.append(name)
    for missing in (c for c in kind.required if c not in seen):
        problems.append(Problem(file, message("missing_column", column=missing, kind=kind.name), sheet=sheet_name,
                                row=header_number, column=missing))
    sheet = Sheet(file, sheet_name, kind, missing=frozenset(c for c in kind.required if c not in seen))
    for number, cells in rows[1:]:
        values: dict[str, object] = {}
        for index, cell in enumerate(cells):
            if index >= len(columns):
                if not _blank(cell):
                    problems.append(Problem(file, message("extra_cells"), sheet=sheet_name, row=number,
                                            value=shown(cell)))
                    break
                continue
            name = columns[index]
            if name is not None:
                values[name] = cell.strip() if isinstance(cell, str) else cell
        sheet.rows.append(Row(sheet, number, values))
    return sheet, problems
