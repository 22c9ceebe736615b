"""The frame around every page: navbar, shared controls, live status, banner and the page itself."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from flask import current_app

from dashboard import ids
from dashboard.components.filter_bar import filter_bar
from dashboard.components.navbar import navbar


def shell() -> html.Div:
    """Build the app layout for one request (settings come from the running app)."""
    settings = current_app.config["DASHBOARD_SETTINGS"]
    return html.Div([
        dcc.Location(id=ids.URL, refresh="callback-nav"),
        dcc.Store(id=ids.DATA_VERSION),
        dcc.Interval(id=ids.LIVE_INTERVAL, interval=settings.live_interval_seconds * 1000),
        dcc.Download(id=ids.DOWNLOAD),
        html.A("Naar de inhoud", href="#inhoud", className="visually-hidden-focusable skip-link"),
        html.Header(navbar(), className="screen-only"),
        dbc.Container([
            html.Div(filter_bar(), className="screen-only"),
            html.Div(id=ids.DB_BANNER, role="alert"),
            html.Main([html.P(id=ids.STATE_SUMMARY, className="state-summary"), dash.page_container], id="inhoud"),
        ], fluid=True, className="page"),
        # assets/presentation.js shows each page of a presentation this many seconds
    ], id=ids.ROOT, **{"data-presentation-seconds": str(settings.presentation_seconds)})
