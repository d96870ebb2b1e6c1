"""``wenming`` / ``python -m wenming_desktop``: start the desktop app.

Arguments are read and logging set up before Qt is imported, so a bad argument or
an unusable data folder is reported without loading the GUI.
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()

import logging  # noqa: E402
import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402

from wenming_desktop.argparse_zh import ChineseArgumentParser  # noqa: E402
from wenming_desktop.errors import describe_os_error  # noqa: E402
from wenming_desktop.logs import setup_logging  # noqa: E402
from wenming_desktop.paths import DataFolder, resolve_data_dir  # noqa: E402
from wenming_desktop.store.sqlite_file import BackgroundCheck  # noqa: E402


def build_parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(prog="wenming", description="文明创建台账")
    parser.add_argument("--data-dir", metavar="目录", help="数据文件夹（默认为本用户的数据目录）")
    parser.add_argument(
        "--smoke", action="store_true", help="启动、显示主窗口后输出一行 JSON 并退出"
    )
    parser.add_argument("--debug", action="store_true", help="在控制台输出调试日志")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir = resolve_data_dir(args.data_dir)
    try:
        log_file = setup_logging(DataFolder(data_dir).logs, debug=args.debug)
    except OSError as error:
        print(
            f"wenming：无法使用数据文件夹 {data_dir}：{describe_os_error(error)}", file=sys.stderr
        )
        return 1
    logging.getLogger(__name__).info("Starting with data folder %s", data_dir)
    # The file is checked while Qt and SQLAlchemy load (they take longer than the check).
    integrity = BackgroundCheck(DataFolder(data_dir).database)

    from wenming_desktop.gui.application import StartOptions, run

    return run(
        StartOptions(
            data_dir=data_dir,
            log_file=log_file,
            smoke=args.smoke,
            started=_STARTED,
            integrity=integrity,
        )
    )


if __name__ == "__main__":
    raise SystemExit(main())
