"""programme access: the programmes a user may see, and a programme on every note

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

``user_programmes`` lists, per user, the programmes they may see; a user without a row sees every programme,
as every user did before. Notes get their programme: the notes written before belong to the first programme
(the database's only one until 0017, and the default of a page without ``programma=``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``user_programmes`` (empty: everyone keeps seeing everything) and give each note the first programme.

    On SQLite the notes' new column is a plain column (adding a constraint would make the table again); the
    model fills it on every write. PostgreSQL gets it NOT NULL with its foreign key.
    """
    op.create_table(
        "user_programmes",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("programme_id", sa.Integer(), sa.ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "programme_id"),
    )
    op.add_column("notes", sa.Column("programme_id", sa.Integer(), nullable=True))
    op.execute("UPDATE notes SET programme_id = (SELECT min(id) FROM programmes)")
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("notes", "programme_id", existing_type=sa.Integer(), nullable=False)
        op.create_foreign_key("fk_notes_programme_id_programmes", "notes", "programmes", ["programme_id"], ["id"])
    op.create_index("ix_notes_programme_id", "notes", ["programme_id"])


def downgrade() -> None:
    """Drop the notes' programme and the access lists (every user then sees every programme again)."""
    op.drop_index("ix_notes_programme_id", table_name="notes")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_notes_programme_id_programmes", "notes", type_="foreignkey")
    op.drop_column("notes", "programme_id")
    op.drop_table("user_programmes")
