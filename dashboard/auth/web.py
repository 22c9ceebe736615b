"""Sessions, the role guard on every request, rate limits and security headers (the sign-in and sign-out pages
themselves are routes: ``routes.sign_in``).

Every request passes ``guard``: public routes (the thermometer, sign-in) are
open; everything else needs a signed-in user (session cookie, HTTP Basic on
``/api/v1/...``, or, when switched on, a trusted reverse-proxy header), and
pages and callback outputs reserved for projectleiding need that role. Dash
callbacks are checked on the server by their output ids (``access.py``), so
hiding a link is never the only protection.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from pathlib import Path
from urllib.parse import urlparse

import dash
from flask import (
    Response,
    current_app,
    g,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    request,
    session,
)
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from wtforms import ValidationError

from dashboard import view_state
from dashboard.auth import access
from dashboard.auth.programme_access import allowed_programmes
from dashboard.config import Settings
from dashboard.data.editing import users
from dashboard.data.queries import programmes
from dashboard.data.schema import db
from dashboard.data.schema.models import Role

SECRET_FILE = db.PROJECT_ROOT / "data" / "secret_key"
SESSION_STARTED = "aangemeld_om"
SESSION_ROLE = "rol"
SESSION_DEMO = "demo"
SESSION_PROGRAMMES = "programmas"
DEMO_USERS = (("stuurgroep-demo", Role.STUURGROEP), ("projectleiding-demo", Role.PROJECTLEIDING))
DEMO_PASSWORD = "demo-wachtwoord"
BOOTSTRAP_USER = "beheer"
# Dash's renderer sends the value of this cookie in this header with every callback request.
CSRF_COOKIE, CSRF_HEADER = "_csrf_token", "X-CSRFToken"

log = logging.getLogger(__name__)
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, storage_uri="memory://", default_limits=[],
                  headers_enabled=True)


class SignedInUser(UserMixin):
    """The user of the current request: a name, a role, whether it is a demo account, and the programmes (slugs)
    they may see (None: every programme)."""

    def __init__(self, name: str, role: Role, demo: bool = False, via: str = "sessie",
                 programmes: frozenset[str] | None = None):
        self.name, self.role, self.demo, self.via, self.programmes = name, role, demo, via, programmes

    def get_id(self) -> str:
        """The session key of this user: their name."""
        return self.name


def signed_in(session, user) -> SignedInUser:
    """The signed-in user for the database's ``user``, with the programmes they may see (read in ``session``)."""
    return SignedInUser(user.name, user.role, user.demo, programmes=users.user_programmes(session, user.id))


def remember(user: SignedInUser) -> None:
    """Keep what the session needs while the database is away: the user's role, demo mark and programmes."""
    session[SESSION_ROLE], session[SESSION_DEMO] = user.role.value, user.demo
    session[SESSION_PROGRAMMES] = None if user.programmes is None else sorted(user.programmes)


def current_role() -> Role | None:
    """The role of the signed-in user of this request, or None: what they may open and change."""
    return current_user.role if current_user and current_user.is_authenticated else None


def shown_role() -> Role | None:
    """The role whose view this request shows: a presentation (``weergave=presentatie``) shows only aggregates,
    as for the stuurgroep, whoever is signed in; otherwise the signed-in user's role. Reserved sections, outputs
    and the small-number rule follow it, so a projector shows nothing reserved, not even hidden in the page."""
    role = current_role()
    return Role.STUURGROEP if role is not None and presenting() else role


def presenting() -> bool:
    """Tell whether this request belongs to a page in presentation mode: the page's own query string, or the one
    a Dash callback request carries from the URL bar (kept for the rest of the request)."""
    if not has_request_context():
        return False
    if "presenting" not in g:
        body = request.get_json(silent=True) if request.is_json else None
        found = list(access.searches(body)) if isinstance(body, dict) else []
        found += ["?" + request.query_string.decode("latin-1")] if request.query_string else []
        g.presenting = any(view_state.parse(search).presenting for search in found)
    return g.presenting


def app_settings() -> Settings:
    """The settings of the running app."""
    return current_app.config["DASHBOARD_SETTINGS"]


def _relative(path: str) -> str:
    """``path`` without the app's URL prefix."""
    prefix = app_settings().url_base_pathname
    return "/" + path[len(prefix):] if path.startswith(prefix) else path


