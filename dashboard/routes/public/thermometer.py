"""The public thermometer: an embeddable widget, its SVG image and its JSON, on a blueprint of their own.

Routes, under the app's URL prefix:

- ``/embed/thermometer``: an HTML page made for an iframe (no navbar, no login, no
  cookies, no inline scripts); ``?achtergrond=transparant`` and ``?compact=1``
  change its look; a small script under ``/embed/static/`` keeps it up to date.
- ``/embed/thermometer.svg``: the same thermometer as a standalone SVG image.
- ``/api/v1/thermometer``: ``{"received", "target", "state", "updated_at"}`` with CORS.
- ``/embed/ping``: "ok", the trivial route the benchmark measures as the ceiling.

All three accept ``?as_of=YYYY-MM-DD`` (default today) and ``?programme=SLUG`` (default
``DASHBOARD_DEFAULT_PROGRAMME``, else the first; a programme the database does not hold is a 404 in Dutch).
Answers come from a short-lived server-side cache keyed by route, date, options and programme, carry
``Cache-Control: public, max-age=N``, an ``Age`` and an ``ETag`` (304 on a
match), and say in ``Content-Security-Policy: frame-ancestors`` which sites may
embed them (``DASHBOARD_EMBED_ORIGINS``). Every other response of the server
gets ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, Flask, Response, current_app, render_template, request, url_for
from flask_caching import Cache
from sqlalchemy.exc import SQLAlchemyError

from dashboard import formatting
from dashboard.config import Settings
from dashboard.data.queries import programmes
from dashboard.data.schema.db import DatabaseError, read_session
from dashboard.data.queries.thermometer import NoProgramme, State, Thermometer, thermometer
from dashboard.number_words import dutch_words

PUBLIC_BLUEPRINT = "public"
EXTENSION_KEY = "dashboard_public"
CACHE_THRESHOLD = 1000
RETRY_AFTER_SECONDS = 30

STATE_LABELS: dict[State, str] = {"open": "Open", "wachtlijst": "Wachtlijst", "gesloten": "Gesloten"}
STATE_SENTENCES: dict[State, str] = {
    "open": "Aanmelden kan: er is nog ruimte",
    "wachtlijst": "Aanmelden is gesloten; nieuwe aanvragen komen op de wachtlijst",
    "gesloten": "Het programma is afgelopen; aanvragen zijn niet meer mogelijk",
}
# Fill colours of the thermometer; each has at least 4.5:1 contrast with white (text and graphics).
STATE_COLOURS: dict[State, str] = {"open": "#1a7f37", "wachtlijst": "#9a4d00", "gesloten": "#57606a"}

BAD_DATE = "De datum in as_of is ongeldig; gebruik JJJJ-MM-DD, bijvoorbeeld 2006-12-15."
UNAVAILABLE = "De gegevens zijn op dit moment niet beschikbaar. Probeer het later opnieuw."

# One source of a CSP source list: 'self', 'none', *, or a scheme://host[:port], optionally *.host.
ORIGIN_TOKEN = re.compile(r"'self'|'none'|\*|https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?")
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
               "base-uri 'none'; form-action 'none'")
RESOURCE_POLICY = "default-src 'none'"
TRUE_WORDS = frozenset({"1", "ja", "true", "waar"})

WIDGET_ENDPOINT = f"{PUBLIC_BLUEPRINT}.widget"
DATA_ENDPOINT = f"{PUBLIC_BLUEPRINT}.data"

log = logging.getLogger(__name__)

public = Blueprint(PUBLIC_BLUEPRINT, __name__, template_folder="templates", static_folder="static",
                   static_url_path="/embed/static")


class BadAsOf(ValueError):
    """The ``as_of`` parameter is not a date; the message is Dutch."""


@dataclass(frozen=True)
class PublicConfig:
    """The public routes' settings for one Flask app, and the headers they imply."""

    cache: Cache | None
    seconds: int
    poll_seconds: int
    frame_ancestors: tuple[str, ...]
    default_programme: str | None = None

    @property
    def cache_control(self) -> str:
        """The Cache-Control header of a good answer."""
        return f"public, max-age={self.seconds}"

    def policy(self, page: bool) -> str:
        """The Content-Security-Policy of the widget page (``page``) or of the other public answers."""
        return f"{PAGE_POLICY if page else RESOURCE_POLICY}; frame-ancestors {' '.join(self.frame_ancestors)}"

    @property
    def frame_options(self) -> str | None:
        """X-Frame-Options for browsers without frame-ancestors, when it can say the same; else None."""
        return {("'self'",): "SAMEORIGIN", ("'none'",): "DENY"}.get(self.frame_ancestors)


