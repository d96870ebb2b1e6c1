"""Errors whose message is meant for the clerk (Simplified Chinese)."""


class UserError(Exception):
    """Something the clerk can fix; ``str(error)`` is a complete Chinese sentence."""


def describe_os_error(error: OSError) -> str:
    """An operating-system error in words a clerk understands (never English)."""
    import errno

    reasons = {
        errno.ENOENT: "找不到该文件或文件夹",
        errno.EACCES: "没有权限",
        errno.EPERM: "没有权限",
        errno.ENOSPC: "磁盘空间已满",
        errno.EISDIR: "这是一个文件夹，不是文件",
        errno.ENOTDIR: "路径中有一部分不是文件夹",
        errno.EROFS: "磁盘是只读的",
        errno.EEXIST: "文件已存在",
        errno.ENAMETOOLONG: "文件名太长",
        errno.EBUSY: "文件正被其他程序使用",
        errno.EIO: "读写磁盘时出错，磁盘可能有故障",
    }
    if isinstance(error, PermissionError) and getattr(error, "winerror", None) == 32:
        return "文件正被其他程序使用"
    return reasons.get(error.errno or -1, f"系统错误（代码 {error.errno}）")


class ValidationError(UserError):
    """Input that must not be stored. ``problems`` maps a field name to its message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("\n".join(self.problems.values()))

    @property
    def first_field(self) -> str:
        return next(iter(self.problems))
