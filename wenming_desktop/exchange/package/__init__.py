"""Exchange packages (交换包): a year or a selection of entries, with their attachments,
carried as one .zip from one clerk's PC to another's and merged there by entry UUID.

Layout::

    manifest.json                   format, versions, source unit, counts, sha256 of entries.json
    entries.json                    every entry with all its fields, its area and attachment list
    attachments/<sha256><suffix>    each attachment file once

An attachment file missing from the sending PC's data folder (or changed there) makes
:func:`write_package` refuse, unless the caller agreed to leave such files out
(``leave_out_missing``; :func:`missing_attachments` lists them first, to ask). Such a
package is format version 2: the manifest lists the files left out under
``"missing_attachments"`` (entry UUID, file name, sha256), the entries still list them.
A package with every file is written as version 1, so an older program still reads it;
an older program shown a version 2 package asks for an upgrade rather than calling it
damaged. Reading version 1 packages is unchanged.

Merging (:func:`read_package` plans, :func:`apply_package` writes):

- entries are matched by UUID; when both sides hold it and their contents differ, the pair
  is a :class:`Conflict` with each side's values, and the clerk chooses which version to
  keep (``choices``); by default the side changed last (moving to the 回收站 counts as a
  change). A version kept against the times is stamped as changed at the import, so that
  it travels on as the newer one and importing the package again changes nothing;
- an attachment the package left out gets no row unless this PC holds the file already;
  the plan and the result list the others as :class:`MissingAttachment`;
- areas are matched by UUID, then by short name, then by heading. An area this PC does not
  know is never created: its entries are refused with the reason (areas are the six
  sections of the summary, so a new one must be the clerk's decision);
- every incoming entry passes :func:`~wenming_desktop.books.draft.validate`; an invalid one
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
    Conflict,
    Difference,
    IncomingEntry,
    MergePlan,
    MergeResult,
    MissingAttachment,
    PackageAttachment,
    PackageCancelled,
    PackageSummary,
    PlannedEntry,
    Refusal,
    Side,
    describe_missing,
)
from wenming_desktop.exchange.package.reading import read_package
from wenming_desktop.exchange.package.writing import missing_attachments, write_package

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
    "Conflict",
    "Difference",
    "IncomingEntry",
    "MergePlan",
    "MergeResult",
    "MissingAttachment",
    "PackageAttachment",
    "PackageCancelled",
    "PackageSummary",
    "PlannedEntry",
    "Refusal",
    "Side",
    "apply_package",
    "describe_missing",
    "missing_attachments",
    "read_package",
    "write_package",
]
