"""``wenming-cli``: the ledger from a terminal — load sample data, list, search, stats.

Errors are one Chinese sentence on stderr and exit code 1.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from argparse import Namespace
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from wenming_desktop.argparse_zh import ChineseArgumentParser
from wenming_desktop.books.fields import ENTRY_FIELD_LABELS, LISTED_FIELDS
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.books.records import Area, EntryRow
from wenming_desktop.charts.spec import KINDS
from wenming_desktop.errors import UserError, describe_os_error
from wenming_desktop.files import note_outputs_in
from wenming_desktop.ledger import Ledger
from wenming_desktop.logs import setup_logging
from wenming_desktop.paths import DataFolder, resolve_data_dir

if TYPE_CHECKING:
    from wenming_desktop.books.draft import ValidEntry

log = logging.getLogger(__name__)


def build_parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(
        prog="wenming-cli", description="文明创建台账（命令行）：示例数据、查询、统计。"
    )
    parser.add_argument("--data-dir", metavar="目录", help="数据文件夹（默认为本用户的数据目录）")
    commands = parser.add_subparsers(dest="command", metavar="命令", required=True)

    demo = commands.add_parser("demo", help="加载2019年示例数据（重复加载不会重复添加）")
    demo.add_argument(
        "--remove",
        action="store_true",
        help="删除全部示例数据（移到回收站，可在窗口的回收站中恢复）",
    )

    listing = commands.add_parser("list", help="列出某年的记录")
    listing.add_argument("--year", type=_year, required=True, metavar="年份")
    listing.add_argument("--area", metavar="板块", help="只列出此板块，如：志愿服务")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")

    search = commands.add_parser("search", help="在全部记录中查找文字")
    search.add_argument("text", metavar="文字")
    search.add_argument("--year", type=_year, metavar="年份")
    search.add_argument("--json", action="store_true", help="以 JSON 输出")

    stats = commands.add_parser("stats", help="某年各板块、各月份的次数、人次与时长")
    stats.add_argument("--year", type=_year, required=True, metavar="年份")
    stats.add_argument("--json", action="store_true", help="以 JSON 输出")
    summary = commands.add_parser("summary", help="输出年度工作总结（.pdf 或 .docx）")
    summary.add_argument("--year", type=_year, required=True, metavar="年份")
    summary.add_argument(
        "--out", required=True, metavar="文件", help="输出文件，扩展名为 .pdf 或 .docx"
    )
    summary.add_argument("--with-stats", action="store_true", help="PDF 后附本年度统计表（附件）")
    summary.add_argument(
        "--refresh",
        action="store_true",
        help="先按台账更新已过时且未修改过的部分（修改过的部分保留）",
    )

    chart = commands.add_parser("chart", help="输出一张统计图（PNG）")
    chart.add_argument("--year", type=_year, required=True, metavar="年份")
    chart.add_argument(
        "--kind",
        required=True,
        choices=KINDS,
        help="area 各板块次数，month 各月次数，people 各板块人次，hours 各月志愿服务时长，"
        "compare 两年对比",
    )
    chart.add_argument(
        "--against", type=_year, metavar="年份", help="对比的年份（默认为之前最近一个有记录的年份）"
    )
    chart.add_argument("--out", required=True, metavar="文件", help="输出的 .png 文件")
    chart.add_argument(
        "--size",
        type=_size,
        default=(2400, 1500),
        metavar="宽x高",
        help="图片像素尺寸，默认 2400x1500（8×5 英寸，300 dpi）",
    )

    ledger_cmd = commands.add_parser("ledger", help="输出活动台账或活动记录表（PDF）")
    ledger_cmd.add_argument("--year", type=_year, required=True, metavar="年份")
    ledger_cmd.add_argument("--area", metavar="板块", help="只输出此板块（默认全部板块）")
    ledger_cmd.add_argument("--sheets", action="store_true", help="输出每条记录一页的活动记录表")
    ledger_cmd.add_argument("--out", required=True, metavar="文件", help="输出的 .pdf 文件")

    export = commands.add_parser("export", help="把某年的记录导出为 Excel（.xlsx）")
    export.add_argument("--year", type=_year, required=True, metavar="年份")
    export.add_argument("--out", required=True, metavar="文件", help="输出的 .xlsx 文件")

    import_cmd = commands.add_parser("import", help="从 Excel（.xlsx）导入记录")
    import_cmd.add_argument("file", metavar="文件", help="Excel 文件（.xlsx）")
    import_cmd.add_argument("--year", type=_year, metavar="年份", help="只写了月日的日期按此年份")
    import_cmd.add_argument(
        "--area",
        metavar="板块",
        help="工作表名、标题行和“工作板块”列都没有说明板块的行，导入到此板块",
    )
    import_cmd.add_argument(
        "--sheet-area",
        action="append",
        default=[],
        metavar="工作表=板块",
        help="把这个工作表的所有行导入到此板块，例如 --sheet-area 'Sheet1=志愿服务'（可重复）",
    )
    import_cmd.add_argument(
        "--dry-run", action="store_true", help="只列出将导入和不能导入的行，不写入"
    )

    pack = commands.add_parser("pack", help="把某年的记录（含附件）打成交换包，带到另一台电脑")
    pack.add_argument("--year", type=_year, metavar="年份", help="只打包这一年（默认全部记录）")
    pack.add_argument("--out", required=True, metavar="文件", help="输出的 .zip 文件")
    pack.add_argument(
        "--leave-out-missing",
        action="store_true",
        help="数据文件夹中找不到或已损坏的附件文件不打包，只在交换包中列出（默认不导出）",
    )

    unpack = commands.add_parser("unpack", help="导入另一台电脑的交换包（按记录编号合并）")
    unpack.add_argument("file", metavar="文件", help="交换包 .zip 文件")
    unpack.add_argument("--dry-run", action="store_true", help="只列出将会发生的变化，不写入")
    unpack.add_argument(
        "--keep",
        choices=("newer", "local", "incoming"),
        default="newer",
        help="两台电脑都改过的记录保留哪一边："
        "newer 较晚修改的（默认），local 本机，incoming 交换包",
    )

    backup = commands.add_parser("backup", help="立即备份数据和全部附件（并核验备份）")
    backup.add_argument(
        "--out",
        metavar="文件",
        help="把完整备份（数据和附件）写成这个 .zip 文件，可拷到 U 盘带走；"
        "不给出时备份到数据文件夹的 backups（及设置中的其他备份位置）",
    )
    restore = commands.add_parser("restore", help="从备份恢复数据和附件（先自动备份当前数据）")
    restore.add_argument(
        "file", metavar="备份文件", help="备份文件（.zip），或 backups 中的 .sqlite3"
    )
    restore.add_argument(
        "--take-over",
        action="store_true",
        help="数据文件夹上次由另一台电脑打开且未正常关闭时，确认那台电脑已不再使用它，接管后恢复",
    )
    commands.add_parser("check", help="检查数据文件是否完好、附件是否齐全、备份是否可用")

    attach = commands.add_parser("attach", help="给一条记录添加附件（照片、签到表等）")
    attach.add_argument("uuid", metavar="记录编号", help="记录的 UUID（list --json 中的 uuid）")
    attach.add_argument("files", nargs="+", metavar="文件")

    report = commands.add_parser("report", help="输出某年的统计表（PDF）")
    report.add_argument("--year", type=_year, required=True, metavar="年份")
    report.add_argument(
        "--against", type=_year, metavar="年份", help="对比的年份（默认为之前最近一个有记录的年份）"
    )
    report.add_argument("--out", required=True, metavar="文件", help="输出的 .pdf 文件")
    return parser


def _size(text: str) -> tuple[int, int]:
    parts = text.lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise UserError(f"图片尺寸应写成“宽x高”，例如 2400x1500，而不是“{text}”")
    return int(parts[0]), int(parts[1])


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise UserError(f"年份应为四位数字，例如 2019，而不是“{text}”") from None
    if not 1949 <= year <= 2100:
        raise UserError("年份应在 1949 年至 2100 年之间")
    return year


def _row_dict(row: EntryRow, area_names: dict[int, str]) -> dict[str, object]:
    """An entry as ``list --json`` shows it: its listed fields (see books/fields.py)."""
    values: dict[str, object] = {"uuid": row.uuid, "area": area_names.get(row.area_id, "")}
    for field in LISTED_FIELDS:
        value = getattr(row, field.name)
        values[field.name] = value.isoformat() if field.kind == "date" and value else value
    values.update(attachments=row.attachment_count, sample=row.is_sample)
    return values


def _print_rows(rows: list[EntryRow], area_names: dict[int, str], as_json: bool) -> None:
    if as_json:
        print(json.dumps([_row_dict(r, area_names) for r in rows], ensure_ascii=False, indent=2))
        return
    for row in rows:
        people = "" if row.participants is None else f"{row.participants}人次"
        print(f"{row.date.isoformat()}  {area_names.get(row.area_id, ''):<6}  {row.name}  {people}")
    print(f"共 {len(rows)} 条")


def cmd_demo(ledger: Ledger, args: Namespace) -> int:
    if args.remove:
        from wenming_desktop.actions.sample import remove_sample

        print(remove_sample(ledger).message)
        return 0
    print(ledger.load_sample().message)
    return 0


def cmd_list(ledger: Ledger, args: Namespace) -> int:
    area_id = ledger.areas.by_name(args.area).id if args.area else None
    names = {area.id: area.short_name for area in ledger.areas.all()}
    rows = ledger.entries.rows(EntryQuery(area_id=area_id, year=args.year))
    _print_rows(rows, names, args.json)
    return 0


def cmd_search(ledger: Ledger, args: Namespace) -> int:
    if not args.text.strip():
        raise UserError("请给出要查找的文字")
    names = {area.id: area.short_name for area in ledger.areas.all()}
    rows = ledger.entries.rows(EntryQuery(text=args.text, year=args.year))
    _print_rows(rows, names, args.json)
    return 0


def cmd_stats(ledger: Ledger, args: Namespace) -> int:
    stats = ledger.year_stats(args.year)
    if args.json:
        print(json.dumps(stats.as_dict(), ensure_ascii=False, indent=2))
        return 0
    print(
        f"{args.year}年  共 {stats.total.entries} 次活动，{stats.total.participants} 人次，"
        f"志愿服务 {stats.total.volunteer_hours:g} 小时"
    )
    for area, figures in stats.areas:
        print(
            f"  {area.short_name:<6} {figures.entries:>4} 次 {figures.participants:>7} 人次 "
            f"{figures.volunteer_hours:>8g} 小时"
        )
    return 0


def cmd_summary(ledger: Ledger, args: Namespace) -> int:
    from wenming_desktop.actions.summary import export_summary

    target = Path(args.out).expanduser()
    result = export_summary(
        ledger, args.year, target, with_stats=args.with_stats, refresh=args.refresh
    )
    for warning in [*result.notes, *result.warnings]:
        print(f"注意：{warning}", file=sys.stderr)
    pages = f"，共 {result.pages} 页" if result.pages else ""
    print(f"已输出 {args.year} 年工作总结：{target}{pages}。")
    return 0


def cmd_chart(ledger: Ledger, args: Namespace) -> int:
    from wenming_desktop.actions.statistics import export_chart

    target = Path(args.out).expanduser()
    chart = export_chart(ledger, args.year, args.kind, target, against=args.against, size=args.size)
    width, height = chart.size
    print(f"已输出统计图“{chart.title}”：{target}（{width}×{height} 像素）。")
    return 0


def cmd_ledger(ledger: Ledger, args: Namespace) -> int:
    from wenming_desktop.actions.ledger_print import LedgerChoice, export_ledger, print_warnings

    area = ledger.areas.by_name(args.area) if args.area else None
    choice = LedgerChoice(args.year, area, args.sheets)
    target = Path(args.out).expanduser()
    for warning in print_warnings(ledger, choice):
        print(f"注意：{warning}", file=sys.stderr)
    pages = export_ledger(ledger, choice, target)
    print(f"已输出 {args.year} 年{choice.what}：{target}，共 {pages} 页。")
    return 0


def cmd_export(ledger: Ledger, args: Namespace) -> int:
    from wenming_desktop.exchange.excel_export import export_workbook

    target = export_workbook(ledger, args.year, Path(args.out).expanduser())
    print(f"已导出 {args.year} 年记录到 Excel：{target}。")
    return 0


def cmd_import(ledger: Ledger, args: Namespace) -> int:
    from wenming_desktop.actions.excel_import import AREA_FROM, apply_plan, read_for_import

    area = ledger.areas.by_name(args.area) if args.area else None
    chosen = _sheet_areas(ledger, args.sheet_area)
    path = Path(args.file).expanduser()
    reading = read_for_import(ledger, path, year=args.year, area=area, sheet_areas=chosen)
    plan = reading.plan
    titles = [sheet.name.strip() for sheet in plan.sheets]
    for name in chosen:
        if name not in titles:
            listed = "、".join(f"“{title}”" for title in titles)
            raise UserError(f"“{path.name}”中没有名为“{name}”的工作表（现有：{listed}）")
    if reading.source == "saved":
        print("使用保存的列对应（在程序窗口中调整并记住的）。")
    for sheet in plan.sheets:
        if sheet.read:
            found = f"{sheet.area}（{AREA_FROM[sheet.area_from]}）" if sheet.area else ""
            where = found or AREA_FROM[sheet.area_from]
            said = f"第{sheet.header_row}行为表头，工作板块：{where}。{sheet.note}"
        else:
            said = sheet.note or "未读取。"
        print(f"工作表“{sheet.name}”：{said}")
    names = {a.id: a.short_name for a in ledger.areas.all()}
    for row in plan.rows:
        print(f"  导入  {row.sheet} 第{row.row}行  {_import_values(row.entry, names)}")
        if row.suspect:
            print(f"        疑似重复：{row.suspect}")
    for refused in plan.refused:
        print(f"  不导入 {refused.sheet} 第{refused.row}行：{refused.reason}")
    for skipped in plan.skipped:
        print(f"  跳过  {skipped.sheet} 第{skipped.row}行：{skipped.reason}")
    print(plan.summary())
    if any(refused.reason.startswith("无法确定这一行属于哪个工作板块") for refused in plan.refused):
        print(
            "提示：用 --sheet-area '工作表=板块' 为工作表指定板块，或用 --area 板块 指定默认板块。"
        )
    if args.dry_run:
        print("（试运行，未写入任何数据。）")
        return 0
    print(apply_plan(ledger, plan).result.summary())
    return 0


def _sheet_areas(ledger: Ledger, pairs: list[str]) -> dict[str, Area]:
    """``--sheet-area`` values (工作表=板块) as sheet title → area."""
    chosen: dict[str, Area] = {}
    for pair in pairs:
        sheet, equals, name = pair.replace("＝", "=").rpartition("=")
        if not equals or not sheet.strip() or not name.strip():
            raise UserError(
                f"--sheet-area 应写成“工作表=板块”，例如 --sheet-area 'Sheet1=志愿服务'，"
                f"而不是“{pair}”"
            )
        chosen[sheet.strip()] = ledger.areas.by_name(name)
    return chosen


def _import_values(entry: ValidEntry, names: dict[int, str]) -> str:
    """A row to import as the dry run lists it: every value it will store, labelled."""
    from wenming_desktop.actions.excel_import import shown_values

    shown = shown_values(entry, shorten=20)
    dates = shown.pop("date") + (f" 至 {end}" if (end := shown.pop("end_date")) else "")
    name = shown.pop("name")
    labelled = [f"{ENTRY_FIELD_LABELS[field]}：{text}" for field, text in shown.items() if text]
    return "  ".join([dates, names.get(entry.area_id, ""), name, *labelled])


def cmd_pack(ledger: Ledger, args: Namespace) -> int:
    from wenming_desktop.actions.packages import export_package, files_missing

    missing = files_missing(ledger, year=args.year)
    if missing:
        print(f"有 {len(missing)} 个附件文件在数据文件夹中找不到或已损坏：", file=sys.stderr)
        for item in missing:
            print(f"  {item.describe()}", file=sys.stderr)
        if not args.leave_out_missing:
            print(
                "没有生成交换包。加上 --leave-out-missing 可不带这些文件导出"
                "（交换包中会列出它们）。",
                file=sys.stderr,
            )
            return 1
    summary = export_package(
        ledger,
        Path(args.out).expanduser(),
        year=args.year,
        leave_out_missing=args.leave_out_missing,
    )
    print(f"{summary.describe()}文件：{summary.path}")
    return 0


def cmd_unpack(ledger: Ledger, args: Namespace) -> int:
    from wenming_desktop.actions.packages import merge_package, read_incoming

    plan = read_incoming(ledger, Path(args.file).expanduser())
    choices = {} if args.keep == "newer" else {c.uuid: args.keep for c in plan.conflicts}
    print(plan.describe(choices))
    for refusal in plan.refusals:
        print(f"  不能导入：{refusal.name}（{refusal.reason}）")
    sides = {"local": "本机", "incoming": "交换包"}
    for conflict in plan.conflicts:
        kept = choices.get(conflict.uuid, conflict.newer)
        age = "较新" if kept == conflict.newer else "较早"
        print(f"  两边不同：{conflict.name}，采用{sides[kept]}的版本（{age}）")
        for difference in conflict.differences:
            print(
                f"    {difference.label}：本机“{difference.local}”，交换包“{difference.incoming}”"
            )
    for item in plan.missing_attachments:
        print(f"  对方电脑上缺少：{item.describe()}")
    if args.dry_run:
        print("（试运行，未写入任何数据。）")
        return 0
    merged = merge_package(ledger, plan, choices=choices)
    print(f"已导入：{merged.result.describe()}")
    return 0


def cmd_backup(ledger: Ledger, args: Namespace) -> int:
    from wenming_desktop.actions.backup import back_up_now, back_up_to_file

    if args.out:
        print(back_up_to_file(ledger, Path(args.out).expanduser()).describe())
    else:
        print(back_up_now(ledger).describe())
    return 0


def cmd_attach(ledger: Ledger, args: Namespace) -> int:
    files = [Path(name).expanduser() for name in args.files]
    entry = ledger.entries.attach(args.uuid, files)
    print(f"已给“{entry.name}”添加 {len(files)} 个附件，现共 {len(entry.attachments)} 个。")
    return 0


def cmd_restore(root: Path, args: Namespace) -> int:
    from wenming_desktop.actions.backup import restore_backup

    DataFolder(root).ensure()
    with _folder_lock(root, take_over=args.take_over, what="恢复备份"):
        result = restore_backup(root, Path(args.file).expanduser())
        reopened = Ledger.open(root)  # brings an older backup up to the current schema
        reopened.close()
    print(result.describe())
    return 0


@contextmanager
def _folder_lock(root: Path, *, take_over: bool = False, what: str) -> Iterator[None]:
    """Hold the data folder's lock while changing it, as the window does: a restore must
    not replace data a write beside it has just added (and the window must not be open)."""
    from wenming_desktop.safety.lock import CLI_APP, FolderLock, LockState

    lock = FolderLock(root, app=CLI_APP)
    state = lock.acquire()
    keep_text = False
    try:
        if state.state is LockState.OTHER_COMPUTER and take_over:
            state = lock.take_over()
        if state.state is LockState.OTHER_COMPUTER:
            keep_text = True  # the question stays for next time
            hint = "加 --take-over 再运行" if what == "恢复备份" else "先在程序窗口中打开一次并接管"
            raise UserError(f"{state.message(root)}\n确认那台电脑已不再使用这个文件夹后，请{hint}")
        if state.state is LockState.BUSY:
            raise UserError(
                f"“文明创建台账”正在使用这个数据文件夹，不能{what}。"
                "请在程序窗口中操作，或先关闭窗口再运行此命令"
            )
        if state.state is LockState.CANNOT_WRITE and what == "恢复备份":
            raise UserError(f"数据文件夹无法写入（{state.reason}），不能恢复")
        yield  # CANNOT_WRITE otherwise: the ledger opens read-only and says so
    finally:
        lock.release(keep_text=keep_text)


#: Commands that change the ledger, and what they do (for the message when it is in use).
WRITING = {
    "demo": "加载或删除示例数据",
    "import": "导入",
    "unpack": "导入交换包",
    "attach": "添加附件",
}


def cmd_check(root: Path, _args: Namespace) -> int:
    from wenming_desktop.safety.check import check
    from wenming_desktop.safety.places import mirror_root
    from wenming_desktop.store.sqlite_file import read_setting

    folder = DataFolder(root)
    setting, ledger_id = (read_setting(folder.database, k) for k in ("backup_mirror", "ledger_id"))
    mirror = (
        mirror_root(setting, ledger_id)
        if isinstance(setting, str) and isinstance(ledger_id, str)
        else None
    )
    report = check(folder, mirror=mirror)
    for line in report.notes:
        print(line)
    for line in report.problems:
        print(f"问题：{line}", file=sys.stderr)
    return 0 if report.ok else 1


#: Commands that must not open (and migrate) the ledger first: it may be damaged or replaced.
WITHOUT_LEDGER: dict[str, Callable[[Path, Namespace], int]] = {
    "restore": cmd_restore,
    "check": cmd_check,
}


def cmd_report(ledger: Ledger, args: Namespace) -> int:
    from wenming_desktop.actions.statistics import export_stats_report, print_fonts

    target = Path(args.out).expanduser()
    for warning in print_fonts(ledger).warnings:
        print(f"注意：{warning}", file=sys.stderr)
    export_stats_report(ledger, args.year, target, against=args.against)
    print(f"已输出 {args.year} 年统计表：{target}。")
    return 0


COMMANDS: dict[str, Callable[[Ledger, Namespace], int]] = {
    "demo": cmd_demo,
    "list": cmd_list,
    "search": cmd_search,
    "stats": cmd_stats,
    "summary": cmd_summary,
    "chart": cmd_chart,
    "report": cmd_report,
    "ledger": cmd_ledger,
    "export": cmd_export,
    "import": cmd_import,
    "backup": cmd_backup,
    "attach": cmd_attach,
    "pack": cmd_pack,
    "unpack": cmd_unpack,
}


def _refused(error: UserError) -> int:
    """The clerk's one Chinese sentence on stderr, exit code 1."""
    message = str(error)
    print(f"wenming-cli：{message}{'' if message.endswith('。') else '。'}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UserError as error:  # raised by an argument type such as _year
        print(f"wenming-cli：{error}。", file=sys.stderr)
        return 1
    except SystemExit as exit_:  # --help, or a usage error already printed in Chinese
        return exit_.code if isinstance(exit_.code, int) else 1
    root = resolve_data_dir(args.data_dir)
    note_outputs_in(DataFolder(root).output_journal)
    if args.command in WITHOUT_LEDGER:
        try:
            setup_logging(DataFolder(root).logs)
            return WITHOUT_LEDGER[args.command](root, args)
        except UserError as error:
            return _refused(error)
        except OSError as error:
            print(f"wenming-cli：{describe_os_error(error)}。", file=sys.stderr)
            return 1
    writes = args.command in WRITING and not getattr(args, "dry_run", False)
    if args.command == "summary" and args.refresh:
        writes = True
    with ExitStack() as holding:
        try:
            log_file = setup_logging(DataFolder(root).logs)
            if writes:
                what = WRITING.get(args.command, "更新年度总结")
                holding.enter_context(_folder_lock(root, what=what))
            ledger = Ledger.open(root)
        except UserError as error:
            return _refused(error)
        except OSError as error:
            reason = describe_os_error(error)
            print(f"wenming-cli：无法打开数据文件夹 {root}：{reason}。", file=sys.stderr)
            return 1
        return _run(ledger, args, log_file)


def _run(ledger: Ledger, args: Namespace, log_file: Path) -> int:
    try:
        return COMMANDS[args.command](ledger, args)
    except BrokenPipeError:  # the reader (e.g. `| head`) went away: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except UserError as error:
        return _refused(error)
    except Exception as error:
        log.exception("Unexpected error in wenming-cli %s", args.command)
        print(
            f"wenming-cli：发生意外错误（{type(error).__name__}），详情已写入日志 {log_file}。",
            file=sys.stderr,
        )
        return 1
    finally:
        ledger.close()


if __name__ == "__main__":
    raise SystemExit(main())
