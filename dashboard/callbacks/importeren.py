"""Import callbacks: uploaded files → a dry run (problems or counts) → on "Importeren" the all-or-nothing import.

The checked files wait in the browser (``IMPORT_FILES``) until the user
confirms; the import then checks them again under the write lock, so data
that changed in between cannot slip through. The import is for the programme
the page shows (``programma=``; a row naming another is refused) and takes
only rows of the programmes the signed-in user may see.
"""

from __future__ import annotations

import base64
import binascii

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from dashboard.auth.callbacks import guarded_callback
from dashboard.auth.programme_access import allowed_programmes
from flask_login import current_user
from dashboard import ids
from dashboard.components.alerts import database_unavailable
from dashboard.data.schema.db import app_engine
from dashboard.programme_window import shown_programme
from dashboard.view_state import parse
from dashboard.data.transfer.importing import ImportReport, Limits, Problem, Source, import_sources
from dashboard.data.transfer.importing.problems import message

SHOWN_PROBLEMS = 300


def decode(contents: list[str] | None, names: list[str] | None) -> tuple[list[Source], list[Problem]]:
    """The uploaded files from dcc.Upload's data URLs."""
    sources, problems = [], []
    for content, name in zip(contents or [], names or []):
        try:
            data = base64.b64decode(content.split(",", 1)[1], validate=True)
        except (IndexError, ValueError, binascii.Error):
            problems.append(Problem(name, message("empty")))
            continue
        sources.append(Source(name, data))
    return sources, problems


def counts_table(report: ImportReport) -> dbc.Table | html.P:
    """Per kind: new, changed and unchanged rows."""
    rows = report.rows()
    if not rows:
        return html.P("De bestanden bevatten geen gegevensrijen.", className="text-muted")
    return dbc.Table([
        html.Thead(html.Tr([html.Th("Soort"), html.Th("Nieuw", className="text-end"),
                            html.Th("Gewijzigd", className="text-end"), html.Th("Ongewijzigd", className="text-end")])),
        html.Tbody([html.Tr([html.Td(kind), html.Td(new, className="text-end"), html.Td(changed, className="text-end"),
                             html.Td(unchanged, className="text-end")]) for kind, new, changed, unchanged in rows]),
    ], size="sm", bordered=False, className="import-counts w-auto")


def problems_table(report: ImportReport) -> html.Div:
    """Every problem with its place: file, sheet, row, column, value, reason."""
    shown = report.problems[:SHOWN_PROBLEMS]
    header = html.Thead(html.Tr([html.Th(t) for t in ("Bestand", "Blad", "Rij", "Kolom", "Waarde", "Probleem")]))
    body = html.Tbody([html.Tr([html.Td(p.file), html.Td(p.sheet or ""), html.Td(p.row or ""), html.Td(p.column or ""),
                                html.Td(p.value if p.value is not None else ""), html.Td(p.message)])
                       for p in shown])
    more = len(report.problems) - len(shown)
    return html.Div([
        dbc.Table([header, body], size="sm", striped=True, responsive=True, className="import-problems"),
        html.P(f"En nog {more} problemen; los eerst deze op of gebruik 'python -m dashboard import --dry-run'.",
               className="text-muted") if more > 0 else None,
    ])


def report_view(report: ImportReport) -> html.Div:
    """The report of a check or an import, in Dutch."""
    if report.problems:
        return html.Div([
            dbc.Alert([html.Strong("Niet geïmporteerd. "), report.verdict(),
                       " Pas de bestanden aan en kies ze opnieuw."], color="danger", className="import-verdict"),
            problems_table(report),
        ])
    if report.written:
        return html.Div([dbc.Alert([html.Strong("Gelukt. "), report.verdict(),
                                    " De andere pagina's tonen de nieuwe stand bij hun volgende controle."],
                                   color="success", className="import-verdict"), counts_table(report)])
    advice = (" Kies 'Importeren' om dit vast te leggen." if report.changes else "")
    return html.Div([dbc.Alert([html.Strong("In orde. "), report.verdict(), advice], color="success",
                               className="import-verdict"), counts_table(report)])


def check_upload(contents: list[str] | None, names: list[str] | None, search: str | None):
    """Check the chosen files without writing; keep them for 'Importeren' when they are fine."""
    if not contents:
        return no_update, no_update, no_update, no_update, no_update
    sources, problems = decode(contents, names)
    try:
        report = import_sources(app_engine(), sources, dry_run=True, limits=Limits.from_env(),
                                extra_problems=problems, programme=shown_programme(parse(search).programme),
                                allowed=allowed_programmes())
    except SQLAlchemyError:
        return database_unavailable(), None, True, None, None
    ready = report.ok and report.changes > 0
    files = [{"name": s.name, "contents": c} for s, c in zip(sources, contents)] if ready else None
    return report_view(report), files, not ready, None, None


def run_import(_clicks: int | None, files: list[dict] | None, search: str | None):
    """Import the checked files for real: all or nothing."""
    if not files:
        return no_update, no_update, no_update, no_update
    sources, problems = decode([f["contents"] for f in files], [f["name"] for f in files])
    try:
        report = import_sources(app_engine(), sources, limits=Limits.from_env(), extra_problems=problems,
                                actor=current_user.name, programme=shown_programme(parse(search).programme),
                                allowed=allowed_programmes())
    except SQLAlchemyError:
        return database_unavailable(), False, files, no_update  # the files stay: try again when it is back
    return report_view(report), True, None, None


def register() -> None:
    """Register the import page's callbacks with Dash (the factory calls this once per app)."""
    guarded_callback(
        Output(ids.IMPORT_CHECK, "children"),
        Output(ids.IMPORT_FILES, "data"),
        Output(ids.IMPORT_BUTTON, "disabled"),
        Output(ids.IMPORT_UPLOAD, "contents"),
        Output(ids.IMPORT_RESULT, "children"),
        Input(ids.IMPORT_UPLOAD, "contents"),
        State(ids.IMPORT_UPLOAD, "filename"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(check_upload)
    guarded_callback(
        Output(ids.IMPORT_RESULT, "children", allow_duplicate=True),
        Output(ids.IMPORT_BUTTON, "disabled", allow_duplicate=True),
        Output(ids.IMPORT_FILES, "data", allow_duplicate=True),
        Output(ids.IMPORT_CHECK, "children", allow_duplicate=True),
        Input(ids.IMPORT_BUTTON, "n_clicks"),
        State(ids.IMPORT_FILES, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(run_import)
