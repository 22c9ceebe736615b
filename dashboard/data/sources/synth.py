"""A synthetic programme at national scale, with the statistical shape of the AVI 130 reconstruction.

``synthesize(engine, trajectories=N, seed=S)`` empties the programme's data (``replay.clear``) and
writes the reference data (``replay.write_reference``), then fills the database with N started
trajectories and everything around them, in one transaction, with bulk inserts of plain tuples:

- all 443 gemeenten of 1 January 2008: the 175 of the seed with their own coordinates, plus
  synthetic ones named ``Synthetische gemeente GR-017``, placed at a random point inside their
  province's polygon (``data/geo/provinces.geojson``);
- the 14 organisations of the seed plus one regional organisation per ``REGIONAL_EVERY``
  trajectories, and about one advisor per ``TRAJECTORIES_PER_ADVISOR`` trajectories, who join and
  leave over the years;
- requests, their themes and dated status histories, trajectories with their gemeenten, hand-overs,
  absences (illness, departure) and evaluation forms.

With ``programmes=P`` the requests are spread over P overlapping programmes of one to three years each, with
their own targets and theme mixes, over the same organisations and advisors (``synth_programmes``).

Time runs backwards from ``END``: N trajectories start at an even rate of ``per_year`` a year (15,000
by default), so a million trajectories cover 67 years. Every status change, hand-over, absence and
form dated after ``END`` has not happened yet and is left out, so the database is a true "as of END"
picture: recent requests still wait for intake or a start, recent trajectories still run.

The shares and delays are the reconstruction's (the constants below; ``dashboard/data/sources/reconstruction.py``
and ``data/seed/README.md`` say where each comes from). Simplifications: every illness hand-over
records an illness of its own (in the reconstruction three illnesses caused nine hand-overs), so
advisors fall ill more often; a departure hands the work to the advisor who takes the position over;
joint trajectories take neighbours in the province's list of gemeenten; regional organisations are
stored as 'landelijk' without a province, because ``organisations.province_id`` is unique (one CMO
per province). Everything is drawn from
``numpy.random.default_rng(seed)``: the same seed gives the same database.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Engine, Table, select, text
from sqlalchemy.engine import Connection

from dashboard.data.schema.db import upgrade, write_session
from dashboard.data.schema.models import (
    Absence,
    Advisor,
    Evaluation,
    Gemeente,
    Handover,
    Organisation,
    Province,
    Request,
    RequestTheme,
    StatusChange,
    Trajectory,
    trajectory_gemeenten,
)
from dashboard.data.sources import synth_programmes
from dashboard.data.sources.replay import clear, write_reference
from dashboard.data.sources.seed_sources import GEO_DIR, SeedData, SeedEvent, SeedProgramme, read_seed
from dashboard.data.schema.versioning import bump_data_version

END = dt.date(2025, 12, 31)
TRAJECTORIES_PER_YEAR = 15_000
TRAJECTORIES_PER_ADVISOR = 40  # advisors in all, over the whole history
TRAJECTORIES_PER_ADVISOR_YEAR = 8  # how many one advisor starts in a year: sets how many work at once
REGIONAL_EVERY = 50_000  # one regional organisation more per this many trajectories
CHUNK = 50_000
EARLIEST_REQUEST = 150  # days: the first requests arrive this long before the first trajectory starts
EPOCH = np.datetime64("1970-01-01", "D")

# The reconstruction's shape (counts out of its 131 requests and 114 trajectories).
NOT_STARTED_SHARE = 17 / 131
NOT_STARTED_PATHS = (  # (statuses after 'received', share): 3 withdrawn at once, 7 withdrawn and 7 rejected after intake
    (("withdrawn",), 3 / 17), (("intake", "withdrawn"), 7 / 17), (("intake", "rejected"), 7 / 17))
ADVISEUR_CHANNEL_SHARE = 33 / 131
GEMEENTE_APPLICANT_SHARE = 73 / 131
THEMES = ("infrastructuur", "beleid", "doelgroepen", "zorg")
THEME_SHARES = np.array([0.60, 0.33, 0.14, 0.11])  # §2.4 of the report; a request can have several
GEMEENTEN_PER_TRAJECTORY = {1: 97, 2: 4, 3: 8, 4: 2, 5: 1, 8: 2}  # Bijlage 1
DAGDELEN_MIN, DAGDELEN_MAX = 8, 34
WAITLIST_SHARE = 12 / 114
DELAYED_SHARE = 1 / 3
HANDOVER_SHARE = 18 / 114
ILLNESS_OF_EXTRA_HANDOVERS = 9 / 11  # the rest: a client halted the trajectory (2 of the 18)
EVALUATION_SHARE = 67 / 114
ASPECT_MEANS = np.array([502, 489, 536, 523, 530]) / 67  # 7.49, 7.30, 8.00, 7.81, 7.91: overall 7.70
REMARK_SHARE = 0.05
CMO_SHARE = 98 / 114  # trajectories carried out by the CMO of their own region
NATIONAL_SHARE = 16 / 114  # DSP-groep (7) and MOVISIE (9)
REGIONAL_SHARE = 0.25  # of a region's own work, when the region has regional organisations

DEPARTURE_REASON = "Adviseur vertrokken naar een andere baan"
ILLNESS_REASON = "Adviseur langdurig ziek"
HALT_REASON = "Klant legde het traject stil uit onvrede met de adviseur; na bemiddeling overgenomen"
STATUS_ORDER = ("received", "intake", "waitlist", "running", "work_finished", "completed", "withdrawn", "rejected")


@dataclass(frozen=True)
class SynthCounts:
    """How many rows of each kind were written, how long it took, and the period covered."""

    seed: int
    starts_on: dt.date
    ends_on: dt.date
    rows: dict[str, int]
    seconds: float

    @property
    def trajectories(self) -> int:
        """The number of trajectories written."""
        return self.rows["trajectories"]


# --- geometry -------------------------------------------------------------------------------------------

def _rings(geometry: dict) -> list[list[np.ndarray]]:
    """The polygons of a GeoJSON Polygon or MultiPolygon, each a list of (k, 2) rings of lon, lat."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [[np.asarray(ring, dtype=float)[:, :2] for ring in polygon] for polygon in polygons]