@dataclass(frozen=True)
class CachedBody:
    """A rendered answer as kept in the cache: its bytes, their ETag and when it was rendered."""

    body: bytes
    etag: str
    created: float


@dataclass(frozen=True)
class Options:
    """The look the caller asked for: compact layout and/or transparent background."""

    compact: bool = False
    transparent: bool = False

    def key(self) -> str:
        """A short cache key part for these options."""
        return f"c{int(self.compact)}t{int(self.transparent)}"


@dataclass(frozen=True)
class Gauge:
    """Where the thermometer's fill ends and where the target mark stands, as fractions of the tube."""

    fill: float
    target_at: float


def parse_origins(text: str) -> tuple[str, ...]:
    """Split ``DASHBOARD_EMBED_ORIGINS`` into valid CSP sources; anything else is dropped with a warning."""
    sources: list[str] = []
    for token in text.split():
        source = token.rstrip("/") if "://" in token else token
        if ORIGIN_TOKEN.fullmatch(source):
            sources.append(source)
        else:
            log.warning("DASHBOARD_EMBED_ORIGINS: '%s' is geen geldige herkomst en wordt genegeerd", token)
    if "'none'" in sources:
        return ("'none'",)
    return tuple(dict.fromkeys(sources)) or ("'self'",)


def cors_origin(origin: str | None, sources: tuple[str, ...], own_origin: str) -> str | None:
    """The value of ``Access-Control-Allow-Origin`` for a request from ``origin``, or None to send none."""
    if "*" in sources:
        return "*"
    if not origin:
        return None
    for source in sources:
        if source == "'self'":
            matched = origin == own_origin
        elif "*." in source:
            pattern = re.escape(source).replace(r"\*\.", r"(?:[A-Za-z0-9-]+\.)+")
            matched = re.fullmatch(pattern, origin) is not None
        else:
            matched = origin == source
        if matched:
            return origin
    return None


def gauge(received: int, target: int) -> Gauge:
    """Scale the tube to the larger of target and received, so a count above the target still fits."""
    top = max(target, received, 1)
    return Gauge(received / top, target / top)


def register_public(server: Flask, settings: Settings) -> None:
    """Register the public blueprint, its cache, and the framing policy of every response on ``server``."""
    seconds = max(0, settings.public_cache_seconds)
    cache = None
    if seconds > 0:  # a SimpleCache timeout of 0 would mean "forever"; 0 switches the cache off instead
        cache = Cache(config={"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": seconds,
                              "CACHE_THRESHOLD": CACHE_THRESHOLD})
        cache.init_app(server)
    server.extensions[EXTENSION_KEY] = PublicConfig(
        cache=cache,
        seconds=seconds,
        poll_seconds=max(1, seconds, settings.live_interval_seconds),
        frame_ancestors=parse_origins(settings.embed_origins),
        default_programme=settings.default_programme,
    )
    server.register_blueprint(public, url_prefix=settings.url_base_pathname.rstrip("/"))
    server.after_request(apply_response_policies)


def _config() -> PublicConfig:
    """The public settings of the running app."""
    return current_app.extensions[EXTENSION_KEY]


