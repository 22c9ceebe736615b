"""What a role may use: page layouts for projectleiding only, and controls shown only to roles that can use them.

The request guard and ``guarded_callback`` enforce the roles on the server; these helpers keep the pages
from offering a role links, buttons and sections that would only lead to a refusal.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import dash
from dash import dcc, html

from dashboard.auth import access
from dashboard.auth.web import shown_role
from dashboard.view_state import ViewState, to_search, with_changes

TRAJECTEN = "/trajecten"


def no_access() -> html.Div:
    """What someone without the right role sees instead of the page."""
    return html.Div([html.H1("Geen toegang", className="page-title"),
                     html.P("Deze pagina is alleen voor de projectleiding.")])


def may_open(path: str) -> bool:
    """Tell whether the signed-in user may open the page at ``path``."""
    return access.allows(shown_role(), access.page_role(path))


def may_receive(component_id: str) -> bool:
    """Tell whether the signed-in user may receive callback output ``component_id`` (and so use its section)."""
    return access.allows(shown_role(), access.output_role(component_id))


def reserved_section(component_id: str, build: Callable[[], html.Section], *filled: str):
    """The section ``component_id`` for a role that may receive it; for other roles only hidden, empty slots for
    the outputs ``filled`` that the page's shared callback still answers (with a notice), so nothing shows."""
    if may_receive(component_id):
        return build()
    return html.Div([html.Div(id=slot) for slot in filled], id=component_id, hidden=True)


def restricted(path: str) -> Callable:
    """Decorate a page layout so that it renders only for roles that may open ``path``."""
    def wrap(layout: Callable) -> Callable:
        @functools.wraps(layout)
        def guarded(**query):
            if not may_open(path):
                return no_access()
            return layout(**query)
        return guarded
    return wrap


def trajectory_link(nr: int, state: ViewState, css: str | None = None) -> dcc.Link | html.Span:
    """'Traject 12' linking to it on the Trajecten page (keeping the shared state), or plain text for a role
    that may not open that page."""
    if not may_open(TRAJECTEN):
        return html.Span(f"Traject {nr}")
    return dcc.Link(f"Traject {nr}", href=dash.get_relative_path(TRAJECTEN)
                    + to_search(with_changes(state, trajectory=int(nr))), className=css)
