"""Benchmark of a write to one programme: the rebuild of the derived tables after changing one request.

Run from the repository root on a synthetic database of many programmes, for example:

    .venv/bin/python -m dashboard --database sqlite:////tmp/rb.sqlite synth --trajectories 100000 --programmes 30
    PYTHONPATH=. .venv/bin/python scripts/bench_programme_write.py /tmp/rb.sqlite

It copies the SQLite file to a temporary directory (the original is left alone), and then, ``--repeat`` times,
changes the channel of one request (of the programme with the most requests received ``--months-back`` months
before the levels' last month, the first such request) through the ORM, times ``bump_data_version`` (the flush
and the rebuild of the derived tables) and rolls the change back, so every round rebuilds the same months. A
first round, not counted, compiles the rebuild's statements. It prints the median and the range of the
rounds, and the rows the rebuild deleted from the derived tables (to insert them anew).
This is a measurement, not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from dashboard.data.derived.running_totals import first_day
from dashboard.data.schema import db
from dashboard.data.schema.models import Base, Channel, Programme, Request, SnapshotState
from dashboard.data.schema.versioning import bump_data_version

DERIVED = ("monthly_levels", "monthly_totals", "gemeente_involvement", "gemeente_levels", "organisation_months",
           "capacity_months")


def arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path, help="a synthetic SQLite database of several programmes")
    parser.add_argument("--repeat", type=int, default=5, help="rounds measured (default 5)")
    parser.add_argument("--months-back", type=int, default=3,
                        help="how many months before the levels' last month the request was received (default 3)")
    return parser.parse_args()


def chosen_request(session: Session, months_back: int) -> tuple[int, str]:
    """The id of the request to change and the slug of its programme."""
    last = session.execute(select(SnapshotState.last_month)).scalar_one()
    start, end = first_day(last - months_back), first_day(last - months_back + 1)
    in_month = Request.received_on >= start, Request.received_on < end
    programme = session.execute(select(Request.programme_id).where(*in_month).group_by(Request.programme_id)
                                .order_by(func.count().desc()).limit(1)).scalar_one()
    request = session.execute(select(func.min(Request.id)).where(*in_month, Request.programme_id == programme)
                              ).scalar_one()
    slug = session.execute(select(Programme.slug).where(Programme.id == programme)).scalar_one()
    return request, slug


class RowCounter:
    """Counts the rows deleted from the derived tables (to be rebuilt) while installed on ``engine``."""

    def __init__(self, engine) -> None:
        self.deleted = 0
        event.listen(engine, "after_cursor_execute", self._count)

    def _count(self, _connection, cursor, statement: str, *_arguments) -> None:
        words = statement.split(None, 3)
        if words[:2] == ["DELETE", "FROM"] and len(words) > 2 and words[2] in DERIVED:
            self.deleted += max(cursor.rowcount, 0)


def one_round(engine, request_id: int) -> float:
    """Change the request's channel, time ``bump_data_version``, roll back; the seconds it took."""
    with Session(engine) as session:
        request = session.get(Request, request_id)
        request.channel = Channel.ADVISEUR if request.channel is Channel.MAILING else Channel.MAILING
        began = time.perf_counter()
        bump_data_version(session)
        took = time.perf_counter() - began
        session.rollback()
    return took


def main() -> None:
    """Measure and print."""
    options = arguments()
    with tempfile.TemporaryDirectory() as directory:
        copy = Path(directory) / options.database.name
        shutil.copy(options.database, copy)
        engine = db.make_engine(f"sqlite:///{copy}")
        with Session(engine) as session:
            request_id, slug = chosen_request(session, options.months_back)
            programmes = session.execute(select(func.count()).select_from(Programme)).scalar_one()
            requests = session.execute(select(func.count()).select_from(Request)).scalar_one()
            rows = {name: session.execute(select(func.count()).select_from(Base.metadata.tables[name])).scalar_one()
                    for name in DERIVED}
        print(f"{programmes} programmes, {requests} requests; derived rows: {rows}")
        print(f"changing request {request_id} of {slug}, received {options.months_back} months before the last")
        one_round(engine, request_id)  # compiles the statements
        counter = RowCounter(engine)
        times = [one_round(engine, request_id) for _ in range(options.repeat)]
        print(f"rebuild: median {statistics.median(times):.2f} s, {min(times):.2f}-{max(times):.2f} s "
              f"over {len(times)} rounds")
        print(f"derived rows deleted (and rebuilt) per round: {counter.deleted // len(times)}")
        engine.dispose()


if __name__ == "__main__":
    main()