def _in_ring(lon: np.ndarray, lat: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Which points lie inside a closed ring (even-odd ray casting), vectorised over points and edges."""
    x1, y1, x2, y2 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
    crosses = (y1[None, :] > lat[:, None]) != (y2[None, :] > lat[:, None])
    with np.errstate(divide="ignore", invalid="ignore"):
        x_at = x1 + (lat[:, None] - y1) * (x2 - x1) / (y2 - y1)
    return ((crosses & (lon[:, None] < x_at)).sum(axis=1) % 2) == 1


def points_in_polygons(lon: np.ndarray, lat: np.ndarray, polygons: list[list[np.ndarray]]) -> np.ndarray:
    """Which points lie inside any polygon's outer ring and outside its holes."""
    inside = np.zeros(len(lon), dtype=bool)
    for outer, *holes in polygons:
        here = _in_ring(lon, lat, outer)
        for hole in holes:
            here &= ~_in_ring(lon, lat, hole)
        inside |= here
    return inside


def province_polygons(path=GEO_DIR / "provinces.geojson") -> dict[str, list[list[np.ndarray]]]:
    """Each province's polygons keyed by its Dutch name."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["name"]: _rings(f["geometry"]) for f in features}


def sample_points(rng: np.random.Generator, polygons: list[list[np.ndarray]], count: int) -> np.ndarray:
    """``count`` random (lat, lon) points inside ``polygons``, rounded to 4 decimals like data/geo."""
    every = np.concatenate([ring for polygon in polygons for ring in polygon])
    (west, south), (east, north) = every.min(axis=0), every.max(axis=0)
    found: list[np.ndarray] = []
    total = 0
    while total < count:
        lon = np.round(rng.uniform(west, east, 8 * count + 16), 4)
        lat = np.round(rng.uniform(south, north, 8 * count + 16), 4)
        keep = points_in_polygons(lon, lat, polygons)
        found.append(np.column_stack([lat[keep], lon[keep]]))
        total += int(keep.sum())
    return np.concatenate(found)[:count]


# --- writing ---------------------------------------------------------------------------------------------

def _python_values(values, dialect_name: str) -> list:
    """A column as Python values the driver stores directly: dates as ISO text on SQLite, None for NaT."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        if dialect_name == "sqlite":
            text_values = np.datetime_as_string(values, unit="D").astype(object)
            text_values[np.isnat(values)] = None
            return text_values.tolist()
        return values.astype("datetime64[D]").astype(object).tolist()
    if isinstance(values, np.ndarray):
        return values.tolist()
    return list(values)


def insert_rows(connection: Connection, table: Table, columns: dict[str, Sequence]) -> int:
    """Insert equal-length columns into ``table`` with executemany of plain tuples, in chunks; returns the count."""
    names = list(columns)
    count = len(columns[names[0]])
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    statement = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join(marker for _ in names)})"
    dialect = connection.dialect.name
    for start in range(0, count, CHUNK):
        part = [_python_values(columns[name][start:start + CHUNK], dialect) for name in names]
        connection.exec_driver_sql(statement, list(zip(*part)))
    return count


def _days(values: np.ndarray) -> np.ndarray:
    """Day numbers (since 1970-01-01) as numpy dates; negative or NaT-marked (-1 << 40) days become NaT."""
    dates = values.astype("int64").astype("timedelta64[D]") + EPOCH
    dates[values == MISSING] = np.datetime64("NaT")
    return dates


MISSING = np.int64(-(1 << 40))


def _day_number(day: dt.date) -> int:
    """The day number of ``day`` since 1970-01-01."""
    return (day - dt.date(1970, 1, 1)).days


# --- the plan in arrays ----------------------------------------------------------------------------------

@dataclass
class _Reference:
    """Ids and groupings read back after the reference data is written."""

    province_ids: np.ndarray  # in seed order
    province_names: list[str]
    gemeente_ids: list[np.ndarray]  # per province (seed order), all gemeenten of that province
    cmo_ids: np.ndarray  # per province
    national_ids: np.ndarray  # DSP-groep, MOVISIE
    regional_ids: np.ndarray  # regional organisations
    regional_province: np.ndarray  # index of each regional organisation's home province


