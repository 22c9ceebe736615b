"""Reading the curated seed files under ``data/seed/`` (built from the final report)."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from dashboard.data.schema.db import PROJECT_ROOT

SEED_DIR = PROJECT_ROOT / "data" / "seed"
GEO_DIR = PROJECT_ROOT / "data" / "geo"


@dataclass(frozen=True)
class SeedProvince:
    """A province row of ``provinces.csv``."""

    code: str
    name: str
    gemeenten_2008: int
    involved_report: int


@dataclass(frozen=True)
class SeedOrganisation:
    """An organisation row of ``organisations.csv`` with the report's per-CMO figures."""

    name: str
    kind: str
    province: str | None
    advisors_at_start: int
    trajectories_in_province: int | None
    completed: int


@dataclass(frozen=True)
class SeedTrajectory:
    """A trajectory of Bijlage 1: its province, gemeenten (lead first) and result text."""

    nr: int
    province: str
    gemeenten: tuple[str, ...]
    result: str


@dataclass(frozen=True)
class SeedNotStarted:
    """One of the 17 requests that never became a trajectory (gemeente chosen, reason from the report)."""

    gemeente: str
    province: str
    outcome: str
    from_status: str
    reason: str


@dataclass(frozen=True)
class SeedEvent:
    """A programme milestone of ``events.csv``."""

    kind: str
    occurred_on: dt.date
    label: str


@dataclass(frozen=True)
class SeedProgramme:
    """The programme's settings of ``programme.csv``."""

    name: str
    slug: str
    target_requests: int
    dagdelen_budget: int
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class SeedData:
    """Everything the reconstruction starts from."""

    programme: SeedProgramme
    events: tuple[SeedEvent, ...]
    provinces: tuple[SeedProvince, ...]
    organisations: tuple[SeedOrganisation, ...]
    gemeenten: tuple[tuple[str, str], ...]
    trajectories: tuple[SeedTrajectory, ...]
    not_started: tuple[SeedNotStarted, ...]
    remarks: tuple[tuple[str, str], ...]
    coordinates: dict[str, tuple[float, float]]
    # (organisation, dagdelen per advisor per week) of capacity.csv; organisations not listed get the default.
    capacity: tuple[tuple[str, float], ...] = ()


def _rows(path: Path) -> list[dict[str, str]]:
    """Read a UTF-8 CSV file with a header row."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _optional_int(value: str) -> int | None:
    """Parse an integer cell that may be empty."""
    return int(value) if value.strip() else None


def read_seed(seed_dir: Path = SEED_DIR, geo_dir: Path = GEO_DIR) -> SeedData:
    """Read all seed files from ``seed_dir`` and the gemeente coordinates from ``geo_dir``."""
    (programme,) = (
        SeedProgramme(
            name=row["name"],
            slug=row["slug"],
            target_requests=int(row["target_requests"]),
            dagdelen_budget=int(row["dagdelen_budget"]),
            starts_on=dt.date.fromisoformat(row["starts_on"]),
            ends_on=dt.date.fromisoformat(row["ends_on"]),
        )
        for row in _rows(seed_dir / "programme.csv")
    )
    return SeedData(
        programme=programme,
        events=tuple(
            SeedEvent(row["kind"], dt.date.fromisoformat(row["occurred_on"]), row["label"])
            for row in _rows(seed_dir / "events.csv")
        ),
        provinces=tuple(
            SeedProvince(row["code"], row["name"], int(row["gemeenten_2008"]), int(row["involved_report"]))
            for row in _rows(seed_dir / "provinces.csv")
        ),
        organisations=tuple(
            SeedOrganisation(
                name=row["name"],
                kind=row["kind"],
                province=row["province"] or None,
                advisors_at_start=_optional_int(row["advisors_at_start"]) or 0,
                trajectories_in_province=_optional_int(row["trajectories_in_province_report"]),
                completed=int(row["completed_report"]),
            )
            for row in _rows(seed_dir / "organisations.csv")
        ),
        gemeenten=tuple((row["gemeente"], row["province"]) for row in _rows(seed_dir / "gemeenten.csv")),
        trajectories=tuple(
            SeedTrajectory(int(row["nr"]), row["province"], tuple(row["gemeenten"].split("|")), row["result"])
            for row in _rows(seed_dir / "trajectories.csv")
        ),
        not_started=tuple(
            SeedNotStarted(row["gemeente"], row["province"], row["outcome"], row["from_status"], row["reason"])
            for row in _rows(seed_dir / "not_started.csv")
        ),
        remarks=tuple((row["gemeente"], row["remark"]) for row in _rows(seed_dir / "remarks.csv")),
        coordinates={row["gemeente"]: (float(row["lat"]), float(row["lon"]))
                     for row in _rows(geo_dir / "gemeenten.csv")},
        capacity=tuple((row["organisation"], float(row["dagdelen_per_advisor_week"]))
                       for row in _rows(seed_dir / "capacity.csv")) if (seed_dir / "capacity.csv").exists() else (),
    )
