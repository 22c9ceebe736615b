"""capacity months, a derived table for the CMO's heatmap: the advisor days available per organisation and month

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table; forget the derived tables' data version, so the app rebuilds them all."""
    op.create_table("capacity_months", sa.Column("organisation_id", sa.Integer, primary_key=True),
                    sa.Column("month", sa.Date, primary_key=True),
                    sa.Column("available_days", sa.BigInteger, nullable=False), sqlite_with_rowid=False)
    op.execute("DELETE FROM snapshot_state")


def downgrade() -> None:
    """Drop it (the remaining derived tables stay in step)."""
    op.drop_table("capacity_months")
