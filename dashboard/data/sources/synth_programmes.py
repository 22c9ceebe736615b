"""Many synthetic programmes side by side: ``synth --programmes P`` spreads the synthetic requests over P
overlapping programmes, as the report's §4.2 foresees (one national impulse after another, partly at once,
with the same organisations and advisors).

The programmes start at an even pace over the synthetic period and last one to three years each (longer only
when fewer programmes than that must cover the period, so that every request has a programme). Each has its
own weight (how many of the requests arriving while it runs are its), its own mix of themes (one to four;
a request keeps only the themes of its programme), a target near what it will receive over its whole period
(some ahead, some behind their pace) and a dagdelen budget of twenty a request. Everything is drawn from the
generator that ``synth`` passes, so the same seed gives the same programmes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from dashboard.data.schema.models import Programme, ProgrammeEvent

YEAR = 365
SHORTEST, LONGEST = YEAR, 3 * YEAR  # days a programme runs
THEME_NAMES = ("infrastructuur", "beleid", "doelgroepen", "zorg")
EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class ProgrammePlan:
    """P programmes as arrays: first and last day (day numbers), weight and theme mask (P × 4 booleans)."""

    starts: np.ndarray
    ends: np.ndarray
    weights: np.ndarray
    themes: np.ndarray

    @property
    def count(self) -> int:
        """How many programmes."""
        return len(self.starts)


def plan(rng: np.random.Generator, count: int, first_day: int, last_day: int) -> ProgrammePlan:
    """``count`` programmes over the days ``first_day`` to ``last_day``: starting at an even pace, each running
    one to three years (at least the distance to the next start, so that every day has a programme)."""
    if count == 1:
        return ProgrammePlan(np.array([first_day]), np.array([last_day]), np.ones(1), np.ones((1, 4), dtype=bool))
    pace = (last_day - first_day + 1) / count
    starts = first_day + np.floor(np.arange(count) * pace).astype(np.int64)
    lengths = np.maximum(rng.integers(SHORTEST, LONGEST + 1, count), int(np.ceil(pace)) + 1)
    weights = rng.lognormal(0.0, 0.5, count)
    themes = rng.random((count, 4)) < 0.5
    themes[np.arange(count), rng.integers(0, 4, count)] = True
    return ProgrammePlan(starts, starts + lengths - 1, weights, themes)


def assign(rng: np.random.Generator, programmes: ProgrammePlan, received: np.ndarray) -> np.ndarray:
    """The programme (0 to P-1) of each request by the day it was received: one of those running then, drawn by
    weight (the largest weighted key among them: a Gumbel draw)."""
    k = np.searchsorted(programmes.starts, received, side="right")  # programmes begun by then: 0..k-1
    best = np.full(len(received), -np.inf)
    chosen = np.zeros(len(received), dtype=np.int64)
    longest = int((programmes.ends - programmes.starts).max()) + 1
    step = max(1, int(np.min(np.diff(programmes.starts)))) if programmes.count > 1 else 1
    for back in range(1, min(programmes.count, longest // step + 2) + 1):
        index = k - back
        valid = index >= 0
        candidate = np.where(valid, index, 0)
        running = valid & (programmes.ends[candidate] >= received)
        key = np.log(programmes.weights[candidate]) - np.log(-np.log(rng.random(len(received))))
        better = running & (key > best)
        best[better], chosen[better] = key[better], candidate[better]
    chosen[np.isinf(best)] = np.clip(k[np.isinf(best)] - 1, 0, programmes.count - 1)  # before the first start
    return chosen


def keep_programme_themes(themes: np.ndarray, programmes: ProgrammePlan, programme_of: np.ndarray,
                          rng: np.random.Generator) -> np.ndarray:
    """The requests' themes (R × 4 booleans) narrowed to their programme's; a request left without one gets one
    of its programme's themes."""
    allowed = programmes.themes[programme_of]
    kept = themes & allowed
    empty = np.flatnonzero(~kept.any(axis=1))
    if len(empty):
        scores = rng.random((len(empty), 4)) * allowed[empty]
        kept[empty, scores.argmax(axis=1)] = True
    return kept


def _date(day: int) -> dt.date:
    """A day number as a date."""
    return EPOCH + dt.timedelta(days=int(day))


def programme_rows(programmes: ProgrammePlan, title: str) -> list[dict]:
    """The programmes' settings but their targets (``targets``): names (the first carries ``title``), slugs,
    periods and themes."""
    rows = []
    for i in range(programmes.count):
        themes = [name for name, on in zip(THEME_NAMES, programmes.themes[i]) if on]
        rows.append({"name": title if i == 0 else f"Synthetisch programma {i + 1:03d} ({', '.join(themes)})",
                     "slug": f"synthetisch-{i + 1:03d}", "themes": ",".join(themes),
                     "target_requests": 10, "dagdelen_budget": 200,
                     "starts_on": _date(programmes.starts[i]), "ends_on": _date(programmes.ends[i])})
    return rows


def targets(programmes: ProgrammePlan, programme_of: np.ndarray, last_day: int,
            rng: np.random.Generator) -> np.ndarray:
    """Each programme's target: near what it receives over its whole period (its requests by ``last_day``,
    extended to its end), some ahead of it and some behind."""
    received = np.bincount(programme_of, minlength=programmes.count)
    seen_days = np.minimum(programmes.ends, last_day) - programmes.starts + 1
    whole = received * (programmes.ends - programmes.starts + 1) / np.maximum(seen_days, 1)
    return np.maximum(10, np.round(whole * rng.uniform(0.85, 1.3, programmes.count), -1)).astype(int)


def set_targets(session, ids: list[int], chosen: np.ndarray) -> None:
    """Give the programmes ``ids`` their targets and budgets of twenty dagdelen a request."""
    for programme_id, target in zip(ids, chosen.tolist()):
        programme = session.get(Programme, programme_id)
        programme.target_requests, programme.dagdelen_budget = target, target * 20


def write_programmes(session, first: Programme, rows: list[dict]) -> list[int]:
    """Give the programme ``write_reference`` made the first row's settings and add the others, each with the
    milestones of a start (pool, website, mailing); their ids in the order of ``rows``."""
    for key, value in rows[0].items():
        setattr(first, key, value)
    others = [Programme(**row) for row in rows[1:]]
    session.add_all(others)
    session.flush()
    for programme in others:
        start = programme.starts_on
        session.add_all(ProgrammeEvent(programme_id=programme.id, kind=kind, occurred_on=start + dt.timedelta(days=d),
                                       label=label)
                        for kind, d, label in (("pool_gevormd", 0, "Adviseurspool gevormd"),
                                               ("website", 30, "Website online"),
                                               ("mailing", 60, "Mailing aan alle gemeenten en steunpunten")))
    session.flush()
    return [first.id, *(programme.id for programme in others)]
