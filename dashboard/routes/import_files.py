"""Downloads for the import page: blank templates and a programme's data as templates, as plain Flask routes.

- ``/import/sjabloon/<soort>.csv|.xlsx``: a template with its header row and an example row (with
  ``?programma=SLUG``: the example row in that programme);
- ``/import/export-csv.zip`` and ``/import/export-xlsx.zip``: every kind of one programme (``?programma=SLUG``,
  else the default), as ``python -m dashboard export``, named ``<slug>-export-<date>-<format>.zip``.

A programme the database does not hold is a 404, one the signed-in user may not see a 403, both in Dutch.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, Response, abort, request
from sqlalchemy.orm import Session

from dashboard.auth.programme_access import allowed_programmes
from dashboard.auth.web import refuse
from dashboard.data.queries import programmes
from dashboard.data.schema.db import read_session
from dashboard.data.transfer.exporter import export_zip
from dashboard.data.transfer.templates import KINDS, template_bytes, template_name
from dashboard.programme_window import default_programme

MIME_TYPES = {"csv": "text/csv",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "zip": "application/zip"}

import_files = Blueprint("import_files", __name__)


def _attachment(content: bytes, name: str, kind: str) -> Response:
    """``content`` as a download called ``name``."""
    return Response(content, mimetype=MIME_TYPES[kind], headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


def _chosen(session: Session) -> programmes.ProgrammeRef | Response:
    """The programme of the request's ``programma=`` (else the default, of the user's), or the Dutch refusal: 404
    for one the database does not hold, 403 for one the signed-in user may not see (``allowed_programmes``)."""
    try:
        return programmes.chosen(session, request.args.get("programma"), default_programme(), allowed_programmes())
    except programmes.ProgrammeNotAllowed:
        return refuse(403, "Geen toegang tot dit programma.")
    except programmes.UnknownProgramme as unknown:
        return Response(str(unknown), status=404, mimetype="text/plain")


@import_files.get("/import/sjabloon/<kind>.<any(csv, xlsx):fmt>")
def template(kind: str, fmt: str) -> Response:
    """A blank template of one kind; its example row in the programme of ``programma=`` when given (else empty)."""
    if kind not in KINDS:
        abort(404)
    slug = None
    if request.args.get("programma"):  # the database is read only for a named programme
        with read_session() as session:
            chosen = _chosen(session)
        if isinstance(chosen, Response):
            return chosen
        slug = chosen.slug
    return _attachment(template_bytes(kind, fmt, slug), template_name(kind, fmt), fmt)


@import_files.get("/import/export-<any(csv, xlsx):fmt>.zip")
def export(fmt: str) -> Response:
    """One programme's data in the import templates, zipped (for projectleiding)."""
    with read_session() as session:
        chosen = _chosen(session)
        if isinstance(chosen, Response):
            return chosen
        content = export_zip(session, fmt, chosen.slug)
    return _attachment(content, f"{chosen.slug}-export-{dt.date.today().isoformat()}-{fmt}.zip", "zip")


def register_import_routes(server: Flask, prefix: str = "/") -> None:
    """Serve the template and export downloads under the app's URL prefix."""
    server.register_blueprint(import_files, url_prefix=prefix.rstrip("/") or None)
