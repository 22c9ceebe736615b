"""coordinates of each gemeente's main town

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import csv
from pathlib import Path

import sqlalchemy as sa
from alembic import op

COORDINATES = Path(__file__).resolve().parents[3] / "data" / "geo" / "gemeenten.csv"

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add latitude and longitude to gemeenten and fill them for the gemeenten already there."""
    with op.batch_alter_table("gemeenten") as batch:
        batch.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch.add_column(sa.Column("longitude", sa.Float(), nullable=True))
    gemeenten = sa.table("gemeenten", sa.column("name", sa.String), sa.column("latitude", sa.Float),
                         sa.column("longitude", sa.Float))
    with COORDINATES.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            op.execute(gemeenten.update().where(gemeenten.c.name == row["gemeente"])
                       .values(latitude=float(row["lat"]), longitude=float(row["lon"])))


def downgrade() -> None:
    """Drop the coordinates (in place: SQLite 3.35+ drops columns without rebuilding the table)."""
    for column in ("longitude", "latitude"):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE gemeenten DROP COLUMN {column}")
        else:
            op.drop_column("gemeenten", column)
