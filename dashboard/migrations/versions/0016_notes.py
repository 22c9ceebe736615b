"""notes: short dated notes of the project leaders on the programme, an organisation or a province

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# The same rule as ``models.NOTE_TARGET_RULE``, written out so that this revision stands on its own.
TARGET_RULE = ("(scope = 'programme' AND organisation_id IS NULL AND province_id IS NULL) OR "
               "(scope = 'organisation' AND organisation_id IS NOT NULL AND province_id IS NULL) OR "
               "(scope = 'province' AND province_id IS NOT NULL AND organisation_id IS NULL)")


def upgrade() -> None:
    """Create the notes table, empty, with an index on the note's date."""
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("scope", sa.Enum("programme", "organisation", "province", name="note_scope", native_enum=False,
                                   create_constraint=True, length=20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=True),
        sa.Column("province_id", sa.Integer(), sa.ForeignKey("provinces.id"), nullable=True),
        sa.Column("author", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint(TARGET_RULE, name="note_scope_target"),
    )
    op.create_index("ix_notes_noted_on", "notes", ["noted_on"])


def downgrade() -> None:
    """Drop the notes (their lines in the audit log stay)."""
    op.drop_index("ix_notes_noted_on", table_name="notes")
    op.drop_table("notes")
