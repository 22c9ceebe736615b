"""Notes on the Tijdlijn: the list for every role, and writing, changing and deleting them for projectleiding.

Every change goes through ``dashboard.data.editing.notes`` (checks, one audit line, a new data version) in one write
transaction. The changing callback's outputs start with ``notities-action-`` and ``notities-form-``: the request
guard refuses it outright for other roles and demands the session's CSRF token (``auth.web``).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update
from flask import request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from dashboard import formatting, ids
from dashboard.auth.callbacks import guarded_callback
from dashboard.components.alerts import database_unavailable
from dashboard.components.restricted import may_receive
from dashboard.data.editing import notes
from dashboard.data.schema.db import app_engine, read_session, write_session
from dashboard.data.queries import notes as note_queries, summary
from dashboard.data.queries.options import filter_choices
from dashboard.figures.timeline import note_subjects
from dashboard.programme_choice import scoped
from dashboard.view_state import ViewState, parse

EMPTY = "Nog geen notities tot deze datum."


def window_notes(session, state: ViewState):
    """The notes the Tijdlijn shows for the (scoped) state: from the programme's start up to the chosen date."""
    return note_queries.notes(session, summary.programme_info(session, state.programme).starts_on, state.date(),
                              state.filters)


def _controls(note_id: int, day: str) -> list:
    """The edit and delete buttons of one note (delete after a confirmation)."""
    return [html.Button("Bewerken", id={"type": ids.NOTES_EDIT, "note": note_id}, type="button",
                        className="btn btn-sm btn-outline-secondary ms-2", **{"aria-label": f"Notitie van {day} bewerken"}),
            dcc.ConfirmDialogProvider(
                html.Button("Verwijderen", type="button", className="btn btn-sm btn-outline-danger ms-1",
                            **{"aria-label": f"Notitie van {day} verwijderen"}),
                id={"type": ids.NOTES_DELETE, "note": note_id},
                message=f"De notitie van {day} verwijderen? Dat kan niet ongedaan worden gemaakt.")]


def note_list(frame, writable: bool):
    """The notes, numbered as the chart's diamonds: date, subject, text and author; with buttons when writable."""
    if frame.empty:
        return html.P(EMPTY, className="text-muted")
    items = []
    for note_id, day, text, about, author in zip(frame["id"], frame["noted_on"], frame["text"],
                                                 note_subjects(frame), frame["author"]):
        when = formatting.date(day)
        items.append(html.Li([html.Strong(when), f" ({about or 'programma'}): {text} ",
                              html.Span(f"– {author}", className="text-muted small"),
                              html.Span(_controls(int(note_id), when), className="d-inline-flex screen-only")
                              if writable else None], className="mb-1"))
    return html.Ol(items, className="note-list")


def show_notes(search: str | None, _done, _version):
    """List the notes up to the chosen date, for the filters."""
    try:
        with read_session() as session:
            frame = window_notes(session, scoped(session, parse(search)))
    except SQLAlchemyError:
        return database_unavailable()
    return note_list(frame, may_receive(ids.NOTES_FORM))


def target_options(scope: str | None):
    """The organisations or provinces a note can be about (none for the programme)."""
    if scope not in ("organisation", "province"):
        return [], True
    with read_session() as session:
        names = filter_choices(session)[scope]
    return [{"label": name, "value": name} for name in names], False


def _edit(note_id: int, search: str | None):
    """Fill the form with a note of the programme shown to change it."""
    with read_session() as session:
        found = note_queries.note_values(session, note_id, scoped(session, parse(search)).filters)
    if found is None:
        return (dbc.Alert("Deze notitie bestaat niet (meer).", color="danger", className="mt-2"), no_update, None,
                no_update, no_update, no_update, no_update)
    return (dbc.Alert(f"U wijzigt de notitie van {formatting.date(found['noted_on'])}; kies 'Opslaan'.",
                      color="info", className="mt-2"), no_update, note_id,
            found["noted_on"].strftime("%d-%m-%Y"), found["text"], found["scope"], found["target"])


def _write(triggered, form: dict, search: str | None) -> str:
    """Save the form (a new note, or the one being changed) or delete a note, on the programme shown; say in
    Dutch what happened."""
    actor, address = current_user.name, request.remote_addr or ""
    with write_session(app_engine()) as session:
        on = {"actor": actor, "address": address, "programme": scoped(session, parse(search)).programme}
        if isinstance(triggered, dict):
            notes.delete_note(session, triggered["note"], **on)
            return "De notitie is verwijderd."
        values = (form["date"], form["text"], form["scope"], form["target"])
        if form["editing"] is not None:
            notes.edit_note(session, form["editing"], *values, **on)
            return "De notitie is gewijzigd."
        notes.add_note(session, *values, **on)
        return "De notitie is opgeslagen."


def change_note(_save, _new, _edits, _deletes, done, *values):
    """Save, start anew, fill in for editing or delete, by what was pressed, on the programme of the page's URL
    (the last value); the form is emptied after a change."""
    *values, search = values
    triggered = ctx.triggered_id
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        return (no_update,) * 7  # a list redrawn with new buttons, nothing pressed
    if triggered == ids.NOTES_NEW:
        return "", no_update, None, "", "", "programme", None
    if isinstance(triggered, dict) and triggered["type"] == ids.NOTES_EDIT:
        return _edit(int(triggered["note"]), search)
    form = dict(zip(("date", "text", "scope", "target", "editing"), values))
    try:
        said = _write(triggered, form, search)
    except notes.NoteError as refusal:
        return (dbc.Alert(str(refusal), color="danger", className="mt-2"),) + (no_update,) * 6
    except SQLAlchemyError:
        return (database_unavailable(),) + (no_update,) * 6
    return dbc.Alert(said, color="success", className="mt-2"), (done or 0) + 1, None, "", "", no_update, no_update


def register() -> None:
    """Register the notes' callbacks with Dash (the factory calls this once per app)."""
    guarded_callback(
        Output(ids.TIJDLIJN_NOTES, "children"),
        Input(ids.URL, "search"),
        Input(ids.NOTES_DONE, "data"),
        Input(ids.DATA_VERSION, "data"),
    )(show_notes)
    guarded_callback(
        Output(ids.NOTES_TARGET, "options"),
        Output(ids.NOTES_TARGET, "disabled"),
        Input(ids.NOTES_SCOPE, "value"),
    )(target_options)
    guarded_callback(
        Output(ids.NOTES_MESSAGE, "children"),
        Output(ids.NOTES_DONE, "data"),
        Output(ids.NOTES_EDITING, "data"),
        Output(ids.NOTES_DATE, "value"),
        Output(ids.NOTES_TEXT, "value"),
        Output(ids.NOTES_SCOPE, "value"),
        Output(ids.NOTES_TARGET, "value"),
        Input(ids.NOTES_SAVE, "n_clicks"),
        Input(ids.NOTES_NEW, "n_clicks"),
        Input({"type": ids.NOTES_EDIT, "note": ALL}, "n_clicks"),
        Input({"type": ids.NOTES_DELETE, "note": ALL}, "submit_n_clicks"),
        State(ids.NOTES_DONE, "data"),
        State(ids.NOTES_DATE, "value"),
        State(ids.NOTES_TEXT, "value"),
        State(ids.NOTES_SCOPE, "value"),
        State(ids.NOTES_TARGET, "value"),
        State(ids.NOTES_EDITING, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(change_note)
