"""Server-side cache of the data callbacks: a repeated view costs nothing until the data changes.

Flask-Caching holds each answer under a key made of the callback, the role whose view it shows
(reserved outputs and the small-number rule differ per role; a presentation shows the stuurgroep's), the
programmes the user may see (a user limited to some is shown one of theirs whatever the URL asks),
the inputs that triggered it, every input and state value (the as-of date and the filters are in the
URL's query string), today's date (an open "stand" follows the clock) and the data version: its number
and the moment it changed, read from the database on every call (one single-row query). An import, a
simulation step, a restored backup or a new synthetic database changes that version, so every older
answer is simply never asked for again and ages out.

An answer that shows the database as unreachable (``mark_uncacheable``) is not kept. Answers are
kept as the JSON Dash would send (figures and components already serialised), so that a hit costs a
JSON parse instead of rebuilding and validating Plotly figures; an answer with ``no_update`` or a
``Patch`` in it is kept as it is, since Dash must see those objects themselves.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable

import dash
from dash._callback import NoUpdate
from plotly.io.json import to_json_plotly
from flask import current_app, g
from flask_caching import Cache
from sqlalchemy.exc import SQLAlchemyError

from dashboard.auth.programme_access import allowed_programmes
from dashboard.auth.web import shown_role
from dashboard.config import Settings
from dashboard.data.schema.db import read_session
from dashboard.data.schema.versioning import data_version

EXTENSION_KEY = "dashboard_callback_cache"
_UNCACHEABLE = "dashboard_uncacheable"


def init_cache(server, settings: Settings) -> None:
    """Give ``server`` its own callback cache, unless ``callback_cache_seconds`` is 0 (no cache)."""
    if settings.callback_cache_seconds <= 0:
        return
    config = {"CACHE_TYPE": settings.callback_cache_type, "CACHE_DEFAULT_TIMEOUT": settings.callback_cache_seconds,
              "CACHE_THRESHOLD": settings.callback_cache_entries, "CACHE_KEY_PREFIX": "callback:"}
    if settings.callback_cache_dir:
        config["CACHE_DIR"] = settings.callback_cache_dir
    cache = Cache(config=config)
    cache.init_app(server)
    server.extensions[EXTENSION_KEY] = cache


def mark_uncacheable() -> None:
    """Keep the answer of the running callback out of the cache (it reports a failure, not data)."""
    setattr(g, _UNCACHEABLE, True)


def _key(function: Callable, version: tuple, values: tuple) -> str:
    """The cache key of one call: a hash of everything its answer depends on."""
    role, allowed = shown_role(), allowed_programmes()
    triggered = sorted(dash.ctx.triggered_prop_ids) if dash.ctx else []
    parts = [function.__module__, function.__qualname__, role.value if role else None,
             None if allowed is None else sorted(allowed), version,
             dt.date.today().isoformat(), triggered, values]
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class _Serialised:
    """An answer kept as JSON text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __getstate__(self):
        return self.text

    def __setstate__(self, state) -> None:
        self.text = state


def _kept(result):
    """What the cache keeps of ``result``: its JSON, unless Dash must see a ``no_update`` or ``Patch`` in it."""
    items = result if isinstance(result, (list, tuple)) else [result]
    if any(isinstance(item, (NoUpdate, dash.Patch)) for item in items):
        return result
    return _Serialised(to_json_plotly(result))


def cached(function: Callable) -> Callable:
    """Answer repeated calls of a data callback from the app's cache, keyed as the module describes."""

    @functools.wraps(function)
    def answer(*values):
        cache: Cache | None = current_app.extensions.get(EXTENSION_KEY)
        if cache is None:
            return function(*values)
        try:
            with read_session() as session:
                version = data_version(session)
        except SQLAlchemyError:
            return function(*values)  # the callback reports the outage itself
        key = _key(function, version, values)
        found = cache.get(key)
        if found is None:
            result = function(*values)
            if g.get(_UNCACHEABLE):
                return result
            found = _kept(result)
            cache.set(key, found)
        # The JSON parsed back, also on a miss: Dash writes plain lists and dicts out at once, where it would
        # walk every component and figure a second time.
        return json.loads(found.text) if isinstance(found, _Serialised) else found

    return answer
