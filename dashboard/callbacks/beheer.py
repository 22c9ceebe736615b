"""Beheer callbacks: the users and the audit log (projectleiding only; the guard checks the outputs)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, html
from sqlalchemy.exc import SQLAlchemyError

from dashboard.auth.callbacks import guarded_callback
from dashboard import formatting, ids
from dashboard.components.alerts import database_unavailable
from dashboard.data.db import read_session
from dashboard.data.users import audit_log, list_users


def _table(headers: list[str], rows: list[list[str]]) -> dbc.Table:
    """A plain table; every cell is text."""
    return dbc.Table([html.Thead(html.Tr([html.Th(h) for h in headers])),
                      html.Tbody([html.Tr([html.Td(cell) for cell in row]) for row in rows])],
                     size="sm", striped=True, responsive=True)


def show_beheer(_pathname):
    """List the users and the newest audit lines."""
    try:
        with read_session() as session:
            people = [[u.name, u.role.value, "ja" if u.demo else "", formatting.date(u.created_at.date())]
                      for u in list_users(session)]
            lines = [[f"{formatting.date(e.at.date())} {e.at:%H:%M}", e.actor, e.event, e.detail, e.address]
                     for e in audit_log(session)]
    except SQLAlchemyError:
        return database_unavailable(), ""
    return (_table(["Naam", "Rol", "Demo", "Aangemaakt"], people),
            _table(["Wanneer (UTC)", "Wie", "Gebeurtenis", "Details", "Adres"], lines))


def register() -> None:
    """Register this page's callbacks with Dash (the factory calls this once per app)."""
    guarded_callback(
        Output(ids.BEHEER_USERS, "children"),
        Output(ids.BEHEER_AUDIT, "children"),
        Input(ids.URL, "pathname"),
    )(show_beheer)
