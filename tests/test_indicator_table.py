"""Reading a 测评体系 table (Excel or Word) into items, contents and standards."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from wenming_desktop.books.indicators import IndicatorSystem
from wenming_desktop.errors import UserError
from wenming_desktop.exchange import indicator_table
from wenming_desktop.exchange.indicator_table import read_indicator_table

HEADER = ["测评项目", "测评内容", "测评标准", "分值", "测评方法", "材料报送要求"]


def _save(tmp_path: Path, rows: list[list[object]], merges: Sequence[str] = ()) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for area in merges:
        sheet.merge_cells(area)
    path = tmp_path / "体系.xlsx"
    book.save(path)
    return path


def _shape_a(tmp_path: Path) -> Path:
    """Columns of their own, 项目 and 内容 merged down, title, 说明 and the blocks below."""
    rows: list[list[object]] = [
        ["XX市文明单位测评体系（2019年修订）"],
        ["说明：基本分100分，加分项另计。各项标准按A、B、C三档评分。"],
        HEADER,
        [
            "一、组织领导（10分）",
            "（一）领导班子（5分）",
            "1. 定期研究精神文明建设工作",
            3,
            "材料审核",
            "会议纪要2份",
        ],
        [None, None, "2. 主要负责人亲自抓", 2, "听取汇报", ""],
        [None, "（二）工作机制（5分）", "1. 有年度计划", 2, "材料审核", "计划1份"],
        [None, None, "2. 有专人负责", 3, "实地考察", "照片3张"],
        [
            "二、志愿服务（90分）",
            "（一）志愿服务队伍（90分）",
            "1. 建立志愿服务队",
            50,
            "实地考察",
            "照片3张",
        ],
        [None, None, "2. 每季度至少开展1次", "40分", "材料审核", "活动记录"],
        ["加分项"],
        [None, None, "1. 获得市级以上表彰", "+3", "材料审核", "证书复印件"],
        [None, None, "2. 经验被推广", "加2分", "", ""],
        ["一票否决"],
        ["1. 单位领导班子成员发生严重违纪违法行为"],
        ["2. 发生重大安全事故"],
        ["负面清单"],
        [None, None, "1. 受到通报批评", "扣2分", "", ""],
        [None, None, "2. 发生信访事件", "-3", "", ""],
        ["合计", None, None, 100],
    ]
    merges = [
        "A1:F1",
        "A2:F2",
        "A4:A7",
        "B4:B5",
        "B6:B7",
        "A8:A9",
        "B8:B9",
        "A10:F10",
        "A13:F13",
        "A14:F14",
        "A15:F15",
        "A16:F16",
        "A19:C19",
    ]
    return _save(tmp_path, rows, merges)


def _tree(system: IndicatorSystem) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    return [
        (item.code, [(c.code, [s.code for s in c.standards]) for c in item.contents])
        for item in system.items
    ]


def test_shape_a_merged_columns_with_blocks(tmp_path: Path) -> None:
    reading = read_indicator_table(_shape_a(tmp_path))
    system = reading.system
    assert reading.problems == ()
    assert reading.header_row == 3
    assert reading.column_roles == {
        "item": 0,
        "content": 1,
        "standard": 2,
        "points": 3,
        "method": 4,
        "materials": 5,
    }
    assert reading.columns == tuple(HEADER)
    assert system.name == "XX市文明单位测评体系（2019年修订）"
    assert _tree(system) == [
        ("一", [("（一）", ["1", "2"]), ("（二）", ["1", "2"])]),
        ("二", [("（一）", ["1", "2"])]),
    ]
    first = system.items[0]
    assert (first.text, first.points, first.contents_total) == ("组织领导", 10, 10)
    assert first.contents[0].text == "领导班子"
    standard = first.contents[0].standards[0]
    assert (standard.text, standard.points) == ("定期研究精神文明建设工作", 3)
    assert (standard.method, standard.materials) == ("材料审核", "会议纪要2份")
    assert system.items[1].contents[0].standards[1].points == 40
    assert system.standard_count == 6
    assert system.base_total == 100
    assert system.stated_total == 100
    assert system.graded
    assert [(s.code, s.text, s.points) for s in system.bonus] == [
        ("1", "获得市级以上表彰", 3),
        ("2", "经验被推广", 2),
    ]
    assert system.bonus_total == 5
    assert [(v.code, v.text) for v in system.veto] == [
        ("1", "单位领导班子成员发生严重违纪违法行为"),
        ("2", "发生重大安全事故"),
    ]
    assert [(s.text, s.points) for s in system.deductions] == [
        ("受到通报批评", 2),
        ("发生信访事件", 3),
    ]


def test_shape_b_one_column_with_rows_per_level(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["测评内容及标准", "分值", "考核方法", "佐证材料"],
        ["一、组织领导", 10],
        ["（一）领导班子", 6],
        ["1. 定期研究", 4, "材料审核", "会议纪要"],
        ["2. 亲自抓", 2, "听取汇报"],
        ["（二）工作机制", 4],
        ["① 有年度计划", 4, "材料审核"],
        ["二、学雷锋活动", 5],
        ["（一）志愿服务", 5],
        ["1. 开展活动", 5],
    ]
    reading = read_indicator_table(_save(tmp_path, rows))
    system = reading.system
    assert reading.column_roles == {"standard": 0, "points": 1, "method": 2, "materials": 3}
    assert _tree(system) == [
        ("一", [("（一）", ["1", "2"]), ("（二）", ["①"])]),
        ("二", [("（一）", ["1"])]),
    ]
    assert [item.points for item in system.items] == [10, 5]
    assert system.items[0].contents[0].standards[0].materials == "会议纪要"
    assert system.base_total == 15
    assert system.stated_total is None
    assert not system.graded
    assert reading.problems == ()


def test_roman_codes_and_grade_column(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["一级指标", "二级指标", "三级指标", "标准分", "A档", "B档", "C档"],
        ["Ⅰ 思想道德建设", "Ⅰ-1 理论学习", "Ⅰ-1-① 开展理论学习", 4, 4, 2.64, 1.32],
        [None, None, "Ⅰ-1-② 建立学习制度", 2, 2, 1.32, 0.66],
        ["Ⅱ 文明创建", "Ⅱ-1 志愿服务", "Ⅱ-1-① 组建队伍", 2.5, 2.5, 1.65, 0.83],
    ]
    path = _save(tmp_path, rows, ["A2:A3", "B2:B3"])
    system = read_indicator_table(path).system
    assert _tree(system) == [
        ("Ⅰ", [("Ⅰ-1", ["Ⅰ-1-①", "Ⅰ-1-②"])]),
        ("Ⅱ", [("Ⅱ-1", ["Ⅱ-1-①"])]),
    ]
    assert system.items[0].text == "思想道德建设"
    assert system.items[0].total == 6
    assert system.base_total == 8.5
    assert system.graded


def _docx(tmp_path: Path, after: Sequence[str] = ()) -> Path:
    document = docx.Document()
    document.add_paragraph("XX区文明单位考评细则")
    document.add_paragraph("说明：满分100分。")
    table = document.add_table(rows=6, cols=5)
    header = ["考核项目", "考核内容", "评分标准", "分数", "考核方法"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    body = [
        ["一、组织领导（40分）", "（一）领导班子（40分）", "1. 定期研究", "20", "材料审核"],
        ["", "", "2. 亲自抓", "20", "听取汇报"],
        ["二、环境建设（60分）", "（一）优美环境（60分）", "1. 环境整洁", "30", "实地考察"],
        ["", "", "2. 绿化美化", "30", "实地考察"],
        ["合计", "", "", "100", ""],
    ]
    for row, values in zip(table.rows[1:], body, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    for top, bottom in ((1, 2), (3, 4)):
        for column in (0, 1):
            merged = table.cell(top, column).merge(table.cell(bottom, column))
            merged.text = body[top - 1][column]
    table.cell(5, 0).merge(table.cell(5, 2)).text = "合计"
    for text in after:
        document.add_paragraph(text)
    path = tmp_path / "细则.docx"
    document.save(str(path))
    return path


def test_shape_d_word_table_with_merged_cells(tmp_path: Path) -> None:
    reading = read_indicator_table(_docx(tmp_path))
    system = reading.system
    assert system.name == "XX区文明单位考评细则"
    assert _tree(system) == [
        ("一", [("（一）", ["1", "2"])]),
        ("二", [("（一）", ["1", "2"])]),
    ]
    assert [item.points for item in system.items] == [40, 60]
    assert system.items[1].contents[0].standards[0].method == "实地考察"
    assert system.stated_total == 100
    assert system.base_total == 100
    assert reading.problems == ()


def test_word_paragraphs_below_the_table(tmp_path: Path) -> None:
    after = [
        "一票否决项：有下列情形之一的，取消评选资格",
        "1. 发生重大安全事故",
        "2. 弄虚作假",
        "加分项",
        "1. 获得省级表彰，加5分",
        "XX区精神文明建设委员会办公室",
        "2019年3月",
    ]
    system = read_indicator_table(_docx(tmp_path, after)).system
    assert [(v.code, v.text) for v in system.veto] == [("1", "发生重大安全事故"), ("2", "弄虚作假")]
    assert [(s.text, s.points) for s in system.bonus] == [("获得省级表彰，加5分", 5)]
    assert len(system.items) == 2
    assert system.problems == ()


def test_word_table_split_over_two_tables_with_repeated_header(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("测评体系")
    header = ["测评项目", "测评标准", "分值"]
    parts = [
        [["一、组织领导", "1. 定期研究", "3"], ["", "2. 亲自抓", "2"]],
        [["二、环境建设", "1. 环境整洁", "4"], ["", "① 绿化美化", "1"]],
    ]
    for part in parts:
        table = document.add_table(rows=len(part) + 1, cols=3)
        for row, values in zip(table.rows, [header, *part], strict=True):
            for cell, text in zip(row.cells, values, strict=True):
                cell.text = text
        document.add_paragraph("")
    path = tmp_path / "两张表.docx"
    document.save(str(path))
    system = read_indicator_table(path).system
    assert _tree(system) == [("一", [("", ["1", "2"])]), ("二", [("", ["1", "①"])])]
    assert [item.total for item in system.items] == [5, 5]
    assert system.problems == ()


def test_item_text_repeated_on_every_row(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["测评项目", "测评内容", "测评标准", "分值"],
        ["组织领导", "领导班子", "定期研究", 3],
        ["组织领导", "领导班子", "亲自抓", 2],
        ["组织领导", "工作机制", "有计划", 2],
        ["注重家风", "家风建设", "开展活动", 1],
    ]
    system = read_indicator_table(_save(tmp_path, rows)).system
    assert [(i.text, [c.text for c in i.contents]) for i in system.items] == [
        ("组织领导", ["领导班子", "工作机制"]),
        ("注重家风", ["家风建设"]),
    ]
    assert [i.total for i in system.items] == [7, 1]


def test_several_standards_in_one_cell(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        HEADER,
        [
            "一、组织领导（5分）",
            "（一）领导班子",
            "1. 定期研究（2分）\n2. 亲自抓（3分）",
            5,
            "材料审核",
        ],
        [None, "（二）工作机制", "有年度计划", 1],
    ]
    system = read_indicator_table(_save(tmp_path, rows, ["A2:A3"])).system
    first, second = system.items[0].contents
    assert (first.points, [(s.code, s.text, s.points) for s in first.standards]) == (
        5,
        [("1", "定期研究", 2), ("2", "亲自抓", 3)],
    )
    assert first.standards[1].method == "材料审核"
    assert [s.points for s in second.standards] == [1]


def test_code_column(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["序号", "测评项目", "测评内容", "测评标准", "分值"],
        [1, "组织领导", "领导班子", "定期研究", 3],
        ["2.", None, None, "亲自抓", 2],
        [3, None, "工作机制", "有计划", 2],
    ]
    system = read_indicator_table(_save(tmp_path, rows, ["B2:B4", "C2:C3"])).system
    assert [(c.text, [s.code for s in c.standards]) for c in system.items[0].contents] == [
        ("领导班子", ["1", "2"]),
        ("工作机制", ["3"]),
    ]
    assert system.items[0].total == 7


def test_no_header_is_a_problem(tmp_path: Path) -> None:
    path = _save(tmp_path, [["一些文字"], ["另一些文字", "还有"]])
    reading = read_indicator_table(path)
    assert reading.system.items == ()
    assert reading.header_row == 0
    assert any("没有找到表头" in problem for problem in reading.problems)


def test_totals_that_do_not_add_up(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["说明：基本分100分"],
        HEADER,
        ["一、组织领导（10分）", "（一）领导班子（5分）", "1. 定期研究", 3],
        [None, None, "2. 亲自抓", 1],
        [None, "（二）工作机制（5分）", "1. 有计划", 5],
    ]
    reading = read_indicator_table(_save(tmp_path, rows, ["A3:A5", "B3:B4"]))
    assert reading.system.stated_total == 100
    assert reading.problems == (
        "“（一） 领导班子”标明 5 分，其下各项测评标准合计 4 分。",
        "各测评项目合计 10 分，与表中写明的总分 100 分不符。",
    )


def test_total_row_and_note_disagree(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["说明：满分100分"],
        HEADER,
        ["一、组织领导", "（一）领导班子", "1. 定期研究", 90],
        ["合计", None, None, 90],
    ]
    reading = read_indicator_table(_save(tmp_path, rows, ["A4:C4"]))
    assert reading.system.stated_total == 90
    assert reading.problems == ("合计行写的是 90 分，说明中写的是 100 分。",)


def test_duplicate_codes_and_non_numeric_points(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        HEADER,
        ["一、组织领导", "（一）领导班子", "1. 定期研究", 3],
        [None, None, "1. 亲自抓", "若干"],
        ["一、重复的项目", "（一）内容", "1. 标准", 2],
    ]
    reading = read_indicator_table(_save(tmp_path, rows, ["A2:A3", "B2:B3"]))
    problems = reading.problems
    assert "第 3 行的分值“若干”不是数字。" in problems
    assert "测评项目中编号“一”出现了 2 次。" in problems
    assert "“（一） 领导班子”下编号“1”出现了 2 次。" in problems
    assert reading.system.problems == problems


def test_column_roles_from_the_clerk(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["文明单位考评表"],
        ["甲"],
        ["组织领导", "定期研究", 3],
        [None, "亲自抓", 2],
    ]
    path = _save(tmp_path, rows, ["A3:A4"])
    assert any("没有找到表头" in p for p in read_indicator_table(path).problems)
    roles = {"item": 0, "standard": 1, "points": 2}
    reading = read_indicator_table(path, column_roles=roles, header_row=2)
    assert reading.header_row == 2
    assert reading.columns == ("甲", "", "")
    assert reading.system.name == "文明单位考评表"
    assert reading.column_roles == {"item": 0, "standard": 1, "points": 2}
    system = reading.system
    assert [i.text for i in system.items] == ["组织领导"]
    assert [s.text for s in system.items[0].contents[0].standards] == ["定期研究", "亲自抓"]
    assert system.base_total == 5


def test_old_formats_are_refused_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "体系.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0old")
    with pytest.raises(UserError, match="旧版 Word"):
        read_indicator_table(path)
    broken = tmp_path / "体系.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(UserError, match="Word 文档"):
        read_indicator_table(broken)


def test_a_table_far_too_long_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indicator_table, "MAX_TABLE_ROWS", 5)
    rows: list[list[object]] = [HEADER] + [
        ["一、项目", "（一）内容", f"{n}. 标准", 1] for n in range(6)
    ]
    with pytest.raises(UserError, match="不像一份测评体系"):
        read_indicator_table(_save(tmp_path, rows))
    with pytest.raises(UserError, match="不像一份测评体系"):
        read_indicator_table(_docx(tmp_path))


def test_three_hundred_standards_read_quickly(tmp_path: Path) -> None:
    rows: list[list[object]] = [["说明：基本分300分"], HEADER]
    merges: list[str] = []
    for i in range(10):
        item_top = len(rows) + 1
        for j in range(5):
            content_top = len(rows) + 1
            for k in range(6):
                item = f"{'一二三四五六七八九十'[i]}、项目{i}（30分）" if j == k == 0 else None
                content = f"（{'一二三四五'[j]}）内容{j}（6分）" if k == 0 else None
                rows.append([item, content, f"{k + 1}. 标准{i}-{j}-{k}", 1, "材料审核", "照片3张"])
            merges.append(f"B{content_top}:B{content_top + 5}")
        merges.append(f"A{item_top}:A{item_top + 29}")
    path = _save(tmp_path, rows, merges)
    started = time.perf_counter()
    reading = read_indicator_table(path)
    elapsed = time.perf_counter() - started
    print(f"300 standards read in {elapsed:.3f} s")
    assert reading.system.standard_count == 300
    assert reading.system.base_total == 300
    assert reading.problems == ()
    assert elapsed < 10
