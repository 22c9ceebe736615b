"""Beheer: the users and the audit log, for projectleiding only."""

import dash
from dash import html

from dashboard import ids
from dashboard.components.restricted import restricted

dash.register_page(__name__, path="/beheer", name="Beheer", title="Beheer – AVI 130 monitor", order=9)


@restricted("/beheer")
def layout(**_query: str) -> html.Div:
    """The Beheer page; users and audit lines are filled in by ``callbacks.beheer``."""
    return html.Div([
        html.H1("Beheer", className="page-title"),
        html.P("Gebruikers beheert u met 'python -m dashboard user add/list/remove/set-password'.",
               className="text-muted"),
        html.H2("Gebruikers", className="h4"),
        html.Div(id=ids.BEHEER_USERS),
        html.H2("Auditlog", className="h4 mt-4"),
        html.P("Inloggen, mislukte pogingen, imports en wijzigingen aan gebruikers; de nieuwste eerst.",
               className="text-muted"),
        html.Div(id=ids.BEHEER_AUDIT),
    ])