def _province_weights(seed: SeedData) -> np.ndarray:
    """Each province's share of requests in the reconstruction (trajectories plus requests never started)."""
    names = [p.name for p in seed.provinces]
    counts = np.zeros(len(names))
    for t in seed.trajectories:
        counts[names.index(t.province)] += 1
    for n in seed.not_started:
        counts[names.index(n.province)] += 1
    return counts / counts.sum()


def _write_gemeenten(connection: Connection, rng: np.random.Generator, seed: SeedData) -> dict[str, int]:
    """Add synthetic gemeenten so that every province has its number of 1 January 2008 (443 in all)."""
    polygons = province_polygons()
    existing = connection.execute(select(Gemeente.province_id)).scalars().all()
    provinces = connection.execute(select(Province.id, Province.code, Province.name, Province.gemeenten_2008)
                                   .order_by(Province.id)).all()
    next_id = (connection.execute(select(Gemeente.id).order_by(Gemeente.id.desc()).limit(1)).scalar() or 0) + 1
    ids, names, province_ids, lats, lons = [], [], [], [], []
    for province_id, code, name, total in provinces:
        missing = total - sum(1 for p in existing if p == province_id)
        if missing <= 0:
            continue
        points = sample_points(rng, polygons[name], missing)
        short = code.removeprefix("NL-")
        for index in range(missing):
            ids.append(next_id)
            next_id += 1
            names.append(f"Synthetische gemeente {short}-{index + 1:03d}")
            province_ids.append(province_id)
            lats.append(float(points[index, 0]))
            lons.append(float(points[index, 1]))
    insert_rows(connection, Gemeente.__table__, {"id": ids, "name": names, "province_id": province_ids,
                                                 "latitude": lats, "longitude": lons})
    return {"gemeenten_synthetic": len(ids)}


def _write_regionals(connection: Connection, count: int) -> None:
    """Add ``count`` regional organisations (stored as 'landelijk' without a province: one CMO per province)."""
    if count == 0:
        return
    first = (connection.execute(select(Organisation.id).order_by(Organisation.id.desc()).limit(1)).scalar() or 0) + 1
    insert_rows(connection, Organisation.__table__, {
        "id": list(range(first, first + count)),
        "name": [f"Regionaal adviesbureau {i + 1:02d}" for i in range(count)],
        "kind": ["landelijk"] * count,
        "province_id": [None] * count,
        "dagdelen_per_advisor_week": [4.0] * count,
    })


def _reference(connection: Connection, seed: SeedData, regionals: int) -> _Reference:
    """Read back the ids of provinces, gemeenten and organisations."""
    provinces = connection.execute(select(Province.id, Province.name).order_by(Province.id)).all()
    gemeenten = connection.execute(select(Gemeente.id, Gemeente.province_id).order_by(Gemeente.id)).all()
    organisations = connection.execute(select(Organisation.id, Organisation.name, Organisation.kind,
                                              Organisation.province_id).order_by(Organisation.id)).all()
    province_ids = np.array([p.id for p in provinces])
    by_province = {pid: [] for pid in province_ids}
    for gid, pid in gemeenten:
        by_province[pid].append(gid)
    cmo_of = {o.province_id: o.id for o in organisations if o.province_id is not None}
    seed_names = {o.name for o in seed.organisations}
    national = [o.id for o in organisations if o.province_id is None and o.name in seed_names]
    regional = [o.id for o in organisations if o.province_id is None and o.name not in seed_names]
    return _Reference(
        province_ids=province_ids,
        province_names=[p.name for p in provinces],
        gemeente_ids=[np.array(by_province[pid]) for pid in province_ids],
        cmo_ids=np.array([cmo_of[pid] for pid in province_ids]),
        national_ids=np.array(national),
        regional_ids=np.array(regional, dtype=np.int64),
        regional_province=np.arange(len(regional)) % len(province_ids),
    )


def _themes(rng: np.random.Generator, count: int) -> np.ndarray:
    """A (count, 4) boolean matrix of themes: one main theme, sometimes more, with the report's shares."""
    main_share = THEME_SHARES / THEME_SHARES.sum()
    extra_share = (THEME_SHARES - main_share) / (1 - main_share)
    main = rng.choice(len(THEMES), size=count, p=main_share)
    chosen = rng.random((count, len(THEMES))) < extra_share
    chosen[np.arange(count), main] = True
    return chosen


def _first_sentence(text_value: str, limit: int = 160) -> str:
    """The first sentence of a result text, at most ``limit`` characters."""
    sentence = text_value.split(". ")[0].strip().rstrip(".")
    return (sentence[:limit - 1] + "…") if len(sentence) > limit else sentence + "."


