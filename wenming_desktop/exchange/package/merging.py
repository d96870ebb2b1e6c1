"""Planning and applying a merge: entries are matched by UUID and, when both PCs changed one,
the side the clerk chose is kept (by default the one changed last); areas are matched by
UUID, short name or heading and never created; every incoming entry is validated on its
own. Applying copies the attachments first, then writes every row in one transaction.
Attachment files the sending PC left out are reported, and get no row here unless this PC
holds the file already."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from wenming_desktop.books.draft import VALID_NAMES, EntryDraft, ValidEntry, validate
from wenming_desktop.books.records import Area
from wenming_desktop.errors import UserError, ValidationError, describe_os_error
from wenming_desktop.exchange.package.model import (
    _LABELS,
    Action,
    Conflict,
    Difference,
    IncomingEntry,
    MergePlan,
    MergeResult,
    MissingAttachment,
    PackageAttachment,
    PlannedEntry,
    Side,
    _areas,
    _changed_at,
    _check_cancel,
    _check_choices,
    _chosen,
    _chunks,
    _count,
    _damaged,
    _refusals,
)
from wenming_desktop.exchange.package.safezip import (
    _ATTACHMENT_MEMBER,
    _check_members,
    _open_zip,
    _verify_member,
)
from wenming_desktop.store.attachments import AttachmentStore
from wenming_desktop.store.models import Attachment, Entry, utc_now
from wenming_desktop.work import QUIET, Steps

if TYPE_CHECKING:
    from wenming_desktop.ledger.ledger import Ledger


# -- planning ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Files:
    """Which attachment files an import can give its entries: those in the package, and
    those the package left out but this PC's data folder holds already."""

    absent: frozenset[str] = frozenset()  # listed as left out and not in the package
    store: AttachmentStore | None = None

    def available(self, attachment: PackageAttachment) -> bool:
        if attachment.sha256 not in self.absent:
            return True
        return self.store is not None and self._stored(attachment)

    def _stored(self, attachment: PackageAttachment) -> bool:
        assert self.store is not None
        return self.store.path_for(attachment.sha256, attachment.file_name).is_file()


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
    entries: list[IncomingEntry],
    areas: list[Area],
    local: dict[str, Entry],
    files: _Files | None = None,
    choices: Mapping[str, Side] | None = None,
) -> list[PlannedEntry]:
    """What to do with each entry: the side changed last is kept unless ``choices`` (by
    UUID) says otherwise for an entry both PCs changed."""
    files = files or _Files()
    area_names = {area.id: area.short_name for area in areas}
    picked = _check_choices(choices)
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
        action, conflict = _decide(entry, valid, local.get(entry.uuid), files, area_names)
        planned.append(_chosen(PlannedEntry(entry, action, valid, conflict), picked))
    return planned


def _missing(items: Iterable[PlannedEntry], files: _Files) -> list[MissingAttachment]:
    """Attachments of the entries taken from the package that nobody here has the file of."""
    return [
        MissingAttachment(item.incoming.uuid, item.incoming.name, a.file_name, a.sha256)
        for item in items
        if item.action in (Action.ADD, Action.UPDATE, Action.UNCHANGED)
        for a in item.incoming.attachments
        if not files.available(a)
    ]


def _comparable(
    valid: ValidEntry | Entry, attachments: Iterable[tuple[str, str]], deleted: bool
) -> dict[str, object]:
    values: dict[str, object] = {field: getattr(valid, field) for field in VALID_NAMES}
    values["attachments"] = sorted(attachments)
    values["deleted"] = deleted
    return values


def _shown(field: str, value: object, area_names: Mapping[int, str]) -> str:
    """A field's value as the clerk reads it in the merge preview."""
    if field == "area_id":
        return area_names.get(value, "") if isinstance(value, int) else ""
    if field == "attachments":
        assert isinstance(value, list)
        return "、".join(name for _sha, name in value) or "（无）"
    if field == "deleted":
        return "在回收站" if value else "不在回收站"
    if value is None or value == "":
        return "（空）"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _decide(
    entry: IncomingEntry,
    valid: ValidEntry,
    local: Entry | None,
    files: _Files,
    area_names: Mapping[int, str],
) -> tuple[Action, Conflict | None]:
    if local is None:
        return Action.ADD, None
    held = {(a.sha256, a.file_name) for a in local.attachments}
    # A file the package left out and this PC lacks cannot come in, so it is no difference;
    # one this PC's version lists already is kept and compared as usual.
    theirs = _comparable(
        valid,
        (
            (a.sha256, a.file_name)
            for a in entry.attachments
            if files.available(a) or (a.sha256, a.file_name) in held
        ),
        entry.deleted_at is not None,
    )
    ours = _comparable(
        local, ((a.sha256, a.file_name) for a in local.attachments), local.deleted_at is not None
    )
    differing = [key for key in theirs if theirs[key] != ours[key]]
    if not differing:
        return Action.UNCHANGED, None
    local_changed = _changed_at(local.updated_at, local.deleted_at)
    winner: Side = "incoming" if entry.changed_at > local_changed else "local"
    conflict = Conflict(
        entry.uuid,
        valid.name,
        local.name,
        winner,
        entry.changed_at,
        local_changed,
        tuple(_LABELS[key] for key in differing),
        tuple(
            Difference(
                key,
                _LABELS[key],
                _shown(key, ours[key], area_names),
                _shown(key, theirs[key], area_names),
            )
            for key in differing
        ),
    )
    return (Action.UPDATE if winner == "incoming" else Action.KEEP_LOCAL), conflict


