"""indexes in the order of the lists and lead times: forms by lowest mark; trajectories by an event date with
the date or request a lead time needs, and by organisation and number

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from dashboard.data.queries.sql_functions import least

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

ASPECTS = ("mark_results", "mark_process", "mark_quality", "mark_presentation", "mark_service")
WIDENED = {  # an event date with the column its lead time is counted from; the organisation with the list's order
    "started_on": "request_id", "work_finished_on": "started_on", "completed_on": "started_on", "organisation_id": "nr"}


def upgrade() -> None:
    """Create the form index on the lowest mark, mean and date; widen the trajectories' date and organisation
    indexes."""
    marks = [sa.column(aspect) for aspect in ASPECTS]
    op.create_index("ix_evaluations_lowest_mark", "evaluations",
                    [least(*marks), sum(marks[1:], marks[0]), sa.column("received_on")])
    for first, beside in WIDENED.items():
        op.drop_index(f"ix_trajectories_{first}", table_name="trajectories")
        op.create_index(f"ix_trajectories_{first}_{beside}", "trajectories", [first, beside])


def downgrade() -> None:
    """Back to single columns and no form index."""
    for first, beside in WIDENED.items():
        op.drop_index(f"ix_trajectories_{first}_{beside}", table_name="trajectories")
        op.create_index(f"ix_trajectories_{first}", "trajectories", [first])
    op.drop_index("ix_evaluations_lowest_mark", table_name="evaluations")
