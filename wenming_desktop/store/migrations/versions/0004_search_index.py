"""Search by character pairs (FTS5) and a partial index for listing live entries by area.

``entry_search`` holds every entry's searched text as overlapping character pairs and
is kept in step by triggers (see ``store/search_index.py``); it is filled here from the
existing entries. ``ix_entry_area_date`` indexed deleted entries too, so listing an
area had to read every row to skip them; the partial ``ix_entry_live_area`` is in listing
order (area, date, id) and holds what the totals sum, so a page at any offset, the count
and the sums come from the index alone.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from wenming_desktop.store import search_index

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_entry_area_date", table_name="entry")
    op.create_index(
        "ix_entry_live_area",
        "entry",
        ["area_id", "date", "id", "participants", "volunteer_hours"],
        sqlite_where=sa.text("deleted_at IS NULL"),
    )
    for statement in search_index.create_statements():
        op.execute(statement)
    op.execute(search_index.rebuild_statements()[-1])  # the new table is empty
    statement, values = search_index.stamp_statement()
    op.execute(sa.text(statement).bindparams(**values))


def downgrade() -> None:
    op.execute(
        sa.text("DELETE FROM setting WHERE key = :key").bindparams(key=search_index.STAMP_KEY)
    )
    for statement in search_index.drop_statements():
        op.execute(statement)
    op.drop_index("ix_entry_live_area", table_name="entry")
    op.create_index("ix_entry_area_date", "entry", ["area_id", "date"], unique=False)
