"""Is the data folder somewhere SQLite cannot be trusted (a network or removable drive)?"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smbfs",
        "smb3",
        "fuse.sshfs",
        "9p",
        "afs",
        "ncpfs",
        "fuse.rclone",
        "davfs",
        "fuse.gvfsd-fuse",
    }
)
NETWORK_WARNING = (
    "数据文件夹位于网络驱动器上（{where}）。SQLite 的预写日志在网络文件系统上不可靠，"
    "断网或多人同时打开都可能损坏数据。请把数据文件夹放在本机硬盘上，需要共享时使用“交换包”。"
)
REMOVABLE_WARNING = (
    "数据文件夹位于可移动磁盘上（{where}）。拔出 U 盘或移动硬盘时若程序仍在写入，数据可能损坏。"
    "请把数据文件夹放在本机硬盘上，并定期备份到 U 盘。"
)


def risky_location(path: Path) -> str | None:
    """A Chinese warning when ``path`` is on a network or removable drive, else None."""
    if sys.platform == "win32":
        return _windows(path)
    return _posix(path)


def _windows(path: Path) -> str | None:
    import ctypes

    text = str(path.resolve())
    if text.startswith("\\\\"):  # \\server\share
        return NETWORK_WARNING.format(where=text)
    root = os.path.splitdrive(text)[0] + "\\"
    kind = ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root))  # type: ignore[attr-defined]  # Windows only
    if kind == 4:  # DRIVE_REMOTE
        return NETWORK_WARNING.format(where=root)
    if kind == 2:  # DRIVE_REMOVABLE
        return REMOVABLE_WARNING.format(where=root)
    return None


def mount_of(path: Path, mounts: list[tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """The (device, mount point, filesystem) that holds ``path``: the longest matching point."""
    text = str(path.resolve())
    best = None
    for device, point, kind in mounts:
        inside = text == point or text.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > len(best[1])):
            best = (device, point, kind)
    return best


def _posix_mounts() -> list[tuple[str, str, str]]:
    try:
        lines = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    mounts = []
    for line in lines:
        parts = line.split()
        if len(parts) >= 3:
            mounts.append((parts[0], parts[1].replace("\\040", " "), parts[2]))
    return mounts


def _removable(device: str, sys_block: Path = Path("/sys/block")) -> bool:
    name = Path(device).name  # /dev/sdb1 -> sdb1
    for block in (name, name.rstrip("0123456789"), name.split("p")[0]):
        flag = sys_block / block / "removable"
        if flag.is_file():
            return flag.read_text().strip() == "1"
    return False


def _posix(path: Path, mounts: list[tuple[str, str, str]] | None = None) -> str | None:
    found = mount_of(path, _posix_mounts() if mounts is None else mounts)
    if found is None:
        return None
    device, point, kind = found
    if kind in NETWORK_FILESYSTEMS or device.startswith("//"):
        return NETWORK_WARNING.format(where=f"{device} → {point}")
    if device.startswith("/dev/") and _removable(device):
        return REMOVABLE_WARNING.format(where=point)
    return None
