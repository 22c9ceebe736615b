"""Page layouts for projectleiding only: the layout itself checks the role (besides the request guard)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from dash import html

from dashboard.auth import access
from dashboard.auth.web import current_role


def no_access() -> html.Div:
    """What someone without the right role sees instead of the page."""
    return html.Div([html.H1("Geen toegang", className="page-title"),
                     html.P("Deze pagina is alleen voor de projectleiding.")])


def restricted(path: str) -> Callable:
    """Decorate a page layout so that it renders only for roles that may open ``path``."""
    def wrap(layout: Callable) -> Callable:
        @functools.wraps(layout)
        def guarded(**query):
            if not access.allows(current_role(), access.page_role(path)):
                return no_access()
            return layout(**query)
        return guarded
    return wrap
