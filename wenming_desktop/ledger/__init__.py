"""The clerk's ledger: work areas, entries, attachments, settings — no Qt here.

``Ledger`` is imported when first asked for: it brings SQLAlchemy (≈ 0.3 s), which the
app's window frame should not wait for (``from wenming_desktop.books.records import …``
must stay light).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wenming_desktop.ledger.ledger import Ledger

__all__ = ["Ledger"]


def __getattr__(name: str) -> object:
    if name == "Ledger":
        from wenming_desktop.ledger.ledger import Ledger

        return Ledger
    raise AttributeError(name)
