"""Alembic migrations: up and down on a database with data, the data kept and backfilled."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.data.derived import snapshots
from dashboard.data.schema.db import alembic_config, make_engine, upgrade
from dashboard.data.sources.loader import load_demo
from dashboard.data.queries.stats import key_figures
from dashboard.data.schema.models import Gemeente, Programme, Request, Trajectory, capacity_months


def migrate(engine, revision: str, down: bool = False) -> None:
    """Move the schema of ``engine`` to ``revision``."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_coordinates_are_backfilled_for_existing_gemeenten(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'migrate.sqlite'}")
    load_demo(engine)
    migrate(engine, "0002", down=True)
    with engine.connect() as connection:
        columns = [row[1] for row in connection.execute(text("PRAGMA table_info(gemeenten)"))]
        assert "latitude" not in columns
        assert connection.execute(text("SELECT count(*) FROM requests")).scalar() == 131
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).where(Gemeente.latitude.is_(None))).scalar() == 0
        assert connection.execute(select(func.count(Gemeente.id))).scalar() == 175


def test_the_list_indexes_come_and_go(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'indexes.sqlite'}")
    load_demo(engine)

    def indexes() -> set[str]:  # from the catalogue: SQLAlchemy does not reflect an index on an expression
        with engine.connect() as connection:
            return set(connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'")).scalars())

    widened = {"ix_evaluations_lowest_mark", "ix_trajectories_started_on_request_id",
               "ix_trajectories_work_finished_on_started_on", "ix_trajectories_completed_on_started_on",
               "ix_trajectories_organisation_id_nr"}
    single = {"ix_trajectories_started_on", "ix_trajectories_work_finished_on", "ix_trajectories_completed_on",
              "ix_trajectories_organisation_id"}
    assert widened <= indexes() and not single & indexes()
    migrate(engine, "0008", down=True)
    assert single <= indexes() and not widened & indexes()
    upgrade(engine)
    assert widened <= indexes() and not single & indexes()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM evaluations")).scalar() == 67


def test_capacity_months_come_with_a_rebuild(tmp_path):
    """0013 adds ``capacity_months`` empty and forgets the derived tables' version, so the next start rebuilds them
    all; downgrading drops the table."""
    engine = make_engine(f"sqlite:///{tmp_path / 'capacity.sqlite'}")
    load_demo(engine)
    migrate(engine, "0012", down=True)
    migrate(engine, "head")
    with Session(engine) as session:
        assert snapshots.current(session) is None
        assert session.execute(select(func.count()).select_from(capacity_months)).scalar_one() == 0
    upgrade(engine)
    with Session(engine) as session:
        assert snapshots.current(session) is not None
        assert session.execute(select(func.count()).select_from(capacity_months)).scalar_one() > 20
    migrate(engine, "0012", down=True)
    with engine.connect() as connection:
        assert "capacity_months" not in {row[0] for row in connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
    engine.dispose()


def test_the_gemeente_levels_get_facets_and_are_rebuilt(tmp_path):
    """Migration 0014 keys the gemeente levels by a facet too, empties them and marks the derived tables stale,
    so the next start fills every facet; going back keeps the rows of all trajectories, in step."""
    engine = make_engine(f"sqlite:///{tmp_path / 'facets.sqlite'}")
    load_demo(engine)
    measures = "month, gemeente_id, province_id, trajectories, dagdelen, running, first_started_on, latest_key"

    def read(query: str) -> list:
        with engine.connect() as connection:
            return connection.execute(text(query)).all()

    def columns() -> set[str]:
        return {row[1] for row in read("PRAGMA table_info(gemeente_levels)")}

    of_all = read(f"SELECT {measures} FROM gemeente_levels WHERE organisation_id = 0 AND theme = '' "
                  "AND applicant_type = '' ORDER BY 1, 2, 3")
    migrate(engine, "0013", down=True)
    assert not {"organisation_id", "theme", "applicant_type"} & columns()
    assert len(of_all) > 100 and read(f"SELECT {measures} FROM gemeente_levels ORDER BY 1, 2, 3") == of_all
    assert read("SELECT count(*) FROM snapshot_state") == [(1,)]
    migrate(engine, "head")
    assert {"organisation_id", "theme", "applicant_type"} <= columns()
    assert read("SELECT count(*) FROM snapshot_state") == [(0,)]
    assert read("SELECT count(*) FROM gemeente_levels") == [(0,)]
    upgrade(engine)
    assert read("SELECT count(*) FROM snapshot_state") == [(1,)]
    facets = read("SELECT organisation_id <> 0, theme <> '', applicant_type <> '', count(*) FROM gemeente_levels "
                  "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")
    assert [tuple(row[:3]) for row in facets] == [(0, 0, 0), (0, 0, 1), (0, 1, 0), (1, 0, 0)]
    assert all(row[3] > 0 for row in facets)


def test_users_can_be_disabled_from_0015_and_the_column_goes_on_downgrade(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'users.sqlite'}")
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO users (name, role, password_hash, demo, created_at) "
                                "VALUES ('a', 'stuurgroep', 'x', 0, '2007-01-01')"))
        assert connection.execute(text("SELECT disabled FROM users")).scalar() == 0
    migrate(engine, "0014", down=True)
    with engine.connect() as connection:
        assert "disabled" not in [row[1] for row in connection.execute(text("PRAGMA table_info(users)"))]
    migrate(engine, "head")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name, disabled FROM users")).all() == [("a", 0)]


