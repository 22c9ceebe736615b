"""The navigation bar: the registered pages, in the programme's order, plus those still to come."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import ids

# The pages of the dashboard in menu order; those not registered yet are shown as coming.
MENU = ("Overzicht", "Tijdlijn", "Kaart", "CMO's", "Evaluaties", "Trajecten")


def navbar() -> dbc.Navbar:
    """Build the navbar from ``dash.page_registry``."""
    registered = {page["name"]: page for page in dash.page_registry.values()}
    items = []
    for name in MENU:
        page = registered.get(name)
        if page is None:
            items.append(dbc.NavItem(html.Span(
                [name, html.Small(" (volgt)")], title=f"{name}: volgt binnenkort",
                className="nav-link disabled nav-coming", **{"aria-disabled": "true"},
            )))
        else:
            path = page["relative_path"]
            items.append(dbc.NavItem(dbc.NavLink(name, href=path, active="exact",
                                                 id={"type": ids.NAV_LINK, "path": path})))
    return dbc.Navbar(
        dbc.Container([
            dbc.NavbarBrand("AVI 130 monitor", href=dash.get_relative_path("/")),
            dbc.Nav(items, navbar=True, className="ms-auto"),
        ], fluid=True),
        color="dark", dark=True, className="mb-3 avi-navbar", expand="md",
    )
