"""``check``: is the database whole, are the attachment files there, are the backups good?"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from wenming_desktop.paths import DataFolder
from wenming_desktop.safety import leftovers
from wenming_desktop.safety.backup import BACKUP_DIR, BackupFolder
from wenming_desktop.store.attachments import AttachmentStore
from wenming_desktop.store.sqlite_file import FileState, inspect_ledger, open_read_only

RESTORE_HINT = "请从备份恢复：wenming-cli restore 备份文件。"


@dataclass(slots=True)
class CheckReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _listed(names: list[str]) -> str:
    return "、".join(names[:5]) + ("……" if len(names) > 5 else "")


def check(folder: DataFolder, *, mirror: Path | None = None) -> CheckReport:
    """Never raises for a damaged file: damage is what it reports. Changes nothing."""
    report = CheckReport()
    read_only = folder.write_problem() if folder.root.is_dir() else None
    if read_only:
        report.notes.append(
            f"只读：{read_only}。台账可以查看、查找、打印，不能修改（数据本身没有问题）。"
        )
    found = inspect_ledger(folder.database, count_entries=True)
    if found.state is FileState.MISSING:
        report.notes.append("数据文件尚不存在（还没有记录）。")
    elif found.state is FileState.UNREADABLE:
        report.problems.append(f"数据文件暂时无法读取（{found.detail}），请稍后再试。")
    elif found.state is FileState.DAMAGED:
        report.problems.append(
            f"数据文件已损坏（SQLite 完整性检查：{found.detail[:200]}）。{RESTORE_HINT}"
        )
    elif found.state in (FileState.EMPTY, FileState.FOREIGN, FileState.NEWER):
        report.problems.append(found.describe(folder.database.name) + RESTORE_HINT)
    else:
        _check_ledger(folder, report)
    _check_backups(folder, mirror, report)
    stale = leftovers.find(folder, mirror=mirror)
    if stale:
        report.notes.append(
            f"有 {len(stale)} 个中断的操作留下的临时文件，下次启动程序时会自动清理："
            + "；".join(item.describe() for item in stale[:5])
            + ("……" if len(stale) > 5 else "")
        )
    return report


def _check_ledger(folder: DataFolder, report: CheckReport) -> None:
    connection = open_read_only(folder.database)
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
        if [row[0] for row in rows] != ["ok"]:
            details = "；".join(str(row[0]) for row in rows[:5])
            report.problems.append(
                f"数据文件已损坏（SQLite 完整性检查：{details}）。{RESTORE_HINT}"
            )
            return
        files = connection.execute(
            "SELECT a.sha256, a.file_name, e.name FROM attachment a"
            " JOIN entry e ON e.id = a.entry_id ORDER BY e.date, e.id"
        ).fetchall()
        entries = connection.execute("SELECT count(*) FROM entry").fetchone()[0]
    except sqlite3.DatabaseError as error:
        report.problems.append(f"数据文件已损坏，无法读取（{error}）。{RESTORE_HINT}")
        return
    finally:
        connection.close()
    store = AttachmentStore(folder.attachments)
    expected = {store.path_for(sha, name) for sha, name, _entry in files}
    missing = list(
        dict.fromkeys(
            f"{name}（记录“{entry}”）"
            for sha, name, entry in files
            if not store.path_for(sha, name).is_file()
        )
    )
    present = (
        {p for p in folder.attachments.rglob("*") if p.is_file() and not p.name.startswith(".")}
        if folder.attachments.is_dir()
        else set()
    )
    orphans = sorted(p.name for p in present - expected)
    if missing:
        report.problems.append(f"缺少 {len(missing)} 个附件文件：{_listed(missing)}")
    if orphans:
        report.notes.append(
            f"有 {len(orphans)} 个附件文件不属于任何记录（可删除）：{_listed(orphans)}"
        )
    report.notes.append(f"数据文件完好，共 {entries} 条记录、{len(expected)} 个附件。")


def _check_backups(folder: DataFolder, mirror: Path | None, report: CheckReport) -> None:
    for root, where in ((folder.root / BACKUP_DIR, "数据文件夹"), (mirror, "其他位置")):
        if root is None:
            continue
        newest = BackupFolder(root).newest_good()
        if newest is None:
            report.notes.append(f"{where}中还没有可用的自动备份。")
            continue
        text = f"{where}中最新的备份：{newest.taken_at:%Y-%m-%d %H:%M}，{newest.entries} 条记录"
        if newest.missing:
            text += f"，缺少 {len(newest.missing)} 个附件文件（{_listed(list(newest.missing))}）"
        report.notes.append(text + "。")