def synthesize(engine: Engine, trajectories: int, seed: int, per_year: int = TRAJECTORIES_PER_YEAR,
               end: dt.date = END, report: Callable[[str], None] | None = None, programmes: int = 1) -> SynthCounts:
    """Replace the database's programme data by ``trajectories`` synthetic trajectories, of one programme or of
    ``programmes`` overlapping ones (``synth_programmes``)."""
    if trajectories < 1:
        raise ValueError("het aantal trajecten moet minstens 1 zijn")
    if programmes < 1:
        raise ValueError("het aantal programma's moet minstens 1 zijn")
    say = report or (lambda _line: None)
    began = time.perf_counter()
    rng = np.random.default_rng(seed)
    seed_data = read_seed()
    n = trajectories
    span = max(1, round(n / per_year * 365.25))
    end_day = _day_number(end)
    start_day = end_day - span + 1
    regionals = n // REGIONAL_EVERY
    upgrade(engine)
    with write_session(engine) as session:
        connection = session.connection()
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA cache_size=-400000")  # 400 MB for this loading connection only
        clear(session)
        programme = write_reference(session, _synthetic_programme(seed_data, n, seed, start_day, end_day,
                                                                  programmes))
        # The programmes' own draws come from a generator of their own: one programme gives the same data as before.
        programme_rng = np.random.default_rng([seed, programmes])
        chosen = synth_programmes.plan(programme_rng, programmes, start_day - EARLIEST_REQUEST, end_day)
        ids = [programme.id] if programmes == 1 else synth_programmes.write_programmes(
            session, programme, synth_programmes.programme_rows(chosen, programme.name))
        rows = _write_gemeenten(connection, rng, seed_data)
        _write_regionals(connection, regionals)
        ref = _reference(connection, seed_data, regionals)
        say(f"referentiegegevens geschreven ({time.perf_counter() - began:.1f} s)")
        plan = _Programmes(chosen, np.array(ids), programme_rng)
        rows.update(_write_programme_data(connection, rng, seed_data, ref, plan, n, per_year, start_day,
                                          end_day, say, began))
        if programmes > 1:
            synth_programmes.set_targets(session, ids, synth_programmes.targets(
                chosen, plan.of_requests, end_day, programme_rng))
            rows["programmes"] = programmes
        bump_data_version(session)
        say(f"vastleggen ({time.perf_counter() - began:.1f} s)")
    if engine.dialect.name == "postgresql":
        _after_postgresql_load(engine)
    seconds = time.perf_counter() - began
    say(f"klaar in {seconds:.1f} s")
    return SynthCounts(seed, dt.date(1970, 1, 1) + dt.timedelta(days=start_day), end, rows, seconds)


def synthetic_name(n: int, seed_number: int, programmes: int = 1) -> str:
    """The name of the (first) synthetic programme, which says how it was made."""
    several = f", {programmes} programma's" if programmes > 1 else ""
    return f"AVI 130 synthetisch ({n} trajecten, seed {seed_number}{several})"


def _synthetic_programme(seed: SeedData, n: int, seed_number: int, start_day: int, end_day: int,
                         programmes: int = 1) -> SeedData:
    """The seed with a programme and milestones for the synthetic period."""
    start = dt.date(1970, 1, 1) + dt.timedelta(days=start_day - EARLIEST_REQUEST)
    end = dt.date(1970, 1, 1) + dt.timedelta(days=end_day)
    requests = round(n / (1 - NOT_STARTED_SHARE))
    programme = SeedProgramme(name=synthetic_name(n, seed_number, programmes), slug="synthetisch",
                              target_requests=max(130, round(requests, -2)),
                              dagdelen_budget=max(2600, round(20 * requests, -2)), starts_on=start, ends_on=end)
    events = (SeedEvent("pool_gevormd", start, "Adviseurspool gevormd"),
              SeedEvent("website", min(end, start + dt.timedelta(days=30)), "Website online"),
              SeedEvent("mailing", min(end, start + dt.timedelta(days=60)), "Mailing aan alle gemeenten en steunpunten"))
    return SeedData(programme=programme, events=events, provinces=seed.provinces, organisations=seed.organisations,
                    gemeenten=seed.gemeenten, trajectories=seed.trajectories, not_started=seed.not_started,
                    remarks=seed.remarks, coordinates=seed.coordinates, capacity=seed.capacity)


def _after_postgresql_load(engine: Engine) -> None:
    """Move PostgreSQL's id sequences past the written ids and refresh the planner's statistics."""
    tables = ("gemeenten", "organisations", "advisors", "absences", "requests", "status_changes", "trajectories",
              "handovers", "evaluations")
    with engine.begin() as connection:
        for table in tables:
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("ANALYZE")


@dataclass
class _Programmes:
    """The programmes the requests go to: their plan, database ids and generator; ``of_requests`` is filled in
    with each request's programme (0 to P-1, in the order of arrival's positions) once they are drawn."""

    plan: synth_programmes.ProgrammePlan
    ids: np.ndarray
    rng: np.random.Generator
    of_requests: np.ndarray | None = None


