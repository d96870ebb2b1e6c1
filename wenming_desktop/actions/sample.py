"""The 示例数据 as the clerk handles it: which entries are samples, and taking all of them
out of the ledger at once — into the 回收站, so that it can be undone.

The window pushes the same move as one step on its undo stack (``gui/undo.py``); the CLI
calls :func:`remove_sample`.
"""

from __future__ import annotations

from dataclasses import dataclass

from wenming_desktop.actions.changes import NOTHING, Changed
from wenming_desktop.errors import UserError
from wenming_desktop.ledger import Ledger


@dataclass(frozen=True, slots=True)
class SampleRemoval:
    """``moved``: sample entries moved to the 回收站 (0: there were none)."""

    moved: int
    changed: Changed

    @property
    def message(self) -> str:
        if not self.moved:
            return "台账中没有示例数据。"
        return f"已将 {self.moved} 条示例数据移到回收站，可以在回收站中恢复。"


def sample_entry_ids(ledger: Ledger) -> list[int]:
    """The sample entries not in the 回收站 (what “删除全部示例数据” moves there)."""
    return ledger.entries.sample_ids(live_only=True)


def confirmation(count: int) -> str:
    """What the clerk is asked before the sample entries go."""
    return (
        f"将把 {count} 条示例数据移到回收站，可以撤销。\n\n"
        "只移走标有“示例”的记录，本单位自己录入的记录不受影响。"
    )


def remove_sample(ledger: Ledger) -> SampleRemoval:
    """Move every live sample entry to the 回收站 (``ledger.entries.restore`` brings them
    back, as the window's 撤销 does)."""
    if ledger.read_only:
        raise UserError(f"台账为只读（{ledger.read_only}），不能删除示例数据。")
    ids = sample_entry_ids(ledger)
    if not ids:
        return SampleRemoval(0, NOTHING)
    moved = ledger.entries.move_to_trash(ids)
    return SampleRemoval(moved, Changed.of_entries(ids, ledger.entries.places(ids)))
