"""One program at a time per data folder: a lock that knows its holder and never locks out.

The lock is an operating-system lock on ``wenming.lock`` (``flock`` on POSIX, a byte-range
lock on Windows), which the system lets go of when the process ends — however it ends.
So a lock left by a power cut, a crash or a reused PID is simply free, and nobody has to
guess from a PID whether its owner still lives. The file's text only says who holds it
(PID, computer, when), for the message the clerk reads; it is emptied on release and
never deleted (deleting a lock file lets two processes lock two different files).

One case is asked, not decided: a lock file written on *another computer* that is not
locked now. Either the folder was copied from there (take over), or it sits on a network
share whose locks this computer cannot see — and two computers writing one SQLite file
would damage it. :class:`LockState` says which case this is; the caller asks the clerk.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import socket
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from wenming_desktop.errors import describe_os_error

log = logging.getLogger(__name__)

LOCK_NAME = "wenming.lock"
GUI_APP, CLI_APP = "wenming", "wenming-cli"
#: Windows locks a byte range; this one lies beyond the text, which others must read.
_WINDOWS_LOCK_OFFSET = 1 << 30


def this_computer() -> str:
    return socket.gethostname() or "本机"


@dataclass(frozen=True, slots=True)
class Holder:
    """Who wrote the lock file (any field may be empty for a damaged or empty file)."""

    pid: int | None
    host: str
    since: str  # ISO time, local
    app: str

    @classmethod
    def parse(cls, text: str) -> Holder:
        fields: dict[str, str] = {}
        for line in text.splitlines():
            key, _, value = line.partition("=")
            fields[key.strip()] = value.strip()
        pid_text = fields.get("pid", "")
        return cls(
            int(pid_text) if pid_text.isdigit() else None,
            fields.get("host", ""),
            fields.get("since", ""),
            fields.get("app", ""),
        )

    def text(self) -> str:
        return f"pid={self.pid}\nhost={self.host}\nsince={self.since}\napp={self.app}\n"

    @property
    def empty(self) -> bool:
        return self.pid is None and not self.host

    def describe(self) -> str:
        """“电脑 PC-01（进程 1234，自 2026-12-01 09:00 起）”."""
        when = self.since.replace("T", " ")[:16]
        parts = [f"进程 {self.pid}" if self.pid else "", f"自 {when} 起" if when else ""]
        details = "，".join(part for part in parts if part)
        return f"电脑“{self.host or '未知'}”" + (f"（{details}）" if details else "")


class LockState(StrEnum):
    HELD = "held"  # ours now
    BUSY = "busy"  # another program holds it right now
    OTHER_COMPUTER = "other_computer"  # written on another computer, not locked: ask
    CANNOT_WRITE = "cannot_write"  # read-only folder or disk, full disk: no lock possible


@dataclass(frozen=True, slots=True)
class LockResult:
    state: LockState
    holder: Holder | None = None
    #: What happened to an earlier holder's lock, for the log (“stale lock of pid 12”).
    note: str = ""
    reason: str = ""  # CANNOT_WRITE: 磁盘空间已满 …

    def message(self, data_dir: Path) -> str:
        """What to tell the clerk when the lock is not simply ours (Chinese)."""
        holder = self.holder.describe() if self.holder else "另一个程序"
        if self.state is LockState.BUSY and self.holder and self.holder.app == CLI_APP:
            return (
                f"命令行程序（wenming-cli）正在使用数据文件夹 {data_dir}（例如正在恢复备份），"
                "请等它完成后再打开。"
            )
        if self.state is LockState.BUSY:
            if self.holder and self.holder.host and self.holder.host != this_computer():
                return (
                    f"数据文件夹 {data_dir} 正被{holder}上的“文明创建台账”使用。"
                    "同一份台账不能在两台电脑上同时打开，请先在那台电脑上关闭程序。"
                )
            return f"“文明创建台账”已经在运行（数据文件夹：{data_dir}），已切换到正在运行的窗口。"
        if self.state is LockState.OTHER_COMPUTER:
            return (
                f"数据文件夹 {data_dir} 上次由{holder}上的“文明创建台账”打开，没有正常关闭。\n\n"
                "如果这个文件夹是从那台电脑复制过来的，或那台电脑上的程序已经关闭，可以放心接管。"
                "如果那台电脑现在仍在使用这个文件夹（例如放在共享盘上），请不要接管："
                "两台电脑同时写入会损坏数据。"
            )
        if self.state is LockState.CANNOT_WRITE:
            return f"数据文件夹 {data_dir} 无法写入（{self.reason}）：台账将以只读方式打开。"
        return ""


class FolderLock:
    """``acquire()``; if it says OTHER_COMPUTER, ``take_over()`` once the clerk agreed;
    ``release()`` at the end (the system releases it anyway when the process dies)."""

    def __init__(self, data_dir: Path, app: str = GUI_APP) -> None:
        self.path = data_dir / LOCK_NAME
        self.app = app
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> LockResult:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            return self._cannot_write(error)
        if not _try_lock(fd):
            holder = Holder.parse(_read(fd))
            os.close(fd)
            return LockResult(LockState.BUSY, holder)
        self._fd = fd
        before = Holder.parse(_read(fd))
        if before.host and before.host != this_computer():
            return LockResult(LockState.OTHER_COMPUTER, before)  # still locked by us meanwhile
        note = "" if before.empty else f"stale lock of pid {before.pid} taken over"
        return self._write_holder(LockResult(LockState.HELD, before, note=note))

    def take_over(self) -> LockResult:
        """After OTHER_COMPUTER, when the clerk said the other computer is not using it."""
        assert self._fd is not None, "acquire() first"
        before = Holder.parse(_read(self._fd))
        return self._write_holder(
            LockResult(LockState.HELD, before, note=f"taken over from {before.host}")
        )

    def release(self, *, keep_text: bool = False) -> None:
        """Let go. ``keep_text``: after declining to take over another computer's lock,
        its mark stays, so that the question is asked again next time."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if not keep_text:
            try:
                os.ftruncate(fd, 0)  # empty = free; the file itself stays (module docstring)
            except OSError as error:
                log.warning("Could not empty the lock file: %s", error)
        _unlock(fd)
        os.close(fd)

    def _write_holder(self, result: LockResult) -> LockResult:
        assert self._fd is not None
        holder = Holder(
            os.getpid(),
            this_computer(),
            dt.datetime.now().isoformat(timespec="seconds"),
            self.app,
        )
        try:
            os.ftruncate(self._fd, 0)
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.write(self._fd, holder.text().encode("utf-8"))
        except OSError as error:  # a full disk: the lock holds all the same
            log.warning("Could not write the lock file's text: %s", error)
        if result.note:
            log.info("Data folder lock: %s", result.note)
        return result

    def _cannot_write(self, error: OSError) -> LockResult:
        if error.errno == errno.ENOSPC:
            reason = "磁盘空间已满"
        elif error.errno == errno.EROFS:
            reason = "数据文件夹所在的磁盘是只读的"
        elif isinstance(error, PermissionError):
            reason = "没有写入数据文件夹的权限"
        else:
            reason = describe_os_error(error)
        log.warning("Cannot create the lock file %s: %s", self.path, error)
        return LockResult(LockState.CANNOT_WRITE, reason=reason)


def _read(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 4096).decode("utf-8", errors="replace")
    except OSError:
        return ""


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):  # not locked: nothing to release
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            # ENOLCK, EOPNOTSUPP: a file system without locks (some network shares). The
            # lock file's text still tells another computer's copy apart (it is asked).
            log.warning("The file system cannot lock %s: %s", fd, error)
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