def _as_of() -> tuple[dt.date, bool]:
    """The ``as_of`` date of the request (today when absent) and whether the caller gave it."""
    text = request.args.get("as_of") if request.query_string else None
    if not text:
        return dt.date.today(), False
    try:
        return dt.date.fromisoformat(text), True
    except ValueError:
        raise BadAsOf(BAD_DATE) from None


def _options(kind: str) -> Options:
    """The look options that matter for ``kind``; unknown values fall back to the default look."""
    if kind == "json" or not request.query_string:
        return Options()
    transparent = request.args.get("achtergrond", "").lower() == "transparant"
    compact = request.args.get("compact", "").lower() in TRUE_WORDS
    return Options(compact=compact and kind == "html", transparent=transparent)


def count_font_size(line: str) -> int:
    """The SVG font size at which a line (the count, the heading; about 0.58 em a character) fits the image's 488
    units."""
    return next((size for size in (18, 16, 14) if len(line) * size * 0.58 <= 488), 12)


def _view(data: Thermometer, options: Options) -> dict:
    """Everything the HTML and SVG templates show, already in Dutch notation."""
    shape = gauge(data.received, data.target)
    words, digits = dutch_words(data.received), formatting.number(data.received)
    target = formatting.number(data.target)
    return {
        "count_font_size": count_font_size(f"{words} ({digits}) van de {target} aanvragen"),
        "title_font_size": count_font_size(f"Aanvragen {data.programme}"),  # a long name gets a smaller heading
        "data": data,
        "options": options,
        "words": words,
        "words_breakable": dutch_words(data.received, soft_hyphens=True),
        "digits": digits,
        "target": target,
        "label": STATE_LABELS[data.state],
        "sentence": STATE_SENTENCES[data.state],
        "colour": STATE_COLOURS[data.state],
        "as_of": formatting.date(data.as_of),
        "gauge_shape": shape,
    }


def _render_html(data: Thermometer, options: Options, explicit: bool) -> str:
    """The widget page (its script asks the JSON of the same date and programme)."""
    query = {"as_of": data.as_of.isoformat()} if explicit else {}
    if request.args.get("programme"):
        query["programme"] = request.args["programme"]
    return render_template("public/thermometer.html", **_view(data, options),
                           api_url=url_for(".data", **query), poll_seconds=_config().poll_seconds)


def _render_svg(data: Thermometer, options: Options, _explicit: bool) -> str:
    """The standalone SVG image."""
    return render_template("public/thermometer.svg", **_view(data, options))


def _render_json(data: Thermometer, _options: Options, _explicit: bool) -> str:
    """The JSON body: exactly received, target, state and updated_at."""
    return json.dumps({
        "received": data.received,
        "target": data.target,
        "state": data.state,
        "updated_at": data.updated_at.isoformat() if data.updated_at else None,
    }, separators=(",", ":"))


RENDERERS: dict[str, Callable[[Thermometer, Options, bool], str]] = {
    "html": _render_html, "svg": _render_svg, "json": _render_json,
}
MIMETYPES = {"html": "text/html", "svg": "image/svg+xml", "json": "application/json"}


def _error(kind: str, status: int, message: str) -> Response:
    """A small Dutch error answer in the route's own format, never cached and never a traceback."""
    if kind == "json":
        body = json.dumps({"error": message}, ensure_ascii=False)
    else:
        body = render_template(f"public/error.{kind}", message=message, status=status)
    response = Response(body, status=status, mimetype=MIMETYPES[kind])
    response.headers["Cache-Control"] = "no-store"
    if status == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _programme_id(session, asked: str | None, default: str | None) -> int | None:
    """The id of the programme the thermometer shows (``programme=SLUG``, else the default, else the first), or
    None for a database of one programme; ``UnknownProgramme`` for a slug it does not hold, ``NoProgramme``
    without any."""
    listed = programmes.listing(session)
    if not listed:
        raise NoProgramme("Er is nog geen programma in de database.")
    chosen = programmes.chosen(session, asked, default)
    return chosen.id if len(listed) > 1 else None


