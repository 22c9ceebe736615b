"""Choices for the shared filters: the provinces and organisations in the database."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.data.schema.models import Organisation, Province


def filter_choices(session: Session) -> dict[str, list[str]]:
    """Province and organisation names, in their usual order."""
    return {
        "province": list(session.execute(select(Province.name).order_by(Province.id)).scalars()),
        "organisation": list(session.execute(select(Organisation.name).order_by(Organisation.id)).scalars()),
    }
