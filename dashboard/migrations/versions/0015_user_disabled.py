"""users can be disabled: a user who is disabled keeps their account but cannot sign in

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``users.disabled``, false for every existing user."""
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Drop ``users.disabled`` (a disabled user can sign in again)."""
    with op.batch_alter_table("users") as batch:
        batch.drop_column("disabled")
