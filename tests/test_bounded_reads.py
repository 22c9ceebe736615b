"""The architecture at scale: no data callback reads more rows from the database as the programme grows.

Two synthetic programmes over the same two years, one three times the other (2,000 and 6,000
trajectories), are served by apps built through the factory; every page's data callbacks
(``dashboard.benchmark.pages.PAGES``) are called through the real Dash endpoint as a signed-in
project leader, and every row SQLite hands to Python is counted (a ``row_factory`` on each new
connection, so nothing the driver returns escapes the count). A callback passes when it reads at
most ``BOUND`` rows on the larger database and not more than on the smaller one, give or take
``SLACK``: aggregates per month, province or organisation stay the same when only the number of
trajectories grows; lists of rows do not.

Lists stay bounded by counting and ranking in SQL: lead-time medians come from the middle rows of
each month, the map has one point per gemeente, and the long lists (waiting requests, a signal's
trajectories, hand-overs, advisors, low marks, owed forms) show their first rows with ``LIMIT``
and say how many there are in all from a ``COUNT``. Run with ``-s`` to see the rows read per callback.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.pool import Pool

from dashboard.benchmark.pages import PAGES, Context, callback_body, input_values, page_search
from dashboard.data.schema import db
from dashboard.data.sources.synth import END, synthesize
from tests.signing_in import signed_in

SIZES = (2_000, 6_000)
YEARS = 2
BOUND = 2_500
SLACK = 100

class RowCount:
    """Rows handed to Python per SQL statement, for SQLite connections opened while counting."""

    def __init__(self) -> None:
        self.by_statement: Counter[str] = Counter()
        self.statement = ""

    def reset(self) -> None:
        """Start counting afresh."""
        self.by_statement.clear()

    @property
    def total(self) -> int:
        """All rows counted since the last reset."""
        return sum(self.by_statement.values())

    def row(self, _cursor, row):
        """The sqlite3 row factory: count the row, return it unchanged."""
        self.by_statement[self.statement] += 1
        return row

    def on_connect(self, dbapi_connection, _record) -> None:
        """Count every row of a new connection."""
        dbapi_connection.row_factory = self.row

    def on_execute(self, _connection, _cursor, statement, _parameters, _context, _executemany) -> None:
        """Remember which statement the next rows belong to."""
        self.statement = " ".join(statement.split())[:160]


@pytest.fixture(scope="module")
def rows_read(tmp_path_factory) -> Iterator[dict[str, tuple[int, int, list[tuple[str, int]]]]]:
    """Per callback: rows read at the smaller size, at the larger size, and the largest statements there."""
    counter = RowCount()
    event.listen(Pool, "connect", counter.on_connect)
    event.listen(Engine, "before_cursor_execute", counter.on_execute)
    from dashboard.factory import create_app

    found: dict[str, list] = {}
    try:
        for size in SIZES:
            url = f"sqlite:///{tmp_path_factory.mktemp('bounded') / f'n{size}.sqlite'}"
            engine = db.make_engine(url)
            synthesize(engine, size, 11, per_year=size // YEARS)
            engine.dispose()
            app = create_app({"database_url": url, "load_demo_if_new": False})
            client = signed_in(app)
            context = Context(as_of=END, trajectory=size // 2)
            for page in PAGES:
                values = input_values(page, page_search(page, context), 1)
                for spec in page.callbacks:
                    body = callback_body(app.callback_map, spec.output, values)
                    counter.reset()
                    response = client.post("/_dash-update-component", json=body)
                    assert response.status_code == 200, (spec.name, response.data[:300])
                    found.setdefault(spec.name, []).append((counter.total, counter.by_statement.most_common(3)))
            app.server.extensions[db.EXTENSION_KEY].kw["bind"].dispose()
        yield {name: (small[0], large[0], large[1]) for name, (small, large) in found.items()}
    finally:
        event.remove(Pool, "connect", counter.on_connect)
        event.remove(Engine, "before_cursor_execute", counter.on_execute)


CALLBACKS = [spec.name for page in PAGES for spec in page.callbacks]


@pytest.mark.parametrize("callback", CALLBACKS)
def test_callback_reads_a_bounded_number_of_rows(rows_read, callback):
    small, large, statements = rows_read[callback]
    print(f"{callback}: {small:,} rows at {SIZES[0]:,} trajectories, {large:,} at {SIZES[1]:,}")
    where = "; ".join(f"{rows} rows: {statement}" for statement, rows in statements)
    assert large <= BOUND, f"{callback} reads {large} rows at {SIZES[1]} trajectories ({where})"
    assert large <= small + SLACK, (f"{callback} reads {small} rows at {SIZES[0]} and {large} at {SIZES[1]} "
                                    f"trajectories: it grows with N ({where})")


def test_the_count_sees_the_rows(rows_read):
    """The trajectory list is capped at MAX_ROWS: the count must see all of them, at both sizes."""
    from dashboard.data.queries.trajectories import MAX_ROWS

    small, large, _ = rows_read["list_trajectories"]
    assert small >= MAX_ROWS and large >= MAX_ROWS
