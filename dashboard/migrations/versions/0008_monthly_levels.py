"""monthly levels and gemeente involvement, derived tables for as-of counts; indexes on the event dates

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

STATUSES = ("received", "intake", "waitlist", "running", "work_finished", "completed", "withdrawn", "rejected")
STATUS_DATES = STATUSES[1:]
REACHED = ("intake", "running", "work_finished", "completed", "withdrawn", "rejected")
ASPECTS = ("mark_results", "mark_process", "mark_quality", "mark_presentation", "mark_service")
MEASURES = ("received", "received_mailing", "received_adviseur", *(f"status_{s}" for s in STATUSES),
            *(f"reached_{s}" for s in REACHED), "started", "dagdelen_sum", "work_finished", "completed", "answered",
            "forms", *ASPECTS, "form_total", "form_squares", "low_forms",
            *(f"{aspect}_{mark}" for aspect in ASPECTS for mark in range(1, 11)))


def _dimensions() -> list[sa.Column]:
    """The filter values both derived tables are counted by."""
    return [sa.Column("province_id", sa.Integer, primary_key=True),
            sa.Column("organisation_id", sa.Integer, primary_key=True),
            sa.Column("theme_mask", sa.Integer, primary_key=True),
            sa.Column("applicant_type", sa.String(20), primary_key=True),
            sa.Column("trajectory_province_id", sa.Integer, primary_key=True)]


def upgrade() -> None:
    """Create the derived tables (filled by the app on its next start or write) and the date indexes."""
    for status in STATUS_DATES:
        op.create_index(f"ix_requests_{status}_on", "requests", [f"{status}_on"])
    op.create_index("ix_trajectories_started_on", "trajectories", ["started_on"])
    op.create_index("ix_trajectories_work_finished_on", "trajectories", ["work_finished_on"])
    op.create_table("monthly_levels", sa.Column("month", sa.Integer, primary_key=True), *_dimensions(),
                    *(sa.Column(name, sa.BigInteger, nullable=False) for name in MEASURES),
                    sa.Column("dagdelen_min", sa.Integer), sa.Column("dagdelen_max", sa.Integer),
                    sqlite_with_rowid=False)
    op.create_table("gemeente_involvement", sa.Column("gemeente_id", sa.Integer, primary_key=True), *_dimensions(),
                    sa.Column("first_started_on", sa.Date, nullable=False), sqlite_with_rowid=False)
    op.create_table("snapshot_state", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("data_version", sa.Integer, nullable=False),
                    sa.Column("first_month", sa.Integer), sa.Column("last_month", sa.Integer))


def downgrade() -> None:
    """Drop them."""
    for table in ("snapshot_state", "gemeente_involvement", "monthly_levels"):
        op.drop_table(table)
    op.drop_index("ix_trajectories_work_finished_on", table_name="trajectories")
    op.drop_index("ix_trajectories_started_on", table_name="trajectories")
    for status in reversed(STATUS_DATES):
        op.drop_index(f"ix_requests_{status}_on", table_name="requests")
