"""Downloads for the import page: blank templates and the whole database as templates, as plain Flask routes.

- ``/import/sjabloon/<soort>.csv|.xlsx``: a template with its header row and an example row;
- ``/import/export-csv.zip`` and ``/import/export-xlsx.zip``: every kind, as ``python -m dashboard export``.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, Response, abort

from dashboard.data.schema.db import read_session
from dashboard.data.transfer.exporter import export_zip
from dashboard.data.transfer.templates import KINDS, template_bytes, template_name

MIME_TYPES = {"csv": "text/csv",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "zip": "application/zip"}

import_files = Blueprint("import_files", __name__)


def _attachment(content: bytes, name: str, kind: str) -> Response:
    """``content`` as a download called ``name``."""
    return Response(content, mimetype=MIME_TYPES[kind], headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@import_files.get("/import/sjabloon/<kind>.<any(csv, xlsx):fmt>")
def template(kind: str, fmt: str) -> Response:
    """A blank template of one kind."""
    if kind not in KINDS:
        abort(404)
    return _attachment(template_bytes(kind, fmt), template_name(kind, fmt), fmt)


@import_files.get("/import/export-<any(csv, xlsx):fmt>.zip")
def export(fmt: str) -> Response:
    """The whole database in the import templates, zipped (for projectleiding)."""
    with read_session() as session:
        content = export_zip(session, fmt)
    return _attachment(content, f"avi130-export-{dt.date.today().isoformat()}-{fmt}.zip", "zip")


def register_import_routes(server: Flask, prefix: str = "/") -> None:
    """Serve the template and export downloads under the app's URL prefix."""
    server.register_blueprint(import_files, url_prefix=prefix.rstrip("/") or None)
