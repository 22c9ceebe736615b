"""Errors as a user should see them: a Dutch page or message, never a traceback.

- ``register_error_pages(server)``: Flask answers HTTP errors and unexpected
  exceptions with a short Dutch HTML page (or JSON for ``/_dash-…`` and
  ``/api/…`` requests); a database outage is a 503. In debug mode Dash's
  developer tools still show tracebacks to the developer.
- ``callback_error``: the Dash app's ``on_error``. A callback that fails keeps
  what its outputs showed (no update) and puts a Dutch banner at the top of
  the page; the next successful data-version poll clears it.
"""

from __future__ import annotations

import logging
from html import escape

import dash
import dash_bootstrap_components as dbc
from flask import Flask, jsonify, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from dashboard import ids
from dashboard.components.alerts import database_unavailable

log = logging.getLogger(__name__)

TITLES = {
    400: "De vraag aan de server klopt niet",
    403: "Geen toegang",
    404: "Pagina niet gevonden",
    405: "Deze handeling is hier niet mogelijk",
    413: "Het bestand is te groot",
    500: "Er ging iets mis",
    503: "De gegevens zijn even niet beschikbaar",
}
EXPLANATIONS = {
    404: "Het adres bestaat niet (meer). Controleer de link, of ga naar het overzicht.",
    413: "Het verzonden bestand is groter dan de server aanneemt.",
    500: "De server kon deze vraag niet afhandelen. De fout is vastgelegd; probeer het later opnieuw.",
    503: "De database is op dit moment niet bereikbaar. Probeer het over een ogenblik opnieuw.",
}
CALLBACK_FAILED = ("Een deel van deze pagina kon niet worden bijgewerkt; wat u ziet, is de laatste stand. "
                   "Probeer het over een ogenblik opnieuw.")

PAGE = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – AVI 130 monitor</title>
<style>body{{font-family:system-ui,sans-serif;margin:3rem auto;max-width:40rem;padding:0 1rem;color:#222}}
a{{color:#0b5394}}</style></head>
<body><main><h1>{title}</h1><p>{explanation}</p><p><a href="{home}">Naar het overzicht</a></p>
<p><small>Foutcode {code}</small></p></main></body>
</html>"""


def _wants_json() -> bool:
    """Whether the request came from a script or from Dash's renderer rather than a person's browser tab."""
    path = request.path
    return "/_dash-" in path or "/api/" in path or request.accept_mimetypes.best == "application/json"


def error_response(code: int):
    """A Dutch error answer with status ``code``: JSON for scripts and Dash, a small HTML page otherwise."""
    title = TITLES.get(code, TITLES[500] if code >= 500 else TITLES[400])
    explanation = EXPLANATIONS.get(code, "")
    if _wants_json():
        return jsonify(error=f"{title}. {explanation}".strip()), code
    prefix = request.script_root or ""
    page = PAGE.format(title=escape(title), explanation=escape(explanation), code=code, home=escape(prefix + "/"))
    return page, code, {"Content-Type": "text/html; charset=utf-8"}


def register_error_pages(server: Flask) -> None:
    """Answer HTTP errors, database outages and unexpected exceptions with a Dutch page."""

    @server.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return error_response(error.code)

    @server.errorhandler(SQLAlchemyError)
    def _database_error(_error: SQLAlchemyError):
        log.warning("Database niet bereikbaar bij %s", request.path)
        return error_response(503)

    @server.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("Onverwachte fout bij %s", request.path, exc_info=error)
        return error_response(500)


def callback_error(error: Exception) -> None:
    """Dash's ``on_error``: keep the outputs as they were and show a Dutch banner instead of failing."""
    if isinstance(error, SQLAlchemyError):
        log.warning("Database niet bereikbaar in een callback: %s", type(error).__name__)
        dash.set_props(ids.DB_BANNER, {"children": database_unavailable()})
        return None
    log.exception("Fout in een callback", exc_info=error)
    dash.set_props(ids.DB_BANNER, {"children": dbc.Alert(CALLBACK_FAILED, color="warning", className="mb-3")})
    return None
