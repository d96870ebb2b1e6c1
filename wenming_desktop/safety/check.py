"""``check``: is the database whole, and are the attachment files where they should be?"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from wenming_desktop.paths import DataFolder
from wenming_desktop.store.sqlite_file import open_read_only


@dataclass(slots=True)
class CheckReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(folder: DataFolder) -> CheckReport:
    """Never raises for a damaged file: damage is what it reports."""
    report = CheckReport()
    if not folder.database.exists():
        report.notes.append("数据文件尚不存在（还没有记录）。")
        return report
    try:
        connection = open_read_only(folder.database)
    except sqlite3.Error as error:
        report.problems.append(f"无法打开数据文件：{error}。")
        return report
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
        if [row[0] for row in rows] != ["ok"]:
            details = "；".join(str(row[0]) for row in rows[:5])
            report.problems.append(
                f"数据文件已损坏（SQLite 完整性检查：{details}）。"
                "请从备份恢复：wenming-cli restore 备份文件。"
            )
            return report
        files = connection.execute("SELECT sha256, file_name FROM attachment").fetchall()
        entries = connection.execute("SELECT count(*) FROM entry").fetchone()[0]
    except sqlite3.DatabaseError as error:
        report.problems.append(
            f"数据文件已损坏，无法读取（{error}）。请从备份恢复：wenming-cli restore 备份文件。"
        )
        return report
    finally:
        connection.close()
    from wenming_desktop.ledger.attachments import AttachmentStore

    store = AttachmentStore(folder.attachments)
    expected = {store.path_for(sha, name) for sha, name in files}
    missing = sorted(p.name for p in expected if not p.is_file())
    present = {
        p for p in folder.attachments.rglob("*") if p.is_file() and not p.name.startswith(".")
    }
    orphans = sorted(p.name for p in present - expected)
    if missing:
        report.problems.append(
            f"缺少 {len(missing)} 个附件文件：{'、'.join(missing[:5])}"
            + ("……" if len(missing) > 5 else "")
        )
    if orphans:
        report.notes.append(
            f"有 {len(orphans)} 个附件文件不属于任何记录（可删除）：{'、'.join(orphans[:5])}"
            + ("……" if len(orphans) > 5 else "")
        )
    report.notes.append(f"数据文件完好，共 {entries} 条记录、{len(files)} 个附件。")
    return report