def _write_programme_data(connection: Connection, rng: np.random.Generator, seed: SeedData, ref: _Reference,
                          programmes: _Programmes, n: int, per_year: int, start_day: int, end_day: int, say,
                          began: float) -> dict[str, int]:
    """Draw and write advisors, absences, requests, themes, status changes, trajectories, hand-overs and forms."""
    rows: dict[str, int] = {}
    span = end_day - start_day + 1

    # Requests that start a trajectory by END (exactly n), requests still in the pipeline, requests never started.
    started_on = np.sort(rng.integers(start_day, end_day + 1, n))
    window = 120  # requests received before END that would start within this many days after it
    pipeline = int(round(n * window / span))
    pipeline_start = np.sort(rng.integers(end_day + 1, end_day + window + 1, pipeline))
    would_start = np.concatenate([started_on, pipeline_start])
    starters = len(would_start)
    waitlisted = rng.random(starters) < WAITLIST_SHARE
    start_lag = np.where(waitlisted, rng.integers(30, 121, starters), rng.integers(14, 57, starters))
    intake_lag = rng.integers(2, 11, starters)
    intake_on = would_start - start_lag
    received_on = intake_on - intake_lag
    waitlist_on = np.where(waitlisted, intake_on + rng.integers(1, 6, starters), MISSING)
    keep = received_on <= end_day
    would_start, intake_on, received_on, waitlist_on = (a[keep] for a in (would_start, intake_on, received_on,
                                                                          waitlist_on))
    starters = len(would_start)

    never = int(round(starters * NOT_STARTED_SHARE / (1 - NOT_STARTED_SHARE)))
    never_received = rng.integers(start_day - 30, end_day + 1, never)
    path = rng.choice(len(NOT_STARTED_PATHS), size=never, p=[share for _, share in NOT_STARTED_PATHS])
    never_intake = np.where(path > 0, never_received + rng.integers(2, 11, never), MISSING)
    last = np.where(path > 0, never_intake, never_received)
    never_end = last + rng.integers(5, 41, never)
    never_outcome = np.array(["withdrawn", "withdrawn", "rejected"])[path]
    reasons = [r.reason for r in seed.not_started]
    never_reason = np.array(reasons, dtype=object)[rng.integers(0, len(reasons), never)]

    # All requests in order of arrival: ids 1..R.
    total = starters + never
    all_received = np.concatenate([received_on, never_received])
    order = np.lexsort((rng.random(total), all_received))
    request_id = np.empty(total, dtype=np.int64)
    request_id[order] = np.arange(1, total + 1)
    starter_id = request_id[:starters]

    province = rng.choice(len(ref.province_ids), size=total, p=_province_weights(seed))
    gemeente_index = (rng.random(total) * np.array([len(g) for g in ref.gemeente_ids])[province]).astype(np.int64)
    offsets = np.cumsum([0] + [len(g) for g in ref.gemeente_ids])
    all_gemeenten = np.concatenate(ref.gemeente_ids)
    lead_gemeente = all_gemeenten[offsets[province] + gemeente_index]
    applicant = np.where(rng.random(total) < GEMEENTE_APPLICANT_SHARE, "gemeente", "steunpunt")
    channel = np.where(rng.random(total) < ADVISEUR_CHANNEL_SHARE, "adviseur", "mailing")
    themes = _themes(rng, total)
    programme_of = synth_programmes.assign(programmes.rng, programmes.plan, all_received)
    programmes.of_requests = programme_of
    if programmes.plan.count > 1:
        themes = synth_programmes.keep_programme_themes(themes, programmes.plan, programme_of, programmes.rng)

    # Status histories: one column of dates per status, MISSING when the request never gets there.
    steps = {status: np.full(total, MISSING) for status in STATUS_ORDER}
    steps["received"] = all_received
    steps["intake"][:starters] = intake_on
    steps["waitlist"][:starters] = waitlist_on
    steps["intake"][starters:] = never_intake
    for outcome in ("withdrawn", "rejected"):
        steps[outcome][starters:] = np.where(never_outcome == outcome, never_end, MISSING)

    # Trajectories: the first n starters (those starting by END), ids 1..n in order of starting.
    t_request = starter_id[:n]
    t_province = province[:n]
    t_lead = lead_gemeente[:n]
    sizes = np.array(list(GEMEENTEN_PER_TRAJECTORY))
    size = rng.choice(sizes, size=n, p=np.array(list(GEMEENTEN_PER_TRAJECTORY.values())) / 114)
    size = np.minimum(size, np.array([len(g) for g in ref.gemeente_ids])[t_province])  # Flevoland has six
    dagdelen = np.rint(rng.triangular(10, 16, 30, n) + 2.5 * np.log(size)).astype(np.int64)
    dagdelen = np.clip(dagdelen, DAGDELEN_MIN, DAGDELEN_MAX)
    planned_days = np.rint(dagdelen * 9.5).astype(np.int64)
    delayed = rng.random(n) < DELAYED_SHARE
    factor = np.where(delayed, rng.uniform(1.25, 1.8, n), rng.uniform(0.8, 1.0, n))
    work_days = np.maximum(1, np.rint(planned_days * factor)).astype(np.int64)
    t_started = would_start[:n]
    t_work = t_started + work_days
    t_completed = t_work + rng.integers(20, 201, n)
    steps["running"][:n] = t_started
    steps["work_finished"][:n] = t_work
    steps["completed"][:n] = t_completed

    # Who carries each trajectory out: its region's CMO, a regional organisation, or a national one.
    carrier = ref.cmo_ids[t_province].copy()
    draw = rng.random(n)
    national = draw >= CMO_SHARE
    carrier[national] = ref.national_ids[rng.integers(0, len(ref.national_ids), int(national.sum()))]
    if len(ref.regional_ids):
        regional_of = [ref.regional_ids[ref.regional_province == p] for p in range(len(ref.province_ids))]
        to_regional = ~national & (rng.random(n) < REGIONAL_SHARE)
        for p, candidates in enumerate(regional_of):
            here = to_regional & (t_province == p)
            if len(candidates) and here.any():
                carrier[here] = candidates[rng.integers(0, len(candidates), int(here.sum()))]
    say(f"aanvragen en trajecten getrokken ({time.perf_counter() - began:.1f} s)")

    # Advisors: each organisation has positions (advisors at work at the same time), filled by one advisor
    # after another over the years.
    organisation_ids = np.unique(np.concatenate([ref.cmo_ids, ref.national_ids, ref.regional_ids]))
    advisors_total = max(2 * len(organisation_ids), round(n / TRAJECTORIES_PER_ADVISOR))
    positions_total = max(2 * len(organisation_ids),
                          min(advisors_total, round(per_year / TRAJECTORIES_PER_ADVISOR_YEAR)))
    work = np.array([(carrier == o).sum() for o in organisation_ids], dtype=float) + 1
    positions = np.maximum(2, np.rint(positions_total * work / work.sum())).astype(np.int64)
    # A position holds about span / mean_career + 1 careers (the first began before the start).
    later_careers = advisors_total / positions.sum() - 1
    mean_career = span / later_careers if later_careers > 0.05 else None
    adv = _plan_advisors(rng, organisation_ids, positions, mean_career, start_day, end_day)
    names = {o.id: o.name for o in connection.execute(select(Organisation.id, Organisation.name))}
    cmo_set = set(ref.cmo_ids.tolist())
    say(f"{len(adv['id'])} adviseurs gepland ({time.perf_counter() - began:.1f} s)")

    slot_first = np.concatenate([[0], np.cumsum(positions)[:-1]])
    carrier_index = np.searchsorted(organisation_ids, carrier)
    slot = slot_first[carrier_index] + (rng.random(n) * positions[carrier_index]).astype(np.int64)
    first_advisor = _advisor_at(adv, slot, t_started)

    # Hand-overs: a departure during the work, then illness or a halt, up to the reconstruction's share.
    leaves = adv["to"][first_advisor]
    departs = (leaves != MISSING) & (leaves >= t_started) & (leaves < t_work)
    handed = departs.copy()
    h_day = np.where(departs, leaves + 1, MISSING)
    h_reason = np.where(departs, DEPARTURE_REASON, "").astype(object)
    wanted = int(round(HANDOVER_SHARE * n)) - int(departs.sum())
    others = np.flatnonzero(~departs & (t_work - t_started > 10))
    extra = np.sort(rng.choice(others, size=min(max(wanted, 0), len(others)), replace=False))
    ill = rng.random(len(extra)) < ILLNESS_OF_EXTRA_HANDOVERS
    handed[extra] = True
    h_day[extra] = t_started[extra] + np.rint((t_work - t_started)[extra] * rng.uniform(0.2, 0.6, len(extra)))
    h_reason[extra] = np.where(ill, ILLNESS_REASON, HALT_REASON)
    # Within the organisation, another position takes over; after a halt another organisation does.
    to_slot = slot.copy()
    within = handed & (h_reason != DEPARTURE_REASON) & (h_reason != HALT_REASON)
    step = 1 + (rng.random(n) * np.maximum(positions[carrier_index] - 1, 1)).astype(np.int64)
    to_slot[within] = (slot_first[carrier_index] + (slot - slot_first[carrier_index] + step)
                       % positions[carrier_index])[within]
    halted = handed & (h_reason == HALT_REASON)
    final_carrier = carrier.copy()
    if halted.any():
        new_org = ref.national_ids[rng.integers(0, len(ref.national_ids), int(halted.sum()))]
        same = new_org == carrier[halted]
        new_org[same] = ref.cmo_ids[t_province[halted][same]]
        final_carrier[halted] = new_org
        new_index = np.searchsorted(organisation_ids, new_org)
        to_slot[halted] = slot_first[new_index] + (rng.random(len(new_index)) * positions[new_index]).astype(np.int64)
    happened = handed & (h_day <= end_day)
    to_advisor = _advisor_at(adv, to_slot, np.where(handed, h_day, t_started))
    final_advisor = np.where(happened, to_advisor, first_advisor)
    final_org = np.where(happened, final_carrier, carrier)

    # Absences: every departure, and the illness behind an illness hand-over.
    sick = np.flatnonzero(happened & (h_reason == ILLNESS_REASON))
    left = np.flatnonzero(adv["to"] != MISSING)
    absence_advisor = np.concatenate([adv["id"][left], adv["id"][first_advisor[sick]]])
    absence_kind = np.array(["vertrek"] * len(left) + ["ziekte"] * len(sick))
    absence_start = np.concatenate([adv["to"][left] + 1, h_day[sick]])
    absence_end = np.concatenate([np.full(len(left), MISSING), h_day[sick] + rng.integers(60, 241, len(sick))])
    absence_note = np.array(["andere baan"] * len(left) + ["langdurig ziek"] * len(sick))
    in_view = absence_start <= end_day
    a_order = np.lexsort((absence_advisor[in_view], absence_start[in_view]))

    # Forms: from a share of the completed trajectories, with the reconstruction's marks.
    evaluated = rng.random(n) < EVALUATION_SHARE
    e_received = t_completed + rng.integers(0, 46, n)
    evaluated &= e_received <= end_day
    e_index = np.flatnonzero(evaluated)
    e_index = e_index[np.argsort(e_received[e_index], kind="stable")]
    level = rng.normal(0, 0.7, len(e_index))
    marks = np.clip(np.rint(ASPECT_MEANS[None, :] + level[:, None] + rng.normal(0, 0.5, (len(e_index), 5))), 4, 10)
    remarks_text = np.array([""] + [r for _, r in seed.remarks], dtype=object)
    with_remark = rng.random(len(e_index)) < REMARK_SHARE
    remark = np.where(with_remark, remarks_text[rng.integers(1, len(remarks_text), len(e_index))], "")

    # Results: the first sentence of a Bijlage 1 result, for trajectories completed by END.
    results = np.array([_first_sentence(t.result) for t in seed.trajectories], dtype=object)
    result = np.where(t_completed <= end_day, results[rng.integers(0, len(results), n)], "")
    say(f"alles getrokken ({time.perf_counter() - began:.1f} s); schrijven")

    # --- writing, parents first ---
    rows["organisations_regional"] = len(ref.regional_ids)
    rows["advisors"] = insert_rows(connection, Advisor.__table__, {
        "id": adv["id"], "name": [f"{names[o]} adviseur {k}" for o, k in zip(adv["org"].tolist(),
                                                                            adv["number"].tolist())],
        "organisation_id": adv["org"], "in_pool": [o in cmo_set for o in adv["org"].tolist()],
        "active_from": _days(adv["from"]), "active_to": _days(adv["to"])})
    rows["absences"] = insert_rows(connection, Absence.__table__, {
        "id": np.arange(1, int(in_view.sum()) + 1),
        "advisor_id": absence_advisor[in_view][a_order], "kind": absence_kind[in_view][a_order],
        "starts_on": _days(absence_start[in_view][a_order]), "ends_on": _days(absence_end[in_view][a_order]),
        "note": absence_note[in_view][a_order]})

    # Each request's status on END: the last step reached by then.
    status = np.full(total, "received", dtype=object)
    status_reason = np.full(total, None, dtype=object)
    for name in STATUS_ORDER[1:]:
        reached = (steps[name] != MISSING) & (steps[name] <= end_day)
        status[reached] = name
        if name in ("withdrawn", "rejected"):
            status_reason[starters:][reached[starters:]] = never_reason[reached[starters:]]
    by_id = np.argsort(request_id)
    rows["requests"] = insert_rows(connection, Request.__table__, {
        "id": request_id[by_id], "programme_id": programmes.ids[programme_of[by_id]],
        "gemeente_id": lead_gemeente[by_id], "received_on": _days(all_received[by_id]),
        "applicant_type": applicant[by_id], "channel": channel[by_id], "status": status[by_id],
        "status_reason": status_reason[by_id],
        **{f"{name}_on": _days(np.where(steps[name] <= end_day, steps[name], MISSING)[by_id])
           for name in STATUS_ORDER[1:]}})
    theme_request, theme_index = np.nonzero(themes[by_id])
    rows["request_themes"] = insert_rows(connection, RequestTheme.__table__, {
        "request_id": request_id[by_id][theme_request], "theme": np.array(THEMES)[theme_index]})
    say(f"aanvragen geschreven ({time.perf_counter() - began:.1f} s)")

    change_request, change_step, change_day, change_reason = [], [], [], []
    for position, name in enumerate(STATUS_ORDER):
        reached = np.flatnonzero((steps[name] != MISSING) & (steps[name] <= end_day))
        change_request.append(request_id[reached])
        change_step.append(np.full(len(reached), position))
        change_day.append(steps[name][reached])
        reason = np.full(len(reached), None, dtype=object)
        if name in ("withdrawn", "rejected"):
            reason = status_reason[reached]
        change_reason.append(reason)
    change_request, change_step, change_day = (np.concatenate(a) for a in (change_request, change_step, change_day))
    change_reason = np.concatenate(change_reason)
    # Written in the order they happened; a request's same-day steps keep their lifecycle order.
    c_order = np.lexsort((change_step, change_request, change_day))
    rows["status_changes"] = insert_rows(connection, StatusChange.__table__, {
        "id": np.arange(1, len(c_order) + 1), "request_id": change_request[c_order],
        "status": np.array(STATUS_ORDER)[change_step[c_order]], "changed_on": _days(change_day[c_order]),
        "reason": change_reason[c_order]})
    say(f"statuswijzigingen geschreven ({time.perf_counter() - began:.1f} s)")

    trajectory_id = np.arange(1, n + 1)
    rows["trajectories"] = insert_rows(connection, Trajectory.__table__, {
        "id": trajectory_id, "nr": trajectory_id, "programme_id": programmes.ids[programme_of[:n]],
        "request_id": t_request, "province_id": ref.province_ids[t_province],
        "intake_organisation_id": ref.cmo_ids[t_province], "organisation_id": final_org,
        "advisor_id": adv["id"][final_advisor], "dagdelen": dagdelen, "started_on": _days(t_started),
        "planned_end_on": _days(t_started + planned_days),
        "work_finished_on": _days(np.where(t_work <= end_day, t_work, MISSING)),
        "completed_on": _days(np.where(t_completed <= end_day, t_completed, MISSING)), "result": result})

    # The trajectory's gemeenten: the applicant first, then neighbours in the province's list.
    members_t, members_g = [trajectory_id], [t_lead]
    province_sizes = np.array([len(g) for g in ref.gemeente_ids])
    lead_position = gemeente_index[:n]
    for extra_count in np.unique(size[size > 1]):
        chosen = np.flatnonzero(size == extra_count)
        if not len(chosen):
            continue
        count_here = province_sizes[t_province[chosen]]
        shift = 1 + (rng.random(len(chosen)) * (count_here - extra_count + 1)).astype(np.int64)
        for j in range(extra_count - 1):
            partner = (lead_position[chosen] + shift + j) % count_here
            members_t.append(trajectory_id[chosen])
            members_g.append(all_gemeenten[offsets[t_province[chosen]] + partner])
    members_t, members_g = np.concatenate(members_t), np.concatenate(members_g)
    m_order = np.lexsort((members_g, members_t))
    rows["trajectory_gemeenten"] = insert_rows(connection, trajectory_gemeenten, {
        "trajectory_id": members_t[m_order], "gemeente_id": members_g[m_order]})
    say(f"trajecten geschreven ({time.perf_counter() - began:.1f} s)")

    h_index = np.flatnonzero(happened)
    h_index = h_index[np.argsort(h_day[h_index], kind="stable")]
    rows["handovers"] = insert_rows(connection, Handover.__table__, {
        "id": np.arange(1, len(h_index) + 1), "trajectory_id": trajectory_id[h_index],
        "handed_over_on": _days(h_day[h_index]), "from_advisor_id": adv["id"][first_advisor[h_index]],
        "to_advisor_id": adv["id"][to_advisor[h_index]], "from_organisation_id": carrier[h_index],
        "to_organisation_id": final_carrier[h_index], "reason": h_reason[h_index]})
    rows["evaluations"] = insert_rows(connection, Evaluation.__table__, {
        "id": np.arange(1, len(e_index) + 1), "trajectory_id": trajectory_id[e_index],
        "received_on": _days(e_received[e_index]),
        **{column: marks[:, k].astype(np.int64) for k, column in enumerate(
            ("mark_results", "mark_process", "mark_quality", "mark_presentation", "mark_service"))},
        "remarks": remark})
    say(f"overdrachten en evaluaties geschreven ({time.perf_counter() - began:.1f} s)")
    return rows


