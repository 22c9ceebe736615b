"""Beheer callbacks: the users and the audit log, and the changes projectleiding makes to users.

Every change goes through ``dashboard.data.editing.users`` (which checks the rules and writes one audit line) in one
write transaction. The changing callback's outputs start with ``beheer-action-``: the request guard refuses
such a request from another role outright and demands the session's CSRF token (``auth.web``).
"""

from __future__ import annotations

from collections.abc import Callable

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, html, no_update
from flask import request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard.auth.callbacks import guarded_callback
from dashboard import formatting, ids
from dashboard.components.alerts import database_unavailable
from dashboard.data.editing import users
from dashboard.data.schema.db import app_engine, read_session, write_session


def _table(headers: list[str], rows: list[list[str]]) -> dbc.Table:
    """A plain table; every cell is text."""
    return dbc.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in headers])),
                      html.Tbody([html.Tr([html.Td(cell) for cell in row]) for row in rows])],
                     size="sm", striped=True, responsive=True)


def show_beheer(_pathname, _changes):
    """List the users with the programmes they see (also as the change form's choices) and the newest audit
    lines."""
    try:
        with read_session() as session:
            people, limited = users.list_users(session), users.programmes_by_user(session)
            rows = [[u.name, u.role.value, ", ".join(limited.get(u.id, ["alle"])),
                     "uitgeschakeld" if u.disabled else "actief", "ja" if u.demo else "",
                     formatting.date(u.created_at.date())] for u in people]
            lines = [[formatting.moment(e.at), e.actor, e.event, e.detail, e.address] for e in users.audit_log(session)]
    except SQLAlchemyError:
        return database_unavailable(), "", no_update
    return (_table(["Naam", "Rol", "Programma's", "Status", "Demo", "Aangemaakt"], rows),
            _table([f"Wanneer ({formatting.LOCAL_TIME_NAME})", "Wie", "Gebeurtenis", "Details", "Adres"], lines),
            [{"label": u.name, "value": u.name} for u in people])


def _chosen(name: str | None) -> str:
    """The user chosen in the change form, or a Dutch refusal."""
    if not name:
        raise users.UserError("Kies eerst een gebruiker.")
    return name


# A button's change: made in the session with the form's values by the actor from an address; says what it did.
Change = Callable[[Session, dict, str, str], str]


def _add(s: Session, form: dict, actor: str, address: str) -> str:
    """Add the user of the add form."""
    user = users.add_user(s, form["add_name"] or "", form["add_role"] or "", form["add_password"] or "",
                          actor=actor, address=address)
    return f"Gebruiker '{user.name}' ({user.role.value}) is toegevoegd."


def _set_role(s: Session, form: dict, actor: str, address: str) -> str:
    """Give the chosen user the new role."""
    name = _chosen(form["user"])
    users.set_role(s, name, form["new_role"] or "", actor=actor, address=address)
    return f"'{name}' heeft nu de rol {form['new_role']}."


def _set_password(s: Session, form: dict, actor: str, address: str) -> str:
    """Give the chosen user the new password."""
    name = _chosen(form["user"])
    users.set_password(s, name, form["new_password"] or "", actor=actor, address=address)
    return f"Het wachtwoord van '{name}' is opnieuw ingesteld."


def _disable(s: Session, form: dict, actor: str, address: str) -> str:
    """Disable the chosen user."""
    name = _chosen(form["user"])
    users.set_disabled(s, name, True, actor=actor, address=address)
    return f"'{name}' is uitgeschakeld en kan niet meer inloggen."


def _enable(s: Session, form: dict, actor: str, address: str) -> str:
    """Enable the chosen user again."""
    name = _chosen(form["user"])
    users.set_disabled(s, name, False, actor=actor, address=address)
    return f"'{name}' is weer ingeschakeld."


def _remove(s: Session, form: dict, actor: str, address: str) -> str:
    """Remove the chosen user."""
    name = _chosen(form["user"])
    users.remove_user(s, name, actor=actor, address=address)
    return f"Gebruiker '{name}' is verwijderd."


CHANGES: dict[str, Change] = {ids.BEHEER_ADD: _add, ids.BEHEER_SET_ROLE: _set_role,
                              ids.BEHEER_SET_PASSWORD: _set_password, ids.BEHEER_DISABLE: _disable,
                              ids.BEHEER_ENABLE: _enable, ids.BEHEER_REMOVE: _remove}
FORM = ("add_name", "add_role", "add_password", "user", "new_role", "new_password")


def change_user(*values):
    """Make the change of the clicked button; say in Dutch what happened, and empty the password fields."""
    changes = values[len(CHANGES)]
    form = dict(zip(FORM, values[len(CHANGES) + 1:]))
    change = CHANGES.get(ctx.triggered_id)
    if change is None:
        return no_update, no_update, no_update, no_update
    try:
        with write_session(app_engine()) as session:
            said = change(session, form, current_user.name, request.remote_addr or "")
    except users.UserError as refusal:
        return dbc.Alert(str(refusal), color="danger", className="mt-2"), no_update, no_update, no_update
    except SQLAlchemyError:
        return database_unavailable(), no_update, no_update, no_update
    return dbc.Alert(said, color="success", className="mt-2"), (changes or 0) + 1, "", ""


def register() -> None:
    """Register this page's callbacks with Dash (the factory calls this once per app)."""
    guarded_callback(
        Output(ids.BEHEER_USERS, "children"),
        Output(ids.BEHEER_AUDIT, "children"),
        Output(ids.BEHEER_USER, "options"),
        Input(ids.URL, "pathname"),
        Input(ids.BEHEER_ACTION_DONE, "data"),
    )(show_beheer)
    guarded_callback(
        Output(ids.BEHEER_ACTION_MESSAGE, "children"),
        Output(ids.BEHEER_ACTION_DONE, "data"),
        Output(ids.BEHEER_ADD_PASSWORD, "value"),
        Output(ids.BEHEER_NEW_PASSWORD, "value"),
        *(Input(button, "submit_n_clicks" if button == ids.BEHEER_REMOVE else "n_clicks") for button in CHANGES),
        State(ids.BEHEER_ACTION_DONE, "data"),
        State(ids.BEHEER_ADD_NAME, "value"),
        State(ids.BEHEER_ADD_ROLE, "value"),
        State(ids.BEHEER_ADD_PASSWORD, "value"),
        State(ids.BEHEER_USER, "value"),
        State(ids.BEHEER_NEW_ROLE, "value"),
        State(ids.BEHEER_NEW_PASSWORD, "value"),
        prevent_initial_call=True,
    )(change_user)
