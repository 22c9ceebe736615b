"""Settings of the dashboard, from defaults overridden by the environment and by the caller."""

from __future__ import annotations

import os
from pathlib import Path
from dataclasses import dataclass, replace
from typing import Any

from dashboard.data.schema.db import default_url

DEFAULT_PROGRAMME_VARIABLE = "DASHBOARD_DEFAULT_PROGRAMME"
"""The environment variable naming the programme shown without ``programma=`` (the app, the CLI and the API)."""


@dataclass(frozen=True)
class Settings:
    """Everything the app factory needs to know."""

    database_url: str
    url_base_pathname: str = "/"
    theme: str = "cerulean"
    load_demo_if_new: bool = True
    live_interval_seconds: int = 15
    presentation_seconds: int = 20
    embed_origins: str = "'self'"
    public_cache_seconds: int = 10
    callback_cache_seconds: int = 3600  # 0 switches the callback cache off
    callback_cache_type: str = "SimpleCache"  # per worker; "FileSystemCache" shares it between workers
    callback_cache_dir: str | None = None  # for FileSystemCache
    callback_cache_entries: int = 200
    small_number_threshold: int = 5
    environment: str = "production"
    secret_key: str | None = None
    session_minutes: int = 480
    login_rate_limit: str = "5 per minute"
    trust_proxy_headers: bool = False
    proxy_user_header: str = "X-Forwarded-User"
    proxy_role_header: str = "X-Forwarded-Role"
    proxy_programmes_header: str = "X-Forwarded-Programmes"
    default_programme: str | None = None  # the slug shown without ``programma=``; None: the first programme

    @property
    def production(self) -> bool:
        """Tell whether this is a production deployment (the default everywhere but ``python app.py``)."""
        return self.environment != "development"


def _secret_from_environment() -> str | None:
    """The session key from ``DASHBOARD_SECRET_KEY`` or the file named by ``DASHBOARD_SECRET_KEY_FILE``."""
    if os.environ.get("DASHBOARD_SECRET_KEY"):
        return os.environ["DASHBOARD_SECRET_KEY"]
    path = os.environ.get("DASHBOARD_SECRET_KEY_FILE")
    return Path(path).read_text(encoding="utf-8").strip() if path else None


def load_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """Read settings from the environment (``DATABASE_URL``, ``DASHBOARD_*``), then apply ``overrides``."""
    settings = Settings(
        database_url=os.environ.get("DATABASE_URL") or default_url(),
        url_base_pathname=os.environ.get("DASHBOARD_URL_PREFIX", "/"),
        live_interval_seconds=int(os.environ.get("DASHBOARD_LIVE_SECONDS", "15")),
        presentation_seconds=int(os.environ.get("DASHBOARD_PRESENTATION_SECONDS", "20")),
        embed_origins=os.environ.get("DASHBOARD_EMBED_ORIGINS", "'self'"),
        public_cache_seconds=int(os.environ.get("DASHBOARD_PUBLIC_CACHE_SECONDS", "10")),
        callback_cache_seconds=int(os.environ.get("DASHBOARD_CACHE_SECONDS", "3600")),
        callback_cache_type=os.environ.get("DASHBOARD_CACHE_TYPE", "SimpleCache"),
        callback_cache_dir=os.environ.get("DASHBOARD_CACHE_DIR") or None,
        callback_cache_entries=int(os.environ.get("DASHBOARD_CACHE_ENTRIES", "200")),
        small_number_threshold=int(os.environ.get("DASHBOARD_SMALL_NUMBER_THRESHOLD", "5")),
        environment=os.environ.get("DASHBOARD_ENV", "production"),
        secret_key=_secret_from_environment(),
        session_minutes=int(os.environ.get("DASHBOARD_SESSION_MINUTES", "480")),
        login_rate_limit=os.environ.get("DASHBOARD_LOGIN_RATE_LIMIT", "5 per minute"),
        trust_proxy_headers=os.environ.get("DASHBOARD_TRUST_PROXY_HEADERS", "").lower() in ("1", "true", "ja"),
        proxy_user_header=os.environ.get("DASHBOARD_PROXY_USER_HEADER", "X-Forwarded-User"),
        proxy_role_header=os.environ.get("DASHBOARD_PROXY_ROLE_HEADER", "X-Forwarded-Role"),
        proxy_programmes_header=os.environ.get("DASHBOARD_PROXY_PROGRAMMES_HEADER", "X-Forwarded-Programmes"),
        default_programme=os.environ.get(DEFAULT_PROGRAMME_VARIABLE) or None,
    )
    return replace(settings, **(overrides or {}))