def _plan_advisors(rng: np.random.Generator, organisation_ids: np.ndarray, positions: np.ndarray,
                   mean_career: float | None, start_day: int, end_day: int) -> dict[str, np.ndarray]:
    """Advisors position by position: each career follows the previous one; the first began before the start.

    Returns arrays ``id``, ``org``, ``number`` (within the organisation), ``slot``, ``from`` and ``to``
    (``MISSING`` while still employed on the end date), sorted by slot and start: the layout
    ``_advisor_at`` searches.
    """
    slots, orgs, starts, ends = [], [], [], []
    slot = 0
    for organisation, count in zip(organisation_ids.tolist(), positions.tolist()):
        for _ in range(count):
            if mean_career is None:
                begin = start_day - int(rng.integers(0, 366))
                slots.append(slot), orgs.append(organisation), starts.append(begin), ends.append(MISSING)
            else:
                length = int(mean_career * rng.uniform(0.5, 1.5)) + 1
                begin = start_day - int(rng.integers(0, length))
                while begin <= end_day:
                    finish = begin + length - 1
                    slots.append(slot), orgs.append(organisation), starts.append(begin)
                    ends.append(finish if finish < end_day else MISSING)
                    begin = finish + 1
                    length = int(mean_career * rng.uniform(0.5, 1.5)) + 1
            slot += 1
    org = np.array(orgs, dtype=np.int64)
    number = np.zeros(len(org), dtype=np.int64)
    seen: dict[int, int] = {}
    for index, organisation in enumerate(orgs):
        seen[organisation] = seen.get(organisation, 0) + 1
        number[index] = seen[organisation]
    return {"id": np.arange(1, len(org) + 1), "org": org, "number": number, "slot": np.array(slots),
            "from": np.array(starts, dtype=np.int64), "to": np.array(ends, dtype=np.int64)}


def _advisor_at(adv: dict[str, np.ndarray], slot: np.ndarray, day: np.ndarray) -> np.ndarray:
    """The index of the advisor holding position ``slot`` on ``day`` (the last career begun by then)."""
    base = np.int64(1 << 24)
    keys = adv["slot"].astype(np.int64) * base + (adv["from"] + (1 << 22))
    wanted = slot.astype(np.int64) * base + (day.astype(np.int64) + (1 << 22))
    return np.searchsorted(keys, wanted, side="right") - 1
