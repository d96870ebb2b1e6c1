"""Exchange packages as the clerk uses them: carry a year to another PC (asking first about
attachment files that are gone), and merge one from there with the choices made per record.
The format and the merge rules are in ``exchange/package``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from wenming_desktop.actions.changes import Changed
from wenming_desktop.exchange.package import (
    Action,
    MergePlan,
    MergeResult,
    PackageSummary,
    apply_package,
    missing_attachments,
    read_package,
    write_package,
)
from wenming_desktop.exchange.package.model import MissingAttachment, Side
from wenming_desktop.ledger import Ledger
from wenming_desktop.work import QUIET, Steps


def files_missing(ledger: Ledger, *, year: int | None = None) -> list[MissingAttachment]:
    """Attachment files a package of ``year`` would lack (ask the clerk before packing)."""
    return missing_attachments(ledger, year=year)


def export_package(
    ledger: Ledger,
    target: Path,
    year: int | None,
    steps: Steps = QUIET,
    *,
    leave_out_missing: bool = False,
) -> PackageSummary:
    """Pack ``year`` (None: every year), leaving missing files out (listed) when told to."""
    return write_package(
        ledger, target, year=year, leave_out_missing=leave_out_missing, steps=steps
    )


def read_incoming(ledger: Ledger, path: Path, steps: Steps = QUIET) -> MergePlan:
    """Read and check a package and plan the merge; nothing is written."""
    return read_package(path, ledger, steps)


@dataclass(frozen=True, slots=True)
class Merged:
    result: MergeResult
    changed: Changed


def merge_package(
    ledger: Ledger, plan: MergePlan, choices: Mapping[str, Side], steps: Steps = QUIET
) -> Merged:
    """Merge a read package with the clerk's choices (本机 / 对方) for records both changed."""
    result = apply_package(ledger, plan, steps, choices=choices)
    written = [item for item in plan.items if item.action in (Action.ADD, Action.UPDATE)]
    if any(item.action is Action.UPDATE for item in written) or result.updated:
        changed = Changed(None, None, None)  # an update may have moved an entry elsewhere
    else:
        places = [(item.valid.area_id, item.valid.date.year) for item in written if item.valid]
        changed = Changed.of_entries(None, places)
    return Merged(result, changed)
