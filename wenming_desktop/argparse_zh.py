"""Chinese for argparse's own words (usage, errors, help), shared by both entry points."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

_WORDS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的选择：%(value)r（可选：%(choices)s）"
    ),
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)": (
        "无效的选择：%(value)r（可选：%(choices)s）"
    ),
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 不明确，可能是：%(matches)s"
    ),
}


def _translate(message: str) -> str:
    return _WORDS.get(message, message)


# argparse looks up its messages through these module globals; they answer in Chinese.
setattr(argparse, "_", _translate)  # noqa: B010
setattr(argparse, "ngettext", lambda one, many, n: _translate(one if n == 1 else many))  # noqa: B010


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one Chinese line on stderr and exit code 1."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}：{message}。使用 --help 查看用法。\n")
        raise SystemExit(1)
