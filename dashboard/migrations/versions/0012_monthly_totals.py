"""monthly totals: the monthly levels summed over every combination of filter values, filled from them

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

DIMENSIONS = ("province_id", "organisation_id", "theme_mask", "applicant_type", "trajectory_province_id")
RANGES = {"dagdelen_min": sa.func.min, "dagdelen_max": sa.func.max}


def upgrade() -> None:
    """Create ``monthly_totals`` with the measures of ``monthly_levels`` and sum the levels into it (so levels
    in step with the data stay so)."""
    levels = sa.Table("monthly_levels", sa.MetaData(), autoload_with=op.get_bind())
    measures = [column for column in levels.c if column.name != "month" and column.name not in DIMENSIONS]
    totals = op.create_table("monthly_totals", sa.Column("month", sa.Integer, primary_key=True),
                             *(sa.Column(column.name, column.type, nullable=column.nullable) for column in measures))
    op.execute(totals.insert().from_select(
        ["month", *(column.name for column in measures)],
        sa.select(levels.c.month, *(RANGES.get(column.name, sa.func.sum)(column) for column in measures))
        .group_by(levels.c.month)))


def downgrade() -> None:
    """Drop it."""
    op.drop_table("monthly_totals")
