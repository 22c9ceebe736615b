"""The data version: every writer bumps it in its own transaction; readers compare it to cached state and to
the version the derived tables were built for (``data.derived.snapshots``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dashboard.data.derived import change_tracking, snapshots
from dashboard.data.schema.models import DataVersion, SnapshotState


def bump_data_version(session: Session) -> None:
    """Count one more change to the data and rebuild the derived tables for it, in the caller's transaction:
    from the first day the transaction's changes touch, and only the programmes they touch, when that is known
    (``change_tracking``)."""
    session.flush()
    changes = change_tracking.changes(session)
    session.execute(update(DataVersion).where(DataVersion.id == 1).values(
        version=DataVersion.version + 1, changed_at=dt.datetime.now(dt.timezone.utc)))
    if changes is None:
        snapshots.rebuild(session)
    else:
        snapshots.rebuild(session, changes.first_day, changes.programmes)
    change_tracking.forget(session)


def bump_version_only(session: Session) -> None:
    """Count one more change that no derived table counts (a note), in the caller's transaction: cached answers
    and open pages see the new version, and derived tables that matched the old one are marked as matching it."""
    in_step = snapshots.current(session) is not None
    session.execute(update(DataVersion).where(DataVersion.id == 1).values(
        version=DataVersion.version + 1, changed_at=dt.datetime.now(dt.timezone.utc)))
    if in_step:
        new = session.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar_one()
        session.execute(update(SnapshotState).where(SnapshotState.id == 1).values(data_version=new))


def data_version(session: Session) -> tuple[int, dt.datetime | None]:
    """The current version number and when the data last changed."""
    row = session.execute(select(DataVersion.version, DataVersion.changed_at).where(DataVersion.id == 1)).first()
    return (row.version, row.changed_at) if row else (0, None)