def test_notes_come_with_0016_and_go_on_downgrade(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'notes.sqlite'}")
    load_demo(engine)

    def tables() -> set[str]:
        with engine.connect() as connection:
            return set(connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars())

    with engine.begin() as connection:
        connection.execute(text("INSERT INTO notes (noted_on, text, scope, author, created_at, updated_at) "
                                "VALUES ('2006-10-02', 'mailing verstuurd', 'programme', 'a', '2006-10-02', "
                                "'2006-10-02')"))
    migrate(engine, "0015", down=True)
    assert "notes" not in tables()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM requests")).scalar() == 131
    migrate(engine, "head")
    assert "notes" in tables()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM notes")).scalar() == 0
    with pytest.raises(IntegrityError), engine.begin() as connection:  # an organisation note names its organisation
        connection.execute(text("INSERT INTO notes (noted_on, text, scope, author, created_at, updated_at) "
                                "VALUES ('2006-10-02', 'x', 'organisation', 'a', '2006-10-02', '2006-10-02')"))


def _figures(engine, as_of: dt.date) -> dict:
    """The stats figures of the (only) programme on ``as_of``."""
    with Session(engine) as session:
        return key_figures(session, as_of)


def _derived(engine) -> dict[str, list]:
    """The rows of the derived tables kept per programme, without the programme's column."""
    rows = {}
    with engine.connect() as connection:
        for name in ("monthly_levels", "monthly_totals", "gemeente_involvement", "gemeente_levels",
                     "organisation_months"):
            table = sa.Table(name, sa.MetaData(), autoload_with=connection)
            columns = [column for column in table.c if column.name != "programme_id"]
            rows[name] = connection.execute(sa.select(*columns).order_by(*columns)).all()
    return rows


def test_0017_puts_everything_in_avi_130_without_changing_a_number_and_back(tmp_path):
    """Every request and trajectory goes to programme ``avi-130``; the derived tables keep their rows, keyed by it,
    still in step with the data (no rebuild), and every figure is the same before, after and back again."""
    engine = make_engine(f"sqlite:///{tmp_path / 'programmes.sqlite'}")
    load_demo(engine)
    days = (dt.date(2006, 12, 31), dt.date(2007, 11, 30), dt.date(2008, 6, 1))
    at_head, derived = [_figures(engine, day) for day in days], _derived(engine)
    migrate(engine, "0016", down=True)
    with engine.connect() as connection:
        assert "programme_id" not in {row[1] for row in connection.execute(text("PRAGMA table_info(requests)"))}
        assert "slug" not in {row[1] for row in connection.execute(text("PRAGMA table_info(programmes)"))}
        assert connection.execute(text("SELECT count(*) FROM monthly_levels")).scalar() == len(derived["monthly_levels"])
    assert _derived(engine) == derived
    migrate(engine, "head")
    with Session(engine) as session:
        assert snapshots.current(session) is not None  # nothing to rebuild
        assert session.execute(select(Programme.slug)).scalars().all() == ["avi-130"]
        assert session.execute(select(func.count()).where(Request.programme_id.is_(None))).scalar_one() == 0
        assert session.execute(select(func.count()).where(Trajectory.programme_id.is_(None))).scalar_one() == 0
    assert _derived(engine) == derived
    assert [_figures(engine, day) for day in days] == at_head
    assert at_head[1]["requests"]["total"] == 131 and at_head[1]["gemeenten_involved"] == 158
    engine.dispose()


def test_going_back_from_0017_is_refused_with_several_programmes(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'several.sqlite'}")
    load_demo(engine, examples=True)
    with pytest.raises(RuntimeError, match="Terugzetten kan niet: de database houdt 3 programma's"):
        migrate(engine, "0016", down=True)
    with engine.connect() as connection:  # nothing changed: the whole way down is one transaction
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0019"
        assert connection.execute(text("SELECT count(DISTINCT programme_id) FROM requests")).scalar() == 3
    engine.dispose()


def test_0018_gives_old_notes_the_first_programme_and_users_no_limit_and_back(tmp_path):
    """Notes written before 0018 belong to the first programme; nobody is limited; going back drops both."""
    engine = make_engine(f"sqlite:///{tmp_path / 'access.sqlite'}")
    load_demo(engine, examples=True)
    migrate(engine, "0017", down=True)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO notes (noted_on, text, scope, author, created_at, updated_at) "
                                "VALUES ('2006-10-02', 'mailing verstuurd', 'programme', 'a', '2006-10-02', "
                                "'2006-10-02')"))
    migrate(engine, "head")
    with engine.connect() as connection:
        first = connection.execute(text("SELECT id FROM programmes WHERE slug = 'avi-130'")).scalar()
        assert connection.execute(text("SELECT programme_id FROM notes")).scalars().all() == [first]
        assert connection.execute(text("SELECT count(*) FROM user_programmes")).scalar() == 0
    migrate(engine, "0017", down=True)
    with engine.connect() as connection:
        assert "programme_id" not in {row[1] for row in connection.execute(text("PRAGMA table_info(notes)"))}
        assert "user_programmes" not in set(connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars())
        assert connection.execute(text("SELECT text FROM notes")).scalars().all() == ["mailing verstuurd"]
    engine.dispose()
