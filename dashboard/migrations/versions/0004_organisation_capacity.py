"""dagdelen per advisor per week: each organisation's configurable capacity

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

import csv
from pathlib import Path

import sqlalchemy as sa
from alembic import op

CAPACITY = Path(__file__).resolve().parents[3] / "data" / "seed" / "capacity.csv"

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add organisations.dagdelen_per_advisor_week (default 1.0) and fill it from data/seed/capacity.csv."""
    # A plain ADD COLUMN with a constant default: SQLite adds it in place, no table rebuild (which the
    # foreign keys to organisations would refuse).
    op.add_column("organisations", sa.Column("dagdelen_per_advisor_week", sa.Float(), nullable=False,
                                             server_default="1.0"))
    organisations = sa.table("organisations", sa.column("name", sa.String),
                             sa.column("dagdelen_per_advisor_week", sa.Float))
    with CAPACITY.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            op.execute(organisations.update().where(organisations.c.name == row["organisation"])
                       .values(dagdelen_per_advisor_week=float(row["dagdelen_per_advisor_week"])))


def downgrade() -> None:
    """Drop the column (in place: SQLite 3.35+ drops columns without rebuilding the table)."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE organisations DROP COLUMN dagdelen_per_advisor_week")
    else:
        op.drop_column("organisations", "dagdelen_per_advisor_week")
