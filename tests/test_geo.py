"""Offline map geometry in data/geo and assets/topojson is complete, consistent and drawable by plotly."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "seed"
GEO = ROOT / "data" / "geo"
TOPOJSON = ROOT / "assets" / "topojson" / "europe_50m.json"

SOURCES = {"geonames", "geonames (hoofdplaats)", "geonames (andere kern)", "geonames (nabije plaats)"}
MAX_PROVINCE_AREA = 2.0  # square degrees; the whole globe would be about 41,000

# Points that lie just outside their province's coarse Natural Earth outline and
# have no better GeoNames place in the gemeente (listed in data/geo/README.md):
# they must lie within EDGE_TOLERANCE degrees of the province's boundary.
EDGE_TOLERANCE = 0.01
EDGE_CASES = {
    "Vlieland": "Oost-Vlieland, the island's only village, is 0.004 deg off the generalised coast",
    "Ameland": "every Ameland village in GeoNames is 0.0002-0.006 deg off the generalised coast; Nes 0.002",
    "Mook en Middelaar": "Mook lies on the Maas border with Noord-Brabant, 0.0005 deg across the generalised line",
}


def _read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file with a header."""
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _seed_gemeenten() -> list[tuple[str, str]]:
    """(gemeente, province) pairs from the two seed files, without duplicates."""
    pairs: dict[str, str] = {}
    for row in _read_csv(SEED / "gemeenten.csv") + _read_csv(SEED / "not_started.csv"):
        pairs.setdefault(row["gemeente"], row["province"])
    return sorted(pairs.items())


SEED_GEMEENTEN = _seed_gemeenten()
PROVINCES_CSV = {row["code"]: row["name"] for row in _read_csv(SEED / "provinces.csv")}


@pytest.fixture(scope="module")
def places() -> dict[str, dict[str, str]]:
    """Rows of data/geo/gemeenten.csv keyed by gemeente."""
    rows = _read_csv(GEO / "gemeenten.csv")
    assert len(rows) == len({r["gemeente"] for r in rows}), "a gemeente appears twice"
    return {r["gemeente"]: r for r in rows}


@pytest.fixture(scope="module")
def provinces() -> dict:
    """The provinces FeatureCollection."""
    return json.loads((GEO / "provinces.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def polygons_by_name(provinces) -> dict[str, list[list[list[tuple[float, float]]]]]:
    """Each province's polygons (lists of rings of (lon, lat)) keyed by Dutch name."""
    out = {}
    for feature in provinces["features"]:
        out[feature["properties"]["name"]] = _polygons(feature["geometry"])
    return out


def _polygons(geometry: dict) -> list[list[list[tuple[float, float]]]]:
    """The polygons of a Polygon or MultiPolygon as lists of rings of (lon, lat) tuples."""
    if geometry["type"] == "Polygon":
        raw = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        raw = geometry["coordinates"]
    else:
        raise AssertionError(f"unexpected geometry type {geometry['type']}")
    return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in polygon] for polygon in raw]


def _in_ring(lon: float, lat: float, ring: list[tuple[float, float]]) -> bool:
    """Whether a point lies inside a closed ring, by ray casting."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _in_polygons(lon: float, lat: float, polygons) -> bool:
    """Whether a point lies inside any polygon's exterior ring and outside all of its holes."""
    return any(
        _in_ring(lon, lat, polygon[0]) and not any(_in_ring(lon, lat, hole) for hole in polygon[1:])
        for polygon in polygons
    )


