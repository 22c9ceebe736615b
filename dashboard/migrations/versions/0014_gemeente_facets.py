"""gemeente facets: the gemeente levels also per organisation, theme and applicant type

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

MEASURES = ("trajectories", "dagdelen", "running", "work_finished", "completed", "withdrawn")
FACETS = ("organisation_id", "theme", "applicant_type")


def _create(name: str, *facets: sa.Column) -> sa.Table:
    """Create the table of gemeente levels ``name``, keyed by month, ``facets``, gemeente and province."""
    return op.create_table(name, sa.Column("month", sa.Integer, primary_key=True), *facets,
                           sa.Column("gemeente_id", sa.Integer, primary_key=True),
                           sa.Column("province_id", sa.Integer, primary_key=True),
                           *(sa.Column(measure, sa.BigInteger, nullable=False) for measure in MEASURES),
                           sa.Column("first_started_on", sa.Date), sa.Column("latest_key", sa.BigInteger),
                           sqlite_with_rowid=False)


def upgrade() -> None:
    """Key the gemeente levels by a facet too (an organisation, a theme or an applicant type, or none): the table
    made again, empty, and the derived tables marked stale, so the app fills them on its next start or write."""
    op.drop_table("gemeente_levels")
    _create("gemeente_levels", sa.Column("organisation_id", sa.Integer, primary_key=True),
            sa.Column("theme", sa.String(20), primary_key=True), sa.Column("applicant_type", sa.String(20), primary_key=True))
    op.execute("DELETE FROM snapshot_state")


def downgrade() -> None:
    """Key them by month, gemeente and province alone again, keeping the rows of all trajectories (no facet), so
    levels in step with the data stay so."""
    faceted = sa.Table("gemeente_levels", sa.MetaData(), autoload_with=op.get_bind())
    kept = _create("gemeente_levels_kept")
    columns = [column.name for column in kept.c]
    op.execute(kept.insert().from_select(columns, sa.select(*(faceted.c[name] for name in columns)).where(
        faceted.c.organisation_id == 0, faceted.c.theme == "", faceted.c.applicant_type == "")))
    op.drop_table("gemeente_levels")
    levels = _create("gemeente_levels")
    op.execute(levels.insert().from_select(columns, sa.select(kept)))
    op.drop_table("gemeente_levels_kept")
