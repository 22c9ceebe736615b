"""Signing in and out: the Dutch sign-in page (``/inloggen``, and ``/login`` on to it), signing out
(``/uitloggen``), and Dutch pages for redirects and for too many attempts.

Sessions, the guard on every request and the roles are in ``auth.web``; ``register_sign_in`` puts these routes
on the server after ``auth.web.init_auth``.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from flask import Blueprint, Flask, Response, current_app, redirect, render_template, request, session
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf, validate_csrf
from sqlalchemy.exc import SQLAlchemyError
from wtforms import ValidationError

from dashboard.auth.web import (
    DEMO_PASSWORD,
    DEMO_USERS,
    SESSION_STARTED,
    app_settings,
    limiter,
    refuse,
    remember,
    signed_in,
)
from dashboard.config import Settings
from dashboard.data.editing import users
from dashboard.data.schema import db

DATABASE_DOWN = "De database is op dit moment niet bereikbaar; inloggen lukt even niet. Probeer het later opnieuw."
sign_in_pages = Blueprint("auth", __name__, template_folder="templates")


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: only a path inside this app."""
    prefix = app_settings().url_base_pathname
    if target and target.startswith(prefix) and not target.startswith("//") and "\\" not in target:
        return target
    return prefix


@sign_in_pages.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(lambda: app_settings().login_rate_limit, methods=["POST"])
def sign_in():
    """The Dutch sign-in page; a successful sign-in starts a session that expires."""
    settings = app_settings()
    error = ""
    if request.method == "POST":
        name = request.form.get("naam", "").strip()
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            error = "Het formulier is verlopen; probeer het opnieuw."
        else:
            try:
                with db.session_scope(current_app.extensions[db.EXTENSION_KEY]) as s:
                    user = users.verify(s, name, request.form.get("wachtwoord", ""))
                    address = request.remote_addr or ""
                    users.record(s, name or "?", "ingelogd" if user else "inloggen_mislukt", "", address)
                    signed = signed_in(s, user) if user else None
            except SQLAlchemyError:
                return render_template("auth/inloggen.html", error=DATABASE_DOWN, csrf_token=generate_csrf(),
                                       prefix=settings.url_base_pathname, demo=False), 503
            if signed is not None:
                session.clear()
                session.permanent = True
                session[SESSION_STARTED] = dt.datetime.now(dt.timezone.utc).isoformat()
                remember(signed)
                login_user(signed)
                generate_csrf()  # the session's form token exists from the start, for the sign-out form
                return redirect(_safe_next(request.args.get("volgende")))
            error = "Onbekende naam of verkeerd wachtwoord."
    return render_template("auth/inloggen.html", error=error, csrf_token=generate_csrf(),
                           prefix=settings.url_base_pathname, demo=not settings.production,
                           demo_users=DEMO_USERS, demo_password=DEMO_PASSWORD), 401 if error else 200


@sign_in_pages.get("/login")
def english_sign_in():
    """The English address people try first: on to the Dutch sign-in page."""
    return redirect(f"{app_settings().url_base_pathname}inloggen")


REDIRECT_PAGE = ('<!doctype html>\n<html lang="nl"><head><meta charset="utf-8"><title>Doorsturen – AVI 130 monitor'
                 '</title></head><body><p>U wordt doorgestuurd naar <a href="{0}">{0}</a>.</p></body></html>')


def _dutch_redirect(response: Response) -> Response:
    """After a request: a redirect's page (seen only by clients that do not follow it) in Dutch."""
    if 300 <= response.status_code < 400 and response.location and response.mimetype == "text/html":
        response.set_data(REDIRECT_PAGE.format(escape(response.location)))
    return response


@sign_in_pages.route("/uitloggen", methods=["GET", "POST"])
def sign_out():
    """Sign out (POST with the form's token); GET shows the sign-out page."""
    prefix = app_settings().url_base_pathname
    if request.method == "POST":
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            return refuse(400, "Het formulier is verlopen; probeer het opnieuw.")
        if current_user.is_authenticated:
            with db.session_scope(current_app.extensions[db.EXTENSION_KEY]) as s:
                users.record(s, current_user.name, "uitgelogd", "", request.remote_addr or "")
        logout_user()
        session.clear()
        return render_template("auth/melding.html", title="Uitgelogd", message="U bent uitgelogd.",
                               prefix=prefix, sign_in=True)
    return render_template("auth/uitloggen.html", csrf_token=generate_csrf(), prefix=prefix)


def _too_many(_error) -> Response:
    """Answer a rate-limited sign-in in Dutch."""
    return refuse(429, "Te veel inlogpogingen; wacht een minuut en probeer het opnieuw.")


def register_sign_in(server: Flask, settings: Settings) -> None:
    """Put the sign-in and sign-out routes, the Dutch redirect page and the rate limit's answer on ``server``."""
    server.register_blueprint(sign_in_pages, url_prefix=settings.url_base_pathname.rstrip("/"))
    server.register_error_handler(429, _too_many)
    server.after_request(_dutch_redirect)
