"""Recovery after an outage: when the database banner clears, every page fetches its data again.

During an outage the pages keep what they showed and the live check stores
no new data version; once the database is back the version is unchanged, so
``assets/recovery.js`` stores it anew (with a ``hersteld`` time stamp) and the
pages' callbacks run again.
"""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State

from dashboard import ids


def register() -> None:
    """Register the recovery callback with Dash (the factory calls this once per app)."""
    dash.clientside_callback(
        ClientsideFunction(namespace="herstel", function_name="naStoring"),
        Output(ids.DATA_VERSION, "data", allow_duplicate=True),
        Input(ids.DB_BANNER, "children"),
        State(ids.DATA_VERSION, "data"),
        prevent_initial_call=True,
    )
