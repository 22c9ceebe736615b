"""data version row for cheap change detection

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

import datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the data_version table with its single row."""
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(table, [{"id": 1, "version": 0, "changed_at": datetime.datetime.now(datetime.timezone.utc)}])


def downgrade() -> None:
    """Drop the data_version table."""
    op.drop_table("data_version")
