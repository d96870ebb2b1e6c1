"""wenming-cli pack / unpack as a clerk carrying records between two PCs would use them."""

from __future__ import annotations

from pathlib import Path

import pytest

from wenming_desktop import cli
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.ledger import Ledger


def test_pack_then_unpack_twice_gives_the_entries_once(
    sample_ledger: Ledger, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = tmp_path / "2019.zip"
    assert (
        cli.main(["--data-dir", str(data_dir), "pack", "--year", "2019", "--out", str(package)])
        == 0
    )
    other = tmp_path / "另一台电脑"
    assert cli.main(["--data-dir", str(other), "unpack", str(package), "--dry-run"]) == 0
    assert "试运行" in capsys.readouterr().out
    for _ in range(2):
        assert cli.main(["--data-dir", str(other), "unpack", str(package)]) == 0
    assert "未变 43 条" in capsys.readouterr().out
    target = Ledger.open(other)
    try:
        mine = {
            (e.uuid, e.name, e.participants) for e in sample_ledger.entries.details(EntryQuery())
        }
        theirs = {(e.uuid, e.name, e.participants) for e in target.entries.details(EntryQuery())}
        assert theirs == mine
    finally:
        target.close()


def test_a_broken_package_is_refused_in_chinese(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "坏.zip"
    junk.write_bytes(b"not a zip at all")
    assert cli.main(["--data-dir", str(data_dir), "unpack", str(junk)]) == 1
    assert "不是有效的 zip" in capsys.readouterr().err


def test_export_then_import_reproduces_every_entry(
    sample_ledger: Ledger, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = tmp_path / "2019.xlsx"
    assert (
        cli.main(["--data-dir", str(data_dir), "export", "--year", "2019", "--out", str(workbook)])
        == 0
    )
    other = tmp_path / "空的"
    assert cli.main(["--data-dir", str(other), "import", str(workbook), "--dry-run"]) == 0
    assert "可导入 43 条" in capsys.readouterr().out
    assert cli.main(["--data-dir", str(other), "import", str(workbook)]) == 0
    assert cli.main(["--data-dir", str(other), "import", str(workbook)]) == 0
    assert "已在台账中 43 条" in capsys.readouterr().out

    def key(e):
        return (
            e.uuid,
            e.date,
            e.end_date,
            e.name,
            e.kind,
            e.location,
            e.organizer,
            e.participants,
            e.volunteer_hours,
            e.content,
            e.remarks,
        )

    target = Ledger.open(other)
    try:
        assert {key(e) for e in target.entries.details(EntryQuery())} == {
            key(e) for e in sample_ledger.entries.details(EntryQuery())
        }
    finally:
        target.close()


def test_import_dry_run_lists_refusals_with_reasons(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "2019年志愿服务"
    sheet["A1"] = "2019年志愿服务活动登记表"
    sheet.merge_cells("A1:E1")
    sheet.append([])
    sheet.append(["活动时间", "活动主题", "活动地点", "参与人次", "服务时长"])
    sheet.append([dt.datetime(2019, 3, 5), "学雷锋志愿服务", "华天社区", "30人", "60小时"])
    sheet.append(["3月12日", "植树", "公园", "约50", 12])
    sheet.append(["2019-02-30", "日期不对", "", 10, ""])
    sheet.append(["2019.8.9", "人数不对", "", "很多", ""])
    sheet.append(["合计", "", "", 90, 72])
    path = tmp_path / "登记表.xlsx"
    book.save(path)
    code = cli.main(
        ["--data-dir", str(data_dir), "import", str(path), "--area", "志愿服务", "--dry-run"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "可导入 2 条" in out and "无法导入 2 行" in out and "跳过 1 行" in out
    assert "不是真实存在的日期" in out and "不能是“很多”" in out
    assert "试运行" in out


def _lose_an_attachment_file(ledger: Ledger, tmp_path: Path) -> str:
    """Give a 2019 entry an attachment, then delete its file from the data folder."""
    from wenming_desktop.books.draft import EntryDraft

    sheet = tmp_path / "签到表.txt"
    sheet.write_text("签到表", encoding="utf-8")
    row = ledger.entries.rows(EntryQuery(year=2019))[0]
    entry = ledger.entries.get(row.id)
    assert entry is not None
    draft = EntryDraft.from_detail(entry)
    detail = ledger.entries.update(row.id, draft, add_files=[sheet])
    ledger.entries.attachment_path(detail.attachments[0]).unlink()
    return row.uuid


def test_pack_names_a_missing_attachment_file_and_writes_nothing(
    sample_ledger: Ledger, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _lose_an_attachment_file(sample_ledger, tmp_path)
    package = tmp_path / "2019.zip"
    code = cli.main(["--data-dir", str(data_dir), "pack", "--year", "2019", "--out", str(package)])
    assert code == 1 and not package.exists()
    err = capsys.readouterr().err
    assert "找不到" in err and "签到表.txt" in err


def test_unpack_reports_files_the_other_pc_left_out(
    sample_ledger: Ledger, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wenming_desktop.exchange.package import write_package

    uuid = _lose_an_attachment_file(sample_ledger, tmp_path)
    package = write_package(
        sample_ledger, tmp_path / "2019.zip", year=2019, leave_out_missing=True
    ).path
    other = tmp_path / "另一台电脑"
    assert cli.main(["--data-dir", str(other), "unpack", str(package)]) == 0
    out = capsys.readouterr().out
    assert "新增 43 条" in out and "对方电脑上缺少的附件 1 个" in out and "签到表.txt" in out
    target = Ledger.open(other)
    try:
        (detail,) = [d for d in target.entries.details(EntryQuery()) if d.uuid == uuid]
        assert detail.attachments == ()
    finally:
        target.close()


def test_import_uses_the_column_mapping_the_window_saved(
    ledger: Ledger, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    from wenming_desktop.exchange.excel_reading import signature

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "志愿服务"
    sheet.append(["日期", "做了什么事", "人数"])  # no column the import recognises by name
    sheet.append(["2019-03-05", "学雷锋志愿服务", 30])
    path = tmp_path / "自己的表.xlsx"
    workbook.save(path)
    assert cli.main(["--data-dir", str(data_dir), "import", str(path)]) == 1
    assert "没有找到表头" in capsys.readouterr().err
    # What 调整列对应… with 记住 leaves in the settings:
    headers = ["日期", "做了什么事", "人数"]
    mapping = {"date": 0, "name": 1, "participants": 2}
    ledger.settings.update(excel_mappings={signature(headers): mapping})
    assert cli.main(["--data-dir", str(data_dir), "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "使用保存的列对应" in out and "学雷锋志愿服务" in out
    imported = ledger.entries.details(EntryQuery(year=2019))
    assert [(e.name, e.participants) for e in imported] == [("学雷锋志愿服务", 30)]
