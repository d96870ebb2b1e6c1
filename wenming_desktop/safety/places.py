"""Where backups live: the data folder's ``backups``, and the optional second place.

A backup on the same disk as the data is lost with that disk. The clerk may name a second
place (a USB stick, another drive) in 设置; the automatic backups go there too whenever it
is reachable, into its folder :data:`MIRROR_FOLDER_NAME`. When a backup last reached it
is noted in ``backups/offsite.json`` — the stick may be unplugged when the clerk asks.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from wenming_desktop.errors import UserError, describe_os_error
from wenming_desktop.paths import DataFolder
from wenming_desktop.safety.backup import BACKUP_DIR, Backup, BackupFolder

log = logging.getLogger(__name__)

MIRROR_FOLDER_NAME = "文明创建台账备份"
_OFFSITE_FILE = "offsite.json"


def mirror_root(setting: str, ledger_id: str) -> Path | None:
    """This ledger's backup folder in the chosen second place, or None when there is none.

    One folder per ledger (``文明创建台账备份/<id>``): two PCs, or two ledgers, may back up
    to the same USB stick without thinning each other's backups.
    """
    if not setting.strip():
        return None
    return Path(setting).expanduser() / MIRROR_FOLDER_NAME / (ledger_id[:12] or "台账")


def reachable(setting: str, ledger_id: str) -> Path | None:
    """The second place's backup folder when its drive is there now, else None."""
    root = mirror_root(setting, ledger_id)
    if root is None or not root.parent.parent.is_dir():
        return None
    return root


def same_disk(one: Path, other: Path) -> bool:
    """Both on one disk (volume). Unknown counts as not the same."""
    try:
        return os.stat(one).st_dev == os.stat(other).st_dev
    except OSError:
        return False


@dataclass(frozen=True, slots=True)
class PlaceStatus:
    text: str  # Chinese, for 设置 and the 备份与恢复 window
    warning: bool  # every backup would be on the data's disk

    def describe(self) -> str:
        return self.text


def mirror_status(folder: DataFolder, setting: str) -> PlaceStatus:
    chosen = setting.strip()
    if not chosen:
        return PlaceStatus(
            "没有设置其他备份位置：所有备份都和数据在同一块磁盘上，磁盘损坏时会一起丢失。"
            "建议选择 U 盘或另一块硬盘。",
            warning=True,
        )
    place = Path(chosen).expanduser()
    if not place.is_dir():
        return PlaceStatus(
            f"其他备份位置“{chosen}”现在不可用（U 盘没有插上？）。插上后，下次自动备份时会写入。",
            warning=False,
        )
    if same_disk(place, folder.root):
        return PlaceStatus(
            f"“{chosen}”和数据在同一块磁盘上，磁盘损坏时会一起丢失。请选择 U 盘或另一块硬盘。",
            warning=True,
        )
    return PlaceStatus(f"自动备份也会写到：{place / MIRROR_FOLDER_NAME}", warning=False)


def record_offsite(folder: DataFolder, where: Path, at: dt.datetime) -> None:
    """Note that a backup reached ``where`` (another disk) at ``at``."""
    path = folder.root / BACKUP_DIR / _OFFSITE_FILE
    text = json.dumps({"folder": str(where), "at": at.isoformat(timespec="seconds")})
    temp = path.with_name(f".{_OFFSITE_FILE}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    except OSError as error:
        log.warning("Could not note the second place's backup: %s", error)


def last_offsite(folder: DataFolder) -> tuple[dt.datetime, str] | None:
    """When, and to where, a backup last left this disk."""
    try:
        data = json.loads((folder.root / BACKUP_DIR / _OFFSITE_FILE).read_text(encoding="utf-8"))
        return dt.datetime.fromisoformat(data["at"]), str(data["folder"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True, slots=True)
class BackupRun:
    """One automatic backup: in the data folder, and in the second place if it is there."""

    local: Backup
    mirror: Backup | None = None
    mirror_problem: str = ""  # Chinese: why the second place was not written

    def describe(self) -> str:
        local = self.local
        text = f"已备份 {local.entries} 条记录、{local.attachments} 个附件到：{local.path}"
        if self.mirror is not None:
            text += f"\n也已备份到其他位置：{self.mirror.path}"
        elif self.mirror_problem:
            text += f"\n{self.mirror_problem}"
        if self.local.missing:
            shown = "、".join(self.local.missing[:5])
            text += f"\n注意：数据文件夹中找不到 {len(self.local.missing)} 个附件文件（{shown}）。"
        return text + "（已核验）"


def back_up(
    folder: DataFolder, mirror_setting: str, ledger_id: str, now: dt.datetime | None = None
) -> BackupRun:
    """Take an automatic backup into ``backups`` and, when reachable, the second place.

    The second place failing (a full or pulled-out stick) never fails the backup itself.
    """
    moment = now or dt.datetime.now()
    local = BackupFolder(folder.root / BACKUP_DIR).take(folder, moment)
    root = reachable(mirror_setting, ledger_id)
    if root is None:
        problem = f"其他备份位置“{mirror_setting}”现在不可用，未写入。" if mirror_setting else ""
        return BackupRun(local, mirror_problem=problem)
    try:
        mirror = BackupFolder(root).take(folder, moment)
    except (UserError, OSError) as error:
        log.warning("Backup to the second place %s failed: %s", root, error)
        reason = str(error) if isinstance(error, UserError) else describe_os_error(error)
        return BackupRun(local, mirror_problem=f"备份到其他位置失败：{reason}")
    if not same_disk(root, folder.root):
        record_offsite(folder, root, moment)
    return BackupRun(local, mirror)
