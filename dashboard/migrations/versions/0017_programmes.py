"""programmes: every request and trajectory belongs to a programme, and the derived tables are kept per programme

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

A programme gets a short slug (``avi-130``) and its theme list; requests and trajectories get the programme's
id. The data of a database made before holds one programme, which becomes ``avi-130`` with all its rows: the
derived tables keep their rows too, keyed by that programme, so no number changes and nothing is rebuilt.
Going back is possible while the database holds one programme; with more it is refused (it would mix them).
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

FIRST_SLUG = "avi-130"
ALL_THEMES = "infrastructuur,beleid,doelgroepen,zorg"
DERIVED = {"monthly_levels": "month", "monthly_totals": "month", "gemeente_involvement": "gemeente_id",
           "gemeente_levels": "month", "organisation_months": "month"}
"""The derived tables kept per programme, each with the key column the programme's column comes after."""
WITHOUT_ROWID = {"monthly_levels", "gemeente_involvement", "gemeente_levels", "organisation_months"}


def _sqlite() -> bool:
    """Tell whether the migration runs on SQLite."""
    return op.get_bind().dialect.name == "sqlite"


def _first_programme() -> sa.ScalarSelect:
    """The id of the programme a database of one programme holds."""
    return sa.select(sa.func.min(sa.table("programmes", sa.column("id")).c.id)).scalar_subquery()


def _rekey(name: str, add: bool) -> None:
    """Make the derived table ``name`` again with (``add``) or without the programme's column in its key, its rows
    kept: all of the one programme."""
    old = sa.Table(name, sa.MetaData(), autoload_with=op.get_bind())
    columns = []
    for column in old.c:
        if column.name == "programme_id":
            continue
        columns.append(sa.Column(column.name, column.type, primary_key=column.primary_key,
                                 nullable=column.nullable, autoincrement=False))
        if add and column.name == DERIVED[name]:
            columns.append(sa.Column("programme_id", sa.Integer, primary_key=True, autoincrement=False))
    kept = [column.name for column in columns if column.name != "programme_id"]
    options = {"sqlite_with_rowid": False} if name in WITHOUT_ROWID else {}
    new = op.create_table(f"{name}_rekeyed", *columns, **options)
    values = [old.c[column] for column in kept]
    if add:
        op.execute(new.insert().from_select([*kept, "programme_id"], sa.select(*values, _first_programme())))
    else:
        op.execute(new.insert().from_select(kept, sa.select(*values)))
    op.drop_table(name)
    op.rename_table(f"{name}_rekeyed", name)
    if not _sqlite():  # PostgreSQL names the key after the table it was made for
        op.execute(f"ALTER TABLE {name} RENAME CONSTRAINT {name}_rekeyed_pkey TO {name}_pkey")


def upgrade() -> None:
    """Give programmes a slug and themes, and requests and trajectories their programme; key the derived tables
    by programme, keeping their rows.

    SQLite cannot add a NOT NULL column or a constraint to a table without making it again, and making
    ``requests`` again would delete its status history through the cascades: there the new columns are plain
    columns with a unique index on the slug, and the models fill them on every write (PostgreSQL gets them NOT
    NULL, with their foreign keys).
    """
    op.add_column("programmes", sa.Column("slug", sa.String(40), nullable=True))
    op.add_column("programmes", sa.Column("themes", sa.String(200), nullable=False, server_default=ALL_THEMES))
    op.execute(f"UPDATE programmes SET slug = CASE WHEN id = (SELECT min(id) FROM programmes) THEN '{FIRST_SLUG}' "
               "ELSE 'programma-' || CAST(id AS VARCHAR(20)) END")
    op.create_index("uq_programmes_slug", "programmes", ["slug"], unique=True)
    for table in ("requests", "trajectories"):
        op.add_column(table, sa.Column("programme_id", sa.Integer, nullable=True))
    op.execute("UPDATE requests SET programme_id = (SELECT min(id) FROM programmes)")
    op.execute("UPDATE trajectories SET programme_id = "
               "(SELECT requests.programme_id FROM requests WHERE requests.id = trajectories.request_id)")
    if not _sqlite():
        op.alter_column("programmes", "slug", existing_type=sa.String(40), nullable=False)
        for table in ("requests", "trajectories"):
            op.alter_column(table, "programme_id", existing_type=sa.Integer, nullable=False)
            op.create_foreign_key(f"fk_{table}_programme_id_programmes", table, "programmes", ["programme_id"],
                                  ["id"])
    for name in DERIVED:
        _rekey(name, add=True)


def downgrade() -> None:
    """Back to one programme without slug or themes, keeping its rows; refused when there are several."""
    count = op.get_bind().execute(sa.text("SELECT count(*) FROM programmes")).scalar_one()
    if count > 1:
        raise RuntimeError(f"Terugzetten kan niet: de database houdt {count} programma's, en zonder programma "
                           "bij elke aanvraag zouden hun cijfers door elkaar lopen. Verwijder eerst de andere "
                           "programma's, of zet een back-up terug.")
    for name in DERIVED:
        _rekey(name, add=False)
    for table in ("trajectories", "requests"):
        if not _sqlite():
            op.drop_constraint(f"fk_{table}_programme_id_programmes", table, type_="foreignkey")
        op.drop_column(table, "programme_id")
    op.drop_index("uq_programmes_slug", table_name="programmes")
    op.drop_column("programmes", "themes")
    op.drop_column("programmes", "slug")
