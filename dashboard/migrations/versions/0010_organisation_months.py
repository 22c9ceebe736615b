"""organisation months, a derived table for the CMO's page; an index on the hand-over date and organisations

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table and the index; forget the derived tables' data version, so the app rebuilds them all."""
    op.create_index("ix_handovers_date_organisations", "handovers",
                    ["handed_over_on", "from_organisation_id", "to_organisation_id"])
    op.create_table("organisation_months", sa.Column("organisation_id", sa.Integer, primary_key=True),
                    sa.Column("month", sa.Date, primary_key=True),
                    sa.Column("allocated", sa.BigInteger, nullable=False),
                    sa.Column("intake_started", sa.BigInteger, nullable=False), sqlite_with_rowid=False)
    op.execute("DELETE FROM snapshot_state")


def downgrade() -> None:
    """Drop them (the remaining derived tables stay in step)."""
    op.drop_table("organisation_months")
    op.drop_index("ix_handovers_date_organisations", table_name="handovers")
