"""Warnings for data folders on network or removable drives."""

from __future__ import annotations

from pathlib import Path

from wenming_desktop.safety import location


def test_network_filesystems_are_named(tmp_path: Path) -> None:
    mounts = [("/dev/sda1", "/", "ext4"), ("//nas/share", str(tmp_path), "cifs")]
    warning = location._posix(tmp_path / "台账", mounts)
    assert warning is not None and "网络驱动器" in warning and "交换包" in warning


def test_the_longest_mount_point_wins(tmp_path: Path) -> None:
    mounts = [("server:/export", "/", "nfs4"), ("/dev/nvme0n1p2", str(tmp_path), "ext4")]
    assert location._posix(tmp_path / "data", mounts) is None


def test_removable_disks_are_named(tmp_path: Path, monkeypatch) -> None:
    sys_block = tmp_path / "sys"
    (sys_block / "sdb").mkdir(parents=True)
    (sys_block / "sdb" / "removable").write_text("1\n")
    real = location._removable
    monkeypatch.setattr(location, "_removable", lambda device: real(device, sys_block))
    mounts = [("/dev/sda1", "/", "ext4"), ("/dev/sdb1", str(tmp_path / "u"), "vfat")]
    warning = location._posix(tmp_path / "u" / "台账", mounts)
    assert warning is not None and "可移动磁盘" in warning


def test_this_machines_temporary_folder_is_fine(tmp_path: Path) -> None:
    assert location.risky_location(tmp_path) is None
