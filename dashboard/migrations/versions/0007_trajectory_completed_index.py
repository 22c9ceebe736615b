"""an index on trajectories.completed_on, to find the unfinished trajectories without reading all

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ix_trajectories_completed_on."""
    op.create_index("ix_trajectories_completed_on", "trajectories", ["completed_on"])


def downgrade() -> None:
    """Drop it."""
    op.drop_index("ix_trajectories_completed_on", table_name="trajectories")
