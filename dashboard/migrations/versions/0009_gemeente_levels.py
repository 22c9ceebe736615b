"""gemeente levels, a derived table of the map's counts per month and gemeente; an index of waiting requests

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
STILL_WAITING = "coalesce(running_on, work_finished_on, completed_on, withdrawn_on, rejected_on) IS NULL"


def upgrade() -> None:
    """Create the table and mark the derived tables stale, so the app fills them on its next start or write;
    index the requests that have not left the waiting statuses by their date of receipt."""
    op.create_table("gemeente_levels", sa.Column("month", sa.Integer, primary_key=True),
                    sa.Column("gemeente_id", sa.Integer, primary_key=True),
                    sa.Column("province_id", sa.Integer, primary_key=True),
                    *(sa.Column(name, sa.BigInteger, nullable=False) for name in MEASURES),
                    sa.Column("first_started_on", sa.Date), sa.Column("latest_key", sa.BigInteger),
                    sqlite_with_rowid=False)
    op.execute("DELETE FROM snapshot_state")
    op.create_index("ix_requests_still_waiting", "requests", ["received_on"],
                    sqlite_where=sa.text(STILL_WAITING), postgresql_where=sa.text(STILL_WAITING))


def downgrade() -> None:
    """Drop them."""
    op.drop_index("ix_requests_still_waiting", table_name="requests")
    op.drop_table("gemeente_levels")
