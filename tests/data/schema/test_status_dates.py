"""The requests' own status dates agree with the status history, so as-of counts need no window over it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from dashboard.data.sources import synth
from dashboard.data.schema import db, lifecycle
from dashboard.data.schema.models import STATUS_DATE_ATTRIBUTE, Request, Status, StatusChange
from dashboard.data.queries.summary import status_on
from tests.data.schema.test_migrations import migrate


def statuses_from_history(session: Session, as_of: dt.date) -> dict[int, Status]:
    """Each request's last status on ``as_of``, from the full history (the definition the dates replace)."""
    ranked = select(
        StatusChange.request_id, StatusChange.status,
        func.row_number().over(partition_by=StatusChange.request_id,
                               order_by=(StatusChange.changed_on.desc(), StatusChange.id.desc())).label("position"),
    ).where(StatusChange.changed_on <= as_of).subquery()
    rows = session.execute(select(ranked.c.request_id, ranked.c.status).where(ranked.c.position == 1))
    return {request_id: Status(status) for request_id, status in rows}


def statuses_from_dates(session: Session, as_of: dt.date) -> dict[int, Status]:
    """Each request's status on ``as_of`` as the dashboard's queries compute it."""
    rows = session.execute(select(Request.id, status_on(as_of)).where(Request.received_on <= as_of))
    return {request_id: Status(status) for request_id, status in rows}


def change_dates(session: Session) -> list[dt.date]:
    """Every date on which some status changed, and the day before each."""
    days = session.execute(select(StatusChange.changed_on).distinct()).scalars().all()
    return sorted({d for day in days for d in (day, day - dt.timedelta(days=1))})


def test_the_reconstruction_agrees_on_every_day_something_changed(session):
    dates = change_dates(session)
    assert len(dates) > 100
    for as_of in dates:
        assert statuses_from_dates(session, as_of) == statuses_from_history(session, as_of), as_of


def test_a_synthetic_programme_agrees_too(tmp_path):
    url = f"sqlite:///{tmp_path / 'synth.sqlite'}"
    engine = db.make_engine(url)
    synth.synthesize(engine, 3_000, 5, per_year=1_500)
    with Session(engine) as s:
        dates = change_dates(s)
        for as_of in dates[:: max(1, len(dates) // 60)] + [dates[-1]]:
            by_dates = statuses_from_dates(s, as_of)
            assert by_dates == statuses_from_history(s, as_of), as_of
        assert set(by_dates.values()) >= {Status.RUNNING, Status.COMPLETED, Status.WITHDRAWN, Status.REJECTED}
    engine.dispose()


def test_the_lifecycle_sets_the_date_of_each_status(empty_engine):
    with Session(empty_engine):
        request = Request(gemeente_id=1, received_on=dt.date(2007, 1, 2), applicant_type="gemeente",
                          channel="website")
        lifecycle.open_request(request)
        steps = [(Status.INTAKE, dt.date(2007, 1, 5)), (Status.WAITLIST, dt.date(2007, 1, 5)),
                 (Status.RUNNING, dt.date(2007, 2, 1)), (Status.WITHDRAWN, dt.date(2007, 3, 1))]
        for status, on in steps:
            lifecycle.change_status(request, status, on, reason="stopt" if status is Status.WITHDRAWN else None)
        for status, on in steps:
            assert getattr(request, STATUS_DATE_ATTRIBUTE[status]) == on
        assert request.completed_on is None and request.rejected_on is None


def test_the_migration_fills_the_dates_from_the_history(tmp_path):
    from dashboard.data.sources.loader import load_demo

    engine = db.make_engine(f"sqlite:///{tmp_path / 'migrate.sqlite'}")
    load_demo(engine)
    columns = [STATUS_DATE_ATTRIBUTE[s] for s in Status if s is not Status.RECEIVED]
    dates = select(Request.id, *(getattr(Request, c) for c in columns)).order_by(Request.id)
    with Session(engine) as s:
        before = s.execute(dates).all()
    migrate(engine, "0005", down=True)
    with engine.connect() as connection:
        assert "intake_on" not in [c["name"] for c in inspect(connection).get_columns("requests")]
    db.upgrade(engine)
    with Session(engine) as s:
        assert s.execute(dates).all() == before
    assert any(row.completed_on for row in before) and any(row.withdrawn_on for row in before)
    engine.dispose()
