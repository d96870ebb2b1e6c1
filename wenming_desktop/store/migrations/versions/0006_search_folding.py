"""Zero-width characters out of the entries' text; the search index rebuilt folded.

Entries could be saved holding zero-width characters (U+200B–U+200D, U+2060, U+FEFF:
pasted from web pages and chat programs), which show nothing but split a word so that
searching for it found nothing. They are removed from the searched text fields (a name
made of nothing else keeps them: a name may not be empty); ``updated_at`` is left as it
is, since nothing the clerk can see changed. The search index is then rebuilt with the
terms of ``search_index.fold`` (full-width letters and digits as half-width; terms
version 4) and stamped, so that opening the ledger does not rebuild it a second time.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from wenming_desktop.store import search_index

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stripped(column: str) -> str:
    """SQL: ``column`` without zero-width characters."""
    for char in search_index.ZERO_WIDTH:
        column = f"replace({column}, char({ord(char)}), '')"
    return column


def upgrade() -> None:
    fields = search_index.SEARCHED_FIELDS
    holding = " OR ".join(
        f"instr({field}, char({ord(char)})) > 0"
        for field in fields
        for char in search_index.ZERO_WIDTH
    )
    values = ", ".join(
        f"{field} = CASE WHEN {_stripped(field)} = '' THEN {field} ELSE {_stripped(field)} END"
        if field == "name"
        else f"{field} = {_stripped(field)}"
        for field in fields
    )
    for statement in search_index.drop_statements()[:3]:  # the triggers, not the table
        op.execute(statement)
    op.execute(f"UPDATE entry SET {values} WHERE {holding}")
    for statement in search_index.rebuild_statements():
        op.execute(statement)
    statement, stamp = search_index.stamp_statement()
    op.execute(sa.text(statement).bindparams(**stamp))


def downgrade() -> None:
    """Nothing to put back: the characters removed showed nothing. An older version finds
    the index stamped with other terms and rebuilds it when it opens the ledger."""
