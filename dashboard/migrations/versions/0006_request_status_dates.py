"""the date each status was reached, on the request itself

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

STATUSES = ("intake", "waitlist", "running", "work_finished", "completed", "withdrawn", "rejected")


def upgrade() -> None:
    """Add requests.<status>_on for every status after 'received' and fill them from status_changes."""
    for status in STATUSES:
        op.add_column("requests", sa.Column(f"{status}_on", sa.Date(), nullable=True))
    requests = sa.table("requests", sa.column("id", sa.Integer),
                        *(sa.column(f"{status}_on", sa.Date) for status in STATUSES))
    changes = sa.table("status_changes", sa.column("request_id", sa.Integer), sa.column("status", sa.String),
                       sa.column("changed_on", sa.Date))
    for status in STATUSES:
        reached = (sa.select(sa.func.min(changes.c.changed_on))
                   .where(changes.c.request_id == requests.c.id, changes.c.status == status)
                   .scalar_subquery())
        op.execute(requests.update().values({f"{status}_on": reached}))


def downgrade() -> None:
    """Drop the columns (in place: SQLite 3.35+ drops columns without rebuilding the table)."""
    for status in reversed(STATUSES):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE requests DROP COLUMN {status}_on")
        else:
            op.drop_column("requests", f"{status}_on")
