"""gemeente levels, a derived table of the map's counts per month and gemeente

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

MEASURES = ("trajectories", "dagdelen", "running", "work_finished", "completed", "withdrawn")


def upgrade() -> None:
    """Create the table and mark the derived tables stale, so the app fills them on its next start or write."""
    op.create_table("gemeente_levels", sa.Column("month", sa.Integer, primary_key=True),
                    sa.Column("gemeente_id", sa.Integer, primary_key=True),
                    sa.Column("province_id", sa.Integer, primary_key=True),
                    *(sa.Column(name, sa.BigInteger, nullable=False) for name in MEASURES),
                    sa.Column("first_started_on", sa.Date), sa.Column("latest_key", sa.BigInteger),
                    sqlite_with_rowid=False)
    op.execute("DELETE FROM snapshot_state")


def downgrade() -> None:
    """Drop it."""
    op.drop_table("gemeente_levels")