@login_manager.user_loader
def _load_from_session(name: str) -> SignedInUser | None:
    """The user of a session, unless the session has expired or the user was removed."""
    started = session.get(SESSION_STARTED)
    limit = dt.timedelta(minutes=app_settings().session_minutes)
    if started is None or dt.datetime.now(dt.timezone.utc) - dt.datetime.fromisoformat(started) > limit:
        return None
    try:
        with db.read_session() as s:
            found = users.user_and_programmes(s, name)
            if found is None or found[0].disabled:
                return None
            user, programmes_seen = found
            return SignedInUser(user.name, user.role, user.demo, programmes=programmes_seen)
    except SQLAlchemyError:
        # While the database is away, the session keeps its role, so pages can show the outage banner.
        kept = session.get(SESSION_PROGRAMMES)
        return SignedInUser(name, Role(session[SESSION_ROLE]), session.get(SESSION_DEMO, False),
                            programmes=None if kept is None else frozenset(kept))


@login_manager.request_loader
def _load_from_request(req) -> SignedInUser | None:
    """HTTP Basic credentials on the API, or (when switched on) the reverse proxy's user and role headers."""
    settings = app_settings()
    if settings.trust_proxy_headers and req.headers.get(settings.proxy_user_header):
        try:
            role = Role(req.headers.get(settings.proxy_role_header, "").strip().lower())
        except ValueError:
            return None
        listed = {slug.strip() for slug in req.headers.get(settings.proxy_programmes_header, "").split(",")}
        return SignedInUser(req.headers[settings.proxy_user_header], role, via="proxy",
                            programmes=frozenset(listed - {""}) or None)
    basic = req.authorization
    if basic is None or basic.type != "basic" or not _relative(req.path).startswith("/api/"):
        return None
    with db.session_scope(current_app.extensions[db.EXTENSION_KEY]) as s:
        user = users.verify(s, basic.username or "", basic.password or "")
        if user is None:
            users.record(s, basic.username or "?", "inloggen_mislukt", "HTTP Basic", req.remote_addr or "")
            return None
        signed = signed_in(s, user)
        signed.via = "basic"
        return signed


def refuse(status: int, message: str) -> Response:
    """A Dutch refusal: JSON for API and callback requests, a small page otherwise."""
    path = _relative(request.path)
    if path.startswith("/api/") or path.startswith("/_dash"):
        response = jsonify(error=message)
        response.status_code = status
        if status == 401 and path.startswith("/api/"):
            response.headers["WWW-Authenticate"] = 'Basic realm="AVI 130 monitor", charset="UTF-8"'
        return response
    from dashboard.components.navbar import menu_pages  # here: the navbar imports this module

    return Response(render_template("auth/melding.html", title="Geen toegang", message=message,
                                    prefix=app_settings().url_base_pathname,
                                    menu=menu_pages() if current_role() else []), status=status)


def guard() -> Response | None:
    """Before every request: let public routes through; demand sign-in and the right role for the rest."""
    path = _relative(request.path)
    if access.is_public(path):
        return None
    if request.method == "POST" and path.startswith("/_dash"):
        origin = request.headers.get("Origin")
        if origin and urlparse(origin).netloc != request.host:
            return refuse(403, "Verzoek van een andere website geweigerd.")
    role = current_role()
    if role is None:
        if path.startswith("/api/") or path.startswith("/_dash"):
            return refuse(401, "Log in om deze gegevens te zien.")
        target = request.full_path if request.query_string else request.path
        return redirect(f"{app_settings().url_base_pathname}inloggen?volgende={target}")
    body = request.get_json(silent=True) if path == "/_dash-update-component" else None
    if path == "/_dash-update-component":
        allowed = access.callback_allowed(body or {}, app_settings().url_base_pathname, role)
    else:
        allowed = access.allows(role, access.page_role(path))
    if not allowed:
        return refuse(403, "Deze gegevens zijn alleen voor de projectleiding.")
    refused = _programme_refusal(path, body)
    if refused:
        return refuse(403, refused)
    if isinstance(body, dict) and access.changes_something(body) and not _csrf_header_valid():
        return refuse(403, "Het formulier is verlopen of komt niet van deze website; laad de pagina opnieuw.")
    return None


def _programme_refusal(path: str, body: dict | None) -> str | None:
    """Why a user limited to some programmes may not make this request (Dutch), or None: Beheer is for users who
    see every programme (they could otherwise give themselves every programme), and a user none of whose
    programmes the database holds sees nothing."""
    allowed = allowed_programmes()
    if allowed is None:
        return None
    every = (access.callback_needs_every_programme(body, app_settings().url_base_pathname) if body is not None
             else access.needs_every_programme(path))
    if every:
        return "Beheer is alleen voor gebruikers met toegang tot alle programma's."
    try:
        with db.read_session() as s:
            if not programmes.visible(s, allowed):
                return "U heeft geen toegang tot een programma in deze database."
    except SQLAlchemyError:
        return None  # the page reports the outage itself
    return None


