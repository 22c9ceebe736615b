"""The navigation bar: the pages this user may open, in the programme's order, and the signed-in user."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from dashboard import ids
from dashboard.auth import access
from dashboard.auth.programme_access import allowed_programmes
from dashboard.auth.web import current_role

# The pages of the dashboard in menu order (the registered ones this user's role allows are shown).
MENU = ("Overzicht", "Tijdlijn", "Kaart", "CMO's", "Evaluaties", "Trajecten", "Import", "Beheer")


def _user_menu() -> list:
    """Who is signed in, and a sign-out button (a POST with the session's form token)."""
    if not current_user.is_authenticated:
        return []
    demo = " · demo" if current_user.demo else ""
    return [
        html.Span(f"{current_user.name} ({current_user.role.value}{demo})", className="navbar-text ms-3 me-2"),
        html.Form([
            dcc.Input(type="hidden", name="csrf_token", value=generate_csrf(), id="signout-token"),
            html.Button("Uitloggen", type="submit", className="btn btn-sm btn-outline-light"),
        ], method="POST", action=dash.get_relative_path("/uitloggen"), className="d-inline"),
    ]


def menu_pages() -> list[tuple[str, str]]:
    """The registered pages the signed-in user may open (their role; Beheer only when they see every programme), in
    menu order: (name, path with the prefix)."""
    registered = {page["name"]: page for page in dash.page_registry.values()}
    role, limited = current_role(), allowed_programmes() is not None
    return [(name, registered[name]["relative_path"]) for name in MENU
            if name in registered and access.allows(role, access.page_role(registered[name]["path"]))
            and not (limited and access.needs_every_programme(registered[name]["path"]))]


def navbar() -> dbc.Navbar:
    """Build the navbar from ``dash.page_registry`` and the signed-in user's role."""
    items = [dbc.NavItem(dbc.NavLink(name, href=path, active="exact", id={"type": ids.NAV_LINK, "path": path}))
             for name, path in menu_pages()]
    return dbc.Navbar(
        dbc.Container([
            dbc.NavbarBrand("AVI 130 monitor", href=dash.get_relative_path("/")),
            dbc.Nav(items, navbar=True, className="ms-auto"),
            *_user_menu(),
        ], fluid=True),
        color="dark", dark=True, className="mb-3 avi-navbar", expand="md",
    )
