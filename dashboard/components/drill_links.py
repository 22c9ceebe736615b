"""The keyboard's way to what a click on a chart opens: links to the trajectories behind its bars."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
from dash import dcc, html

from dashboard.components.restricted import TRAJECTEN, may_open
from dashboard.view_state import parse, to_search, with_changes


def drill_links(query: dict[str, str], links: list[tuple[str, dict]]) -> html.Details | None:
    """A closed "Trajecten achter deze grafiek" with a link per ``(text, changes)`` to the Trajecten page in the
    page's state (``query``) with those changes; nothing for who may not open that page (the filter bar does
    for them what a click does)."""
    if not may_open(TRAJECTEN):
        return None
    state = with_changes(parse(urlencode(query)), trajectory=None)
    return html.Details([
        html.Summary("Trajecten achter deze grafiek"),
        html.Ul([html.Li(dcc.Link(text, href=dash.get_relative_path("/trajecten")
                                  + to_search(with_changes(state, **changes)))) for text, changes in links],
                className="small mb-0"),
    ], className="drill-links mt-2 screen-only")
