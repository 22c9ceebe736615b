"""Friendly Dutch messages for when data cannot be shown."""

import dash_bootstrap_components as dbc
from dash import html
from flask import has_request_context

from dashboard.callback_cache import mark_uncacheable

DATABASE_UNAVAILABLE = (
    "De database is op dit moment niet bereikbaar. De cijfers worden getoond zodra de verbinding terug is; "
    "probeer het over een ogenblik opnieuw."
)


def database_unavailable() -> dbc.Alert:
    """An alert saying that the database cannot be reached (an answer the callback cache does not keep)."""
    if has_request_context():
        mark_uncacheable()
    return dbc.Alert([html.Strong("Geen gegevens. "), DATABASE_UNAVAILABLE], color="warning", className="mb-3")


def empty_state(message: str) -> html.P:
    """A calm line of text where there is nothing to show."""
    return html.P(message, className="empty-state text-muted")