# -- applying ------------------------------------------------------------------------------
_CHANGED_MEANWHILE = "导入期间本机的记录有了变化，请重新导入这个交换包。"


def apply_package(
    ledger: Ledger,
    plan: MergePlan,
    steps: Steps = QUIET,
    *,
    choices: Mapping[str, Side] | None = None,
) -> MergeResult:
    """Copy the needed attachment files into the store, then write every row in one
    transaction. The plan is checked again against the ledger as it is now.

    ``choices`` says, by entry UUID, which version of an entry both PCs changed is kept
    (``"local"`` or ``"incoming"``); an entry not named keeps the one changed last. A
    version kept against the times is stamped as changed now, so that it travels on as
    the newer one and importing the same package again changes nothing."""
    picked = _check_choices(choices)
    store = AttachmentStore(ledger.folder.attachments)
    files = _Files(plan.absent_files, store)
    needed: dict[Path, PackageAttachment] = {}
    for item in plan.chosen(picked):
        if item.action in (Action.ADD, Action.UPDATE):
            for attachment in item.incoming.attachments:
                if attachment.sha256 in plan.absent_files:
                    continue  # left out by the sending PC: reported, never asked of the zip
                target = store.path_for(attachment.sha256, attachment.file_name)
                if not target.is_file():
                    needed.setdefault(target, attachment)
    total = len(needed) + 1
    cancel_text = "已取消导入，没有写入任何内容。"
    with tempfile.TemporaryDirectory(prefix="wenming-import-") as folder:
        staged = _stage_files(plan.path, needed, Path(folder), steps, total)
        _check_cancel(steps, cancel_text)  # the last point where nothing has been written
        for source, attachment in staged:
            stored = store.put(source)
            if stored.sha256 != attachment.sha256:
                raise _damaged(f"附件“{attachment.file_name}”的校验值与清单不符")
    steps.report(total - 1, total, "正在写入记录")
    with ledger.database.writing() as session:
        incoming = [item.incoming for item in plan.items]
        local = _local_entries(session, incoming)
        items = _plan(incoming, _areas(session), local, files, picked)
        if _seen(plan.items) != _seen(items):
            # The clerk chose between the versions shown; this PC's side is not that any more.
            raise UserError(_CHANGED_MEANWHILE)
        for item in items:
            entry = local.get(item.incoming.uuid)
            if item.action in (Action.ADD, Action.UPDATE):
                _write(session, files, item, entry)
            elif item.action is Action.KEEP_LOCAL and entry is not None:
                assert item.conflict is not None
                if item.conflict.older_kept:
                    entry.updated_at = _decided_at(item.conflict)
        missing = _missing(items, files)
    steps.report(total, total, "导入完成")
    return MergeResult(
        added=_count(items, Action.ADD),
        updated=_count(items, Action.UPDATE),
        unchanged=_count(items, Action.UNCHANGED),
        kept_local=_count(items, Action.KEEP_LOCAL),
        refused=tuple(_refusals(plan.malformed, items)),
        conflicts=tuple(item.conflict for item in items if item.conflict is not None),
        files_copied=len(needed),
        missing_attachments=tuple(missing),
    )


def _seen(items: Iterable[PlannedEntry]) -> set[tuple[str, dt.datetime]]:
    """The entries both PCs changed, with this PC's change time, as a plan showed them."""
    return {(c.uuid, c.local_changed_at) for item in items if (c := item.conflict) is not None}


def _decided_at(conflict: Conflict) -> dt.datetime:
    """When the clerk kept the older version: now, and later than either version, so the
    choice wins wherever the record travels next (another PC's clock may be ahead)."""
    later = max(conflict.local_changed_at, conflict.incoming_changed_at)
    return max(utc_now(), later + dt.timedelta(microseconds=1))


def _stage_files(
    path: Path,
    needed: dict[Path, PackageAttachment],
    folder: Path,
    steps: Steps,
    total: int,
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
                        steps,
                    )
            except OSError as error:
                raise UserError(f"无法解出附件：{describe_os_error(error)}。") from error
            staged.append((source, attachment))
            steps.report(done, total, f"正在核对附件 {done}/{len(needed)}")
    return staged


def _write(session: Session, files: _Files, item: PlannedEntry, entry: Entry | None) -> None:
    incoming, valid = item.incoming, item.valid
    assert valid is not None and files.store is not None
    store = files.store
    if entry is None:
        entry = Entry(uuid=incoming.uuid, created_at=incoming.created_at)
        session.add(entry)
    for field in VALID_NAMES:
        setattr(entry, field, getattr(valid, field))
    entry.is_sample = incoming.is_sample
    if item.conflict is not None and item.conflict.older_kept:
        entry.updated_at = _decided_at(item.conflict)
    else:
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
            if attachment.sha256 in files.absent:
                continue  # left out by the sending PC: reported, and no row without its file
            # The plan was made before this PC's records changed; start again from reading.
            raise UserError(_CHANGED_MEANWHILE)
        kept.append(
            Attachment(
                sha256=attachment.sha256, file_name=attachment.file_name, size=attachment.size
            )
        )
    entry.attachments = kept
    session.flush()
