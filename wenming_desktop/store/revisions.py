"""The schema revisions this version of the app knows, readable without SQLAlchemy.

Start-up, backups and restore ask "is this file one of our ledgers, and can this version
open it?" before SQLAlchemy or Alembic are imported. A test keeps :data:`REVISIONS` equal
to Alembic's history and :data:`SCHEMA_REVISION` to its head.
"""

from __future__ import annotations

#: Every migration's revision, oldest first.
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
#: The newest migration: what this version writes.
SCHEMA_REVISION = REVISIONS[-1]


def is_newer(revision: str) -> bool:
    """A revision this version does not know, in a file that has our tables and Alembic's
    version table: written by a later version of the app (who else would write both?)."""
    return bool(revision) and revision not in REVISIONS
