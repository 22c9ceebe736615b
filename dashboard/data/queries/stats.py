"""The key figures as a JSON-ready dict: the contract of ``stats`` and ``/api/v1/summary``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.data.queries import summary
from dashboard.data.queries.filters import NO_FILTERS, Filters


def _rounded(value: float | None, digits: int = 1) -> float | None:
    """Round for display in JSON, keeping None."""
    return None if value is None else round(value, digits)


def _count_or_none(value: Any) -> int | None:
    """Convert a count cell to int, keeping a missing value as None."""
    return None if pd.isna(value) else int(value)


def key_figures(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> dict[str, Any]:
    """Return the programme's key figures on ``as_of`` in the ``stats`` JSON shape."""
    head = summary.headline(session, as_of, filters)
    by_status = summary.requests_by_status(session, as_of, filters)
    aspects = summary.evaluation_summary(session, as_of, filters)
    provinces = summary.province_table(session, as_of, filters)
    organisations = summary.organisation_table(session, as_of, filters)
    return {
        "as_of": as_of.isoformat(),
        "requests": {
            "total": head.requests,
            "not_started": head.not_started,
            "by_status": {status.value: count for status, count in by_status.items()},
            "by_applicant": summary.requests_by(session, "applicant_type", as_of, filters),
            "by_channel": summary.requests_by(session, "channel", as_of, filters),
        },
        "trajectories": {
            "started": head.started,
            "running": head.running,
            "work_finished": head.work_finished,
            "completed": head.completed,
        },
        "gemeenten_involved": head.gemeenten_involved,
        "dagdelen": {
            "total": head.dagdelen.total,
            "mean": _rounded(head.dagdelen.mean),
            "min": head.dagdelen.minimum,
            "max": head.dagdelen.maximum,
        },
        "provinces": [
            {"province": r.province, "gemeenten": int(r.gemeenten), "involved": int(r.involved),
             "trajectories": int(r.trajectories)}
            for r in provinces.itertuples()
        ],
        "organisations": [
            {"organisation": r.organisation, "advisors": int(r.advisors),
             "trajectories_in_province": _count_or_none(r.trajectories_in_province),
             "completed": int(r.completed)}
            for r in organisations.itertuples()
        ],
        "evaluations": {
            "forms": head.evaluation_forms,
            "mean": _rounded(head.evaluation_mean),
            "aspects": {r.aspect.removeprefix("mark_"): _rounded(r.mean, 2) for r in aspects.itertuples()},
        },
    }
