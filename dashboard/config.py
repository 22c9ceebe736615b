"""Settings of the dashboard, from defaults overridden by the environment and by the caller."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Any

from dashboard.data.db import default_url


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
    small_number_threshold: int = 5


def load_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """Read settings from the environment (``DATABASE_URL``, ``DASHBOARD_*``), then apply ``overrides``."""
    settings = Settings(
        database_url=os.environ.get("DATABASE_URL") or default_url(),
        url_base_pathname=os.environ.get("DASHBOARD_URL_PREFIX", "/"),
        live_interval_seconds=int(os.environ.get("DASHBOARD_LIVE_SECONDS", "15")),
        presentation_seconds=int(os.environ.get("DASHBOARD_PRESENTATION_SECONDS", "20")),
        embed_origins=os.environ.get("DASHBOARD_EMBED_ORIGINS", "'self'"),
        public_cache_seconds=int(os.environ.get("DASHBOARD_PUBLIC_CACHE_SECONDS", "10")),
        small_number_threshold=int(os.environ.get("DASHBOARD_SMALL_NUMBER_THRESHOLD", "5")),
    )
    return replace(settings, **(overrides or {}))