def _csrf_header_valid() -> bool:
    """Whether the request carries the session's CSRF token in ``X-CSRFToken`` (Dash's renderer sends it from
    the ``_csrf_token`` cookie, which only pages of this site can read)."""
    try:
        validate_csrf(request.headers.get(CSRF_HEADER))
    except ValidationError:
        return False
    return True


def _csrf_cookie(response: Response) -> Response:
    """After a request: give a signed-in user's pages the session's CSRF token in a cookie (not HttpOnly, so
    Dash's renderer can read it and send it back; SameSite=Strict, so no other site's request carries it)."""
    if (request.method == "GET" and response.mimetype == "text/html" and current_role() is not None
            and not access.is_public(_relative(request.path))):
        response.set_cookie(CSRF_COOKIE, generate_csrf(), samesite="Strict", secure=app_settings().production,
                            httponly=False, path=app_settings().url_base_pathname)
    return response


def _content_security_policy(app: dash.Dash) -> str:
    """A CSP that lets Dash run without 'unsafe-inline' scripts: its own inline scripts go by hash."""
    hashes = " ".join(app.csp_hashes())
    return ("default-src 'self'; "
            f"script-src 'self' {hashes}; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
            "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'")


SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


def _security_headers(app: dash.Dash):
    """After every request (pages, API, public routes, static files, errors, redirects): no sniffing and a
    strict referrer policy; the app's CSP on everything but the public thermometer, which sets its own."""
    policy: list[str] = []

    def apply(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        if access.is_public(_relative(request.path)) and request.blueprint == "public":
            return response
        if not policy:
            policy.append(_content_security_policy(app))
        response.headers["Content-Security-Policy"] = policy[0]
        return response

    return apply


def secret_key(settings: Settings) -> str:
    """The session key: from the settings (environment or file), else a random key kept in ``data/``."""
    if settings.secret_key:
        return settings.secret_key
    try:
        descriptor = os.open(SECRET_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return Path(SECRET_FILE).read_text(encoding="utf-8").strip()
    key = secrets.token_hex(32)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


def ensure_first_users(settings: Settings, sessions) -> None:
    """Development: demo users, clearly marked. Production: no default password; a one-time one if empty."""
    try:
        with db.session_scope(sessions) as s:
            if not settings.production:
                for name, role in DEMO_USERS:
                    if users.get_user(s, name) is None:
                        users.add_user(s, name, role, DEMO_PASSWORD, demo=True, actor="ontwikkelmodus")
                return
            if users.count_users(s) > 0:
                return
            password = users.one_time_password()
            users.add_user(s, BOOTSTRAP_USER, Role.PROJECTLEIDING, password, actor="eerste start")
        log.warning("Eerste start: gebruiker '%s' (projectleiding) aangemaakt met eenmalig wachtwoord %s — "
                    "wijzig het met 'python -m dashboard user set-password %s'.", BOOTSTRAP_USER, password,
                    BOOTSTRAP_USER)
    except (SQLAlchemyError, IntegrityError):  # another worker was first, or the database is down
        log.info("Geen eerste gebruikers aangemaakt (al aanwezig of database niet bereikbaar).")


def init_auth(app: dash.Dash, settings: Settings) -> None:
    """Put sign-in, sessions, the guard, rate limits and security headers on ``app``."""
    server = app.server
    server.config.update(
        SECRET_KEY=secret_key(settings),
        SESSION_COOKIE_NAME="avi130_sessie",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.production,
        REMEMBER_COOKIE_SECURE=settings.production,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(minutes=settings.session_minutes),
        # Parallel Dash requests would otherwise write back stale copies of the session cookie.
        SESSION_REFRESH_EACH_REQUEST=False,
        WTF_CSRF_TIME_LIMIT=None,
    )
    login_manager.init_app(server)
    limiter.init_app(server)
    server.register_error_handler(CSRFError, lambda error: refuse(400, "Het formulier is verlopen."))
    server.before_request(guard)
    server.after_request(_security_headers(app))
    server.after_request(_csrf_cookie)
    ensure_first_users(settings, server.extensions[db.EXTENSION_KEY])
