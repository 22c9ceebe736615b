"""A page control whose value lives in the URL (Tijdlijn's period, Kaart's metric), so links keep it."""

from __future__ import annotations

from dash import Input, Output, State, no_update

from dashboard import ids
from dashboard.auth.callbacks import guarded_callback
from dashboard.view_state import parse, to_search, with_changes


def register_url_choice(control_id: str, field: str) -> None:
    """Write the value of ``control_id`` into the URL as the view state's ``field``."""

    def choose(value: str, search: str | None):
        state = parse(search)
        if value == getattr(state, field):
            return no_update
        return to_search(with_changes(state, **{field: value}))

    choose.__doc__ = f"Write the chosen {field} into the URL."
    guarded_callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(control_id, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(choose)
