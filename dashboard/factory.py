"""The app factory: settings, database, theme and pages wired into one Dash app."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import dash
import flask_bootstrap
from flask import Blueprint

from dashboard.routes.api import api
from dashboard.auth.web import init_auth
from dashboard.callback_cache import init_cache
from dashboard.callbacks import downloads, evaluaties, kaart, overzicht, shell as shell_callbacks, tijdlijn, trajecten
from dashboard.callbacks import beheer, cmos, notes, programmas
from dashboard.components.shell import shell
from dashboard.config import Settings, load_settings
from dashboard.data.schema import db
from dashboard.data.sources.loader import load_demo
from dashboard.routes.public import register_public
from dashboard.callbacks import compare, drill_down, importeren, recovery
from dashboard.errors import callback_error, register_error_pages
from dashboard.routes.import_files import register_import_routes
from dashboard.routes.sign_in import register_sign_in

PACKAGE_DIR = Path(__file__).resolve().parent
ASSETS_DIR = db.PROJECT_ROOT / "assets"
BOOTSWATCH_DIR = Path(flask_bootstrap.__file__).parent / "static" / "bootstrap5" / "css" / "bootswatch"
# recovery: after an outage, pages fetch again what they could not get.
CALLBACK_MODULES = (shell_callbacks, overzicht, tijdlijn, notes, kaart, evaluaties, cmos, trajecten, beheer,
                    importeren, recovery, downloads, drill_down, compare, programmas)

log = logging.getLogger(__name__)


def prepare_database(settings: Settings) -> None:
    """Create and fill the embedded SQLite database when absent; otherwise bring its schema up to date."""
    engine = db.make_engine(settings.database_url)
    try:
        path = db.sqlite_path(settings.database_url)
        if settings.load_demo_if_new and path is not None and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            log.info("Nieuwe database %s: de AVI 130-reconstructie wordt geladen", path)
            load_demo(engine)
        else:
            db.upgrade(engine)
    except Exception:  # the app still starts and shows the outage to its users
        log.exception("De database kon niet worden voorbereid")
    finally:
        engine.dispose()


def _theme_blueprint(theme: str) -> Blueprint:
    """Serve the Bootswatch theme's CSS from the installed package, not from a CDN."""
    return Blueprint("theme", __name__, static_folder=str(BOOTSWATCH_DIR / theme), static_url_path="/vendor/theme")


def create_app(config: dict[str, Any] | None = None) -> dash.Dash:
    """Build the Dash app; ``config`` overrides settings (tests pass a temporary ``database_url``)."""
    settings = load_settings(config)
    prepare_database(settings)
    prefix = settings.url_base_pathname
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(PACKAGE_DIR / "pages"),
        assets_folder=str(ASSETS_DIR),
        url_base_pathname=prefix,
        external_stylesheets=[f"{prefix}vendor/theme/bootstrap.min.css"],
        suppress_callback_exceptions=True,
        title="AVI 130 monitor",
        update_title=None,
        eager_loading=True,  # load plotly.js with the page, not after the first graph mounts (about 1 s earlier)
        on_error=callback_error,  # a failing callback keeps its outputs and shows a Dutch banner, no traceback
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.server.register_blueprint(_theme_blueprint(settings.theme), url_prefix=prefix.rstrip("/"))
    app.server.config["DASHBOARD_SETTINGS"] = settings
    app.server.register_blueprint(api, url_prefix=f"{prefix.rstrip('/')}/api/v1")
    db.init_app(app.server, settings.database_url)
    register_public(app.server, settings)
    init_cache(app.server, settings)
    init_auth(app, settings)
    register_sign_in(app.server, settings)
    register_import_routes(app.server, prefix)
    register_error_pages(app.server)
    app.index_string = app.index_string.replace("<html>", '<html lang="nl">')
    app.layout = shell
    for module in CALLBACK_MODULES:
        module.register()
    return app
