"""Exchange packages (交换包): a year or a selection of entries, with their attachments,
carried as one .zip from one clerk's PC to another's and merged there by entry UUID.

Layout::

    manifest.json                   format, versions, source unit, counts, sha256 of entries.json
    entries.json                    every entry with all its fields, its area and attachment list
    attachments/<sha256><suffix>    each attachment file once

Merging (:func:`read_package` plans, :func:`apply_package` writes):

- entries are matched by UUID; when both sides hold it and their contents differ, the side
  changed last wins (moving to the 回收站 counts as a change) and the pair is listed as a
  :class:`Conflict` for the clerk to review;
- areas are matched by UUID, then by short name, then by heading. An area this PC does not
  know is never created: its entries are refused with the reason (areas are the six
  sections of the summary, so a new one must be the clerk's decision);
- every incoming entry passes :func:`~wenming_desktop.ledger.draft.validate`; an invalid one
  is refused on its own, the rest of the package still comes in.

A package is untrusted input. Member names, file types, sizes, compression ratios, JSON and
every SHA-256 are checked before anything is written; members are read through the zip
API with limits and never extracted with ``extractall``. A refused or cancelled import
writes nothing.

The modules: :mod:`.model` (the values), :mod:`.limits` (what a package may hold),
:mod:`.safezip` (opening and reading untrusted zips), :mod:`.writing`, :mod:`.incoming`
(parsing ``entries.json``), :mod:`.reading` and :mod:`.merging`.
"""

from wenming_desktop.exchange.package.limits import (
    CLOCK_TOLERANCE,
    MAX_ENTRIES_JSON_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    RATIO_CHECKED_FROM,
)
from wenming_desktop.exchange.package.merging import apply_package
from wenming_desktop.exchange.package.model import (
    ATTACHMENTS_FOLDER,
    ENTRIES_NAME,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    Action,
    CancelCheck,
    Conflict,
    IncomingEntry,
    MergePlan,
    MergeResult,
    PackageAttachment,
    PackageCancelled,
    PackageSummary,
    PlannedEntry,
    Progress,
    ProgressCallback,
    Refusal,
)
from wenming_desktop.exchange.package.reading import read_package
from wenming_desktop.exchange.package.writing import write_package

__all__ = [
    "ATTACHMENTS_FOLDER",
    "CLOCK_TOLERANCE",
    "ENTRIES_NAME",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MANIFEST_NAME",
    "MAX_ENTRIES_JSON_BYTES",
    "MAX_MANIFEST_BYTES",
    "MAX_MEMBERS",
    "MAX_MEMBER_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "RATIO_CHECKED_FROM",
    "Action",
    "CancelCheck",
    "Conflict",
    "IncomingEntry",
    "MergePlan",
    "MergeResult",
    "PackageAttachment",
    "PackageCancelled",
    "PackageSummary",
    "PlannedEntry",
    "Progress",
    "ProgressCallback",
    "Refusal",
    "apply_package",
    "read_package",
    "write_package",
]
