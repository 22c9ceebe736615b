"""The offline map geometry under ``data/geo`` (derived by ``scripts/extract_geo.py``)."""

from __future__ import annotations

import functools
import json

from dashboard.data.schema.db import PROJECT_ROOT

PROVINCES_GEOJSON = PROJECT_ROOT / "data" / "geo" / "provinces.geojson"
ATTRIBUTION = "Grenzen: Natural Earth (publiek domein). Plaatsen: GeoNames (CC-BY 4.0)."


@functools.lru_cache(maxsize=1)
def province_geojson() -> dict:
    """The twelve provinces as GeoJSON (wound for plotly), read once on first use."""
    return json.loads(PROVINCES_GEOJSON.read_text(encoding="utf-8"))