def _serve(kind: str) -> Response:
    """Answer a public route from the cache, or query, render and cache it; honour If-None-Match."""
    config = _config()
    try:
        as_of, explicit = _as_of()
    except BadAsOf as error:
        return _error(kind, 400, str(error))
    options = _options(kind)
    asked = request.args.get("programme") or None
    key = (f"{request.endpoint}|{as_of.isoformat()}|{'vast' if explicit else 'vandaag'}|{options.key()}"
           f"|{asked or ''}")
    entry: CachedBody | None = config.cache.get(key) if config.cache else None
    if entry is None:
        try:
            with read_session() as session:
                data = thermometer(session, as_of, _programme_id(session, asked, config.default_programme))
        except programmes.UnknownProgramme as unknown:
            return _error(kind, 404, str(unknown))
        except (SQLAlchemyError, DatabaseError, NoProgramme):
            log.warning("Openbare thermometer: database niet beschikbaar", exc_info=True)
            return _error(kind, 503, UNAVAILABLE)
        body = RENDERERS[kind](data, options, explicit).encode("utf-8")
        entry = CachedBody(body, hashlib.sha256(body).hexdigest()[:32], time.time())
        if config.cache:
            config.cache.set(key, entry)
    headers = [
        ("ETag", f'"{entry.etag}"'),
        ("Cache-Control", config.cache_control),
        # The age of the cached copy, so browsers and proxies keep it no longer than the interval in all.
        ("Age", str(max(0, int(time.time() - entry.created)))),
    ]
    if "HTTP_IF_NONE_MATCH" in request.environ and request.if_none_match.contains_weak(entry.etag):
        return Response(status=304, headers=headers)
    return Response(entry.body, mimetype=MIMETYPES[kind], headers=headers)


@public.get("/embed/thermometer")
def widget() -> Response:
    """The embeddable thermometer page."""
    return _serve("html")


@public.get("/embed/thermometer.svg")
def image() -> Response:
    """The thermometer as a standalone SVG image."""
    return _serve("svg")


@public.get("/api/v1/thermometer")
def data() -> Response:
    """The thermometer's numbers as JSON, for the website's own scripts."""
    return _serve("json")


@public.get("/embed/ping")
def ping() -> Response:
    """A trivial answer ("ok"), the ceiling the benchmark compares the thermometer with."""
    return Response("ok", mimetype="text/plain")


def _public_headers(response: Response, config: PublicConfig) -> None:
    """No cookies; who may frame it; CORS on the JSON; no content sniffing."""
    headers = response.headers
    if "Set-Cookie" in headers:
        del headers["Set-Cookie"]
    endpoint = request.endpoint
    headers["Content-Security-Policy"] = config.policy(page=endpoint == WIDGET_ENDPOINT)
    if config.frame_options:
        headers["X-Frame-Options"] = config.frame_options
    headers["X-Content-Type-Options"] = "nosniff"
    if endpoint == DATA_ENDPOINT:
        allowed = cors_origin(request.headers.get("Origin"), config.frame_ancestors,
                              f"{request.scheme}://{request.host}")
        if allowed:
            headers["Access-Control-Allow-Origin"] = allowed
        if allowed != "*":
            headers["Vary"] = f"{headers['Vary']}, Origin" if "Vary" in headers else "Origin"


def _deny_framing(response: Response) -> None:
    """Internal pages and APIs may not be framed by any site."""
    policy = response.headers.get("Content-Security-Policy")
    if not policy:
        response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
    elif "frame-ancestors" not in policy:
        response.headers["Content-Security-Policy"] = f"{policy}; frame-ancestors 'none'"
    response.headers["X-Frame-Options"] = "DENY"


def apply_response_policies(response: Response) -> Response:
    """After every request: public headers on the public blueprint, no framing anywhere else."""
    config = current_app.extensions.get(EXTENSION_KEY)
    if config is not None and request.blueprint == PUBLIC_BLUEPRINT:
        _public_headers(response, config)
    else:
        _deny_framing(response)
    return response
