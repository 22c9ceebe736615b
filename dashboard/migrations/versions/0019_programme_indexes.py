"""trajectory indexes per programme: one programme's list in order of number, and its completed trajectories

With hundreds of programmes, the Trajecten list (in order of number) and the forms still owed (in order of
completion) of one programme read every programme's trajectories through the indexes on number or completion
date; these indexes start with the programme.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

INDEXES = {"ix_trajectories_programme_id_nr": ["programme_id", "nr"],
           "ix_trajectories_programme_id_completed_on": ["programme_id", "completed_on"]}


def upgrade() -> None:
    """Create the two indexes on the trajectories."""
    for name, columns in INDEXES.items():
        op.create_index(name, "trajectories", columns)


def downgrade() -> None:
    """Drop them."""
    for name in INDEXES:
        op.drop_index(name, table_name="trajectories")
