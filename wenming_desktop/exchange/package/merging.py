"""Planning and applying a merge: entries are matched by UUID and the side changed last
wins; areas are matched by UUID, short name or heading and never created; every incoming
entry is validated on its own. Applying copies the attachments first, then writes every row
in one transaction."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from wenming_desktop.errors import UserError, ValidationError, describe_os_error
from wenming_desktop.exchange.package.model import (
    _LABELS,
    Action,
    CancelCheck,
    Conflict,
    IncomingEntry,
    MergePlan,
    MergeResult,
    PackageAttachment,
    PlannedEntry,
    ProgressCallback,
    _areas,
    _changed_at,
    _check_cancel,
    _chunks,
    _count,
    _damaged,
    _refusals,
    _report,
)
from wenming_desktop.exchange.package.safezip import (
    _ATTACHMENT_MEMBER,
    _check_members,
    _open_zip,
    _verify_member,
)
from wenming_desktop.ledger.attachments import AttachmentStore
from wenming_desktop.ledger.draft import EntryDraft, ValidEntry, validate
from wenming_desktop.ledger.records import Area
from wenming_desktop.store.models import Attachment, Entry

if TYPE_CHECKING:
    from wenming_desktop.ledger.ledger import Ledger


# -- planning ------------------------------------------------------------------------------
def _local_entries(session: Session, entries: list[IncomingEntry]) -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    statement = select(Entry).options(selectinload(Entry.attachments))
    for chunk in _chunks([entry.uuid for entry in entries]):
        for entry in session.scalars(statement.where(Entry.uuid.in_(chunk))):
            found[entry.uuid] = entry
    return found


def _match_area(entry: IncomingEntry, areas: list[Area]) -> Area | None:
    """By UUID (renamed areas still match), else by short name, else by heading."""
    for key, wanted in (
        ("uuid", entry.area_uuid),
        ("short_name", entry.area_short_name.strip()),
        ("heading", entry.area_heading.strip()),
    ):
        for area in areas:
            if wanted and getattr(area, key) == wanted:
                return area
    return None


def _plan(
    entries: list[IncomingEntry], areas: list[Area], local: dict[str, Entry]
) -> list[PlannedEntry]:
    planned: list[PlannedEntry] = []
    for entry in entries:
        area = _match_area(entry, areas)
        if area is None:
            shown = entry.area_short_name or entry.area_heading or entry.area_uuid
            planned.append(
                PlannedEntry(
                    entry,
                    Action.REFUSE,
                    reason=f"本机没有工作板块“{shown}”，这条记录未导入。"
                    f"可在“设置”中把相应板块改名为“{shown}”后重新导入。",
                )
            )
            continue
        try:
            valid = validate(EntryDraft(area_id=area.id, **entry.values))
        except ValidationError as error:
            reason = " ".join(error.problems.values())
            planned.append(PlannedEntry(entry, Action.REFUSE, reason=reason))
            continue
        action, conflict = _decide(entry, valid, local.get(entry.uuid))
        planned.append(PlannedEntry(entry, action, valid, conflict))
    return planned


def _comparable(
    valid: ValidEntry | Entry, attachments: Iterable[tuple[str, str]], deleted: bool
) -> dict[str, object]:
    values: dict[str, object] = {field: getattr(valid, field) for field in ValidEntry.__slots__}
    values["attachments"] = sorted(attachments)
    values["deleted"] = deleted
    return values


def _decide(
    entry: IncomingEntry, valid: ValidEntry, local: Entry | None
) -> tuple[Action, Conflict | None]:
    if local is None:
        return Action.ADD, None
    theirs = _comparable(
        valid, ((a.sha256, a.file_name) for a in entry.attachments), entry.deleted_at is not None
    )
    ours = _comparable(
        local, ((a.sha256, a.file_name) for a in local.attachments), local.deleted_at is not None
    )
    differing = tuple(_LABELS[key] for key in theirs if theirs[key] != ours[key])
    if not differing:
        return Action.UNCHANGED, None
    local_changed = _changed_at(local.updated_at, local.deleted_at)
    winner: Literal["incoming", "local"] = (
        "incoming" if entry.changed_at > local_changed else "local"
    )
    conflict = Conflict(
        entry.uuid, valid.name, local.name, winner, entry.changed_at, local_changed, differing
    )
    return (Action.UPDATE if winner == "incoming" else Action.KEEP_LOCAL), conflict


# -- applying ------------------------------------------------------------------------------
def apply_package(
    ledger: Ledger,
    plan: MergePlan,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> MergeResult:
    """Copy the needed attachment files into the store, then write every row in one
    transaction. The plan is checked again against the ledger as it is now."""
    store = AttachmentStore(ledger.folder.attachments)
    needed: dict[Path, PackageAttachment] = {}
    for item in plan.items:
        if item.action in (Action.ADD, Action.UPDATE):
            for attachment in item.incoming.attachments:
                target = store.path_for(attachment.sha256, attachment.file_name)
                if not target.is_file():
                    needed.setdefault(target, attachment)
    total = len(needed) + 1
    cancel_text = "已取消导入，没有写入任何内容。"
    with tempfile.TemporaryDirectory(prefix="wenming-import-") as folder:
        staged = _stage_files(plan.path, needed, Path(folder), progress, total, cancelled)
        _check_cancel(cancelled, cancel_text)  # the last point where nothing has been written
        for source, attachment in staged:
            stored = store.put(source)
            if stored.sha256 != attachment.sha256:
                raise _damaged(f"附件“{attachment.file_name}”的校验值与清单不符")
    _report(progress, total - 1, total, "正在写入记录")
    with ledger.database.writing() as session:
        incoming = [item.incoming for item in plan.items]
        local = _local_entries(session, incoming)
        items = _plan(incoming, _areas(session), local)
        for item in items:
            if item.action in (Action.ADD, Action.UPDATE):
                _write(session, store, item, local.get(item.incoming.uuid))
    _report(progress, total, total, "导入完成")
    return MergeResult(
        added=_count(items, Action.ADD),
        updated=_count(items, Action.UPDATE),
        unchanged=_count(items, Action.UNCHANGED),
        kept_local=_count(items, Action.KEEP_LOCAL),
        refused=tuple(_refusals(plan.malformed, items)),
        conflicts=tuple(item.conflict for item in items if item.conflict is not None),
        files_copied=len(needed),
    )


def _stage_files(
    path: Path,
    needed: dict[Path, PackageAttachment],
    folder: Path,
    progress: ProgressCallback | None,
    total: int,
    cancelled: CancelCheck | None,
) -> list[tuple[Path, PackageAttachment]]:
    """Read the needed attachments out of the package into ``folder``, verified."""
    if not needed:
        return []
    staged: list[tuple[Path, PackageAttachment]] = []
    with _open_zip(path) as archive:
        members = _check_members(archive)
        by_sha = {
            match.group(1): members[name]
            for name in sorted(members, reverse=True)
            if (match := _ATTACHMENT_MEMBER.fullmatch(name))
        }
        for done, (target, attachment) in enumerate(sorted(needed.items()), start=1):
            info = by_sha.get(attachment.sha256)
            if info is None:
                raise _damaged(f"缺少附件文件“{attachment.file_name}”")
            source = folder / target.name  # <sha256><suffix>: a safe name that keeps the suffix
            try:
                with source.open("wb") as sink:
                    _verify_member(
                        archive,
                        info,
                        attachment.sha256,
                        attachment.size,
                        attachment.file_name,
                        sink,
                        cancelled,
                    )
            except OSError as error:
                raise UserError(f"无法解出附件：{describe_os_error(error)}。") from error
            staged.append((source, attachment))
            _report(progress, done, total, f"正在核对附件 {done}/{len(needed)}")
    return staged


def _write(
    session: Session, store: AttachmentStore, item: PlannedEntry, entry: Entry | None
) -> None:
    incoming, valid = item.incoming, item.valid
    assert valid is not None
    if entry is None:
        entry = Entry(uuid=incoming.uuid, created_at=incoming.created_at)
        session.add(entry)
    for field in ValidEntry.__slots__:
        setattr(entry, field, getattr(valid, field))
    entry.is_sample = incoming.is_sample
    entry.updated_at = incoming.updated_at  # kept, so that importing again changes nothing
    entry.deleted_at = incoming.deleted_at
    unused: dict[tuple[str, str], list[Attachment]] = {}
    for row in entry.attachments:
        unused.setdefault((row.sha256, row.file_name), []).append(row)
    kept: list[Attachment] = []
    for attachment in incoming.attachments:
        rows = unused.get((attachment.sha256, attachment.file_name))
        if rows:
            kept.append(rows.pop(0))
            continue
        if not store.path_for(attachment.sha256, attachment.file_name).is_file():
            # The plan was made before this PC's records changed; start again from reading.
            raise UserError("导入期间本机的记录有了变化，请重新导入这个交换包。")
        kept.append(
            Attachment(
                sha256=attachment.sha256, file_name=attachment.file_name, size=attachment.size
            )
        )
    entry.attachments = kept
    session.flush()
