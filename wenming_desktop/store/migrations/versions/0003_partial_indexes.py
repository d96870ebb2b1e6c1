"""Partial indexes: a covering one for statistics of live entries, one for the 回收站.

The old index on ``deleted_at`` matched nearly every row (``deleted_at IS NULL``), so
SQLite used it for year queries and then read every row of the table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_entry_deleted_at", table_name="entry")
    op.create_index(
        "ix_entry_live_stats",
        "entry",
        ["date", "area_id", "participants", "volunteer_hours"],
        sqlite_where=sa.text("deleted_at IS NULL"),
    )
    op.create_index(
        "ix_entry_trash", "entry", ["deleted_at"], sqlite_where=sa.text("deleted_at IS NOT NULL")
    )


def downgrade() -> None:
    op.drop_index("ix_entry_trash", table_name="entry")
    op.drop_index("ix_entry_live_stats", table_name="entry")
    op.create_index("ix_entry_deleted_at", "entry", ["deleted_at"], unique=False)