def _segment_distance(px: float, py: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    """Planar distance in degrees from a point to a line segment."""
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _edge_distance(lon: float, lat: float, polygons) -> float:
    """Planar distance in degrees from a point to the nearest ring edge of the polygons."""
    return min(
        _segment_distance(lon, lat, a, b) for polygon in polygons for ring in polygon for a, b in zip(ring, ring[1:])
    )


def _signed_area(ring: list[tuple[float, float]]) -> float:
    """Shoelace area of a ring in square degrees, negative when clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


@pytest.mark.parametrize(("gemeente", "province"), SEED_GEMEENTEN, ids=[g for g, _ in SEED_GEMEENTEN])
def test_gemeente_has_coordinates(places, gemeente, province):
    """Every seed gemeente has a row with its province, a place, a known source and Dutch coordinates."""
    row = places.get(gemeente)
    assert row is not None, f"{gemeente} missing from data/geo/gemeenten.csv"
    assert row["province"] == province
    assert row["place"] and row["source"] in SOURCES
    lat, lon = float(row["lat"]), float(row["lon"])
    assert 50.7 < lat < 53.6 and 3.3 < lon < 7.3
    assert row["lat"] == f"{lat:.4f}" and row["lon"] == f"{lon:.4f}"


def test_no_rows_beyond_the_seed(places):
    """data/geo/gemeenten.csv has no gemeente that the seed does not have."""
    assert set(places) == {g for g, _ in SEED_GEMEENTEN}


@pytest.mark.parametrize(("gemeente", "province"), SEED_GEMEENTEN, ids=[g for g, _ in SEED_GEMEENTEN])
def test_gemeente_lies_in_its_province(places, polygons_by_name, gemeente, province):
    """Each gemeente's point lies inside its own province's polygon."""
    row = places[gemeente]
    lon, lat, polygons = float(row["lon"]), float(row["lat"]), polygons_by_name[province]
    if gemeente in EDGE_CASES:
        assert _in_polygons(lon, lat, polygons) or _edge_distance(lon, lat, polygons) <= EDGE_TOLERANCE
    else:
        assert _in_polygons(lon, lat, polygons), f"{gemeente} ({row['place']}) lies outside {province}"


def test_edge_cases_are_seed_gemeenten():
    """The tolerance list names only seed gemeenten and stays well under the 0.05 degree ceiling."""
    assert set(EDGE_CASES) <= {g for g, _ in SEED_GEMEENTEN}
    assert EDGE_TOLERANCE <= 0.05


def test_province_codes_and_names(provinces):
    """Exactly the 12 province codes are present, with id = code and the Dutch names of provinces.csv."""
    assert provinces["type"] == "FeatureCollection"
    found = {f["id"]: f["properties"] for f in provinces["features"]}
    assert len(PROVINCES_CSV) == 12 and len(provinces["features"]) == 12
    assert found == {code: {"code": code, "name": name} for code, name in PROVINCES_CSV.items()}


@pytest.mark.parametrize("code", sorted(PROVINCES_CSV))
def test_rings_wound_for_plotly(provinces, code):
    """Exterior rings run clockwise and holes counter-clockwise, so each province encloses a small area."""
    feature = next(f for f in provinces["features"] if f["id"] == code)
    total = 0.0
    for polygon in _polygons(feature["geometry"]):
        assert polygon[0][0] == polygon[0][-1], "exterior ring not closed"
        exterior = _signed_area(polygon[0])
        assert exterior < 0, "exterior ring is counter-clockwise (RFC 7946): plotly would fill the globe"
        for hole in polygon[1:]:
            assert _signed_area(hole) > 0, "hole is clockwise"
        total += -exterior
    assert 0 < total < MAX_PROVINCE_AREA


def test_coordinates_rounded(provinces):
    """Province coordinates carry at most 4 decimals."""
    for feature in provinces["features"]:
        for polygon in _polygons(feature["geometry"]):
            for ring in polygon:
                for x, y in ring:
                    assert round(x, 4) == x and round(y, 4) == y


def test_topojson_base_map():
    """The europe_50m TopoJSON that plotly fetches for scope europe at resolution 50 is present and parses."""
    data = json.loads(TOPOJSON.read_text(encoding="utf-8"))
    assert data["type"] == "Topology"
    assert "objects" in data and "countries" in data["objects"]
