"""The printed summary: GB/T 9704 geometry, 避头尾, page numbers, fonts, Word, CLI."""

from __future__ import annotations

import io
import itertools
import re
import shutil
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest

from tests.seed import SECTION_HEADINGS
from wenming_desktop import cli
from wenming_desktop.reports import page as geo
from wenming_desktop.reports.fonts import FontSet, resolve_fonts
from wenming_desktop.reports.linebreak import (
    NO_LINE_END,
    NO_LINE_START,
    advance,
    break_lines,
    tokenize,
)
from wenming_desktop.reports.summary_docx import FONT_NAMES, write_summary_docx
from wenming_desktop.reports.summary_pdf import layout_summary, write_summary_pdf
from wenming_desktop.summary.document import AnnualSummary, Part

MM = 72 / 25.4
# Every rule-breaking opportunity at once: quotes, brackets, enumeration commas, ellipses.
DENSE = (
    "开展“不忘初心、牢记使命”主题教育，（一）学习《宪法》《工会法》《劳动法》；"
    "“四个意识”、“四个自信”、“两个维护”……组织“中国梦·劳动美”活动！参与率达到100%。"
    "【通知】「宣传」『学习』，“好”。（注）：是？否！"
) * 12

NO_EMBED = {"windows_dirs": [], "system_dirs": []}


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return resolve_fonts()


def needs_embeddable(fonts: FontSet) -> None:
    if not fonts.all_embedded:
        pytest.skip(
            "no embeddable TrueType CJK font on this machine (fallback path tested elsewhere)"
        )


def summary_of(
    *paragraphs: str, title: str = "区总工会2019年精神文明建设工作总结"
) -> AnnualSummary:
    parts = [Part("title", "标题", title)]
    parts += [Part(f"p{i}", f"段{i}", text) for i, text in enumerate(paragraphs)]
    parts += [
        Part("signature_unit", "落款单位", "区总工会"),
        Part("signature_date", "落款日期", "2019年12月31日"),
    ]
    return AnnualSummary(2019, tuple(parts))


def pdf_bytes(summary: AnnualSummary, fonts: FontSet) -> bytes:
    buffer = io.BytesIO()
    write_summary_pdf(summary, buffer, fonts=fonts)
    return buffer.getvalue()


def page_lines(pdf: bytes) -> list[list[str]]:
    document = pdfium.PdfDocument(pdf)
    pages = []
    for page in document:
        text = page.get_textpage().get_text_range()
        pages.append([line for line in re.split(r"\r?\n", text) if line.strip()])
    return pages


def char_boxes(pdf: bytes, number: int) -> list[tuple[str, tuple[float, float, float, float]]]:
    page = pdfium.PdfDocument(pdf)[number - 1]
    text_page = page.get_textpage()
    boxes = []
    for index in range(text_page.count_chars()):
        char = text_page.get_text_range(index, 1)
        if char.strip():
            boxes.append((char, text_page.get_charbox(index)))
    return boxes


# -- line breaking -------------------------------------------------------------------


def _measure(piece: str, _role: str) -> float:
    return sum(16.0 if ord(ch) > 0x2E7F or ch in "“”‘’…—·" else 8.0 for ch in piece)


def test_no_line_starts_or_ends_with_a_forbidden_character() -> None:
    lines = break_lines(
        tokenize([(DENSE, "body")], _measure),
        geo.BLOCK_WIDTH,
        geo.BODY_CHAR_SPACING,
        first_indent=2 * geo.CELL,
    )
    assert len(lines) > 20
    for line in lines:
        assert line.text[0] not in NO_LINE_START, line.text
        assert line.text[-1] not in NO_LINE_END, line.text
    assert "".join(line.text for line in lines) == DENSE


def test_full_lines_hold_28_characters_and_the_first_26() -> None:
    text = "精神文明建设工作" * 20
    lines = break_lines(
        tokenize([(text, "body")], _measure),
        geo.BLOCK_WIDTH,
        geo.BODY_CHAR_SPACING,
        first_indent=2 * geo.CELL,
    )
    assert [line.glyphs for line in lines[:3]] == [26, 28, 28]


def test_numbers_and_ellipses_are_never_split() -> None:
    text = "测" * 27 + "2019年" + "试" * 26 + "……" + "完"
    lines = break_lines(
        tokenize([(text, "body")], _measure), geo.BLOCK_WIDTH, geo.BODY_CHAR_SPACING
    )
    assert all("201" not in line.text or "2019" in line.text for line in lines)
    assert all(not line.text.endswith("…") or line.text.endswith("……") for line in lines)


# -- the PDF --------------------------------------------------------------------------


def test_pdf_text_matches_the_summary(sample_ledger, fonts: FontSet) -> None:
    summary = sample_ledger.summaries.load_or_draft(2019)
    pdf = pdf_bytes(summary, fonts)
    lines = [line for page in page_lines(pdf) for line in page if not line.startswith("—")]
    expected = [summary.title, *summary.body_paragraphs(), *summary.signature]
    assert "".join(lines).replace(" ", "") == "".join(expected).replace(" ", "")


def test_page_is_a4_with_the_gbt9704_text_block(sample_ledger, fonts: FontSet) -> None:
    needs_embeddable(fonts)  # the reader's built-in 宋体 has no glyph boxes to measure
    pdf = pdf_bytes(sample_ledger.summaries.load_or_draft(2019), fonts)
    document = pdfium.PdfDocument(pdf)
    assert len(document) >= 3
    width, height = document[0].get_size()
    assert (round(width / MM), round(height / MM)) == (210, 297)
    boxes = [box for _char, box in char_boxes(pdf, 2)]
    body = [b for b in boxes if b[1] > geo.BLOCK_BOTTOM - 1]  # not the page number
    left, right = min(b[0] for b in body), max(b[2] for b in body)
    top, bottom = max(b[3] for b in body), min(b[1] for b in body)
    assert abs(left / MM - 28) < 1.0  # left margin 28 mm
    assert abs((width - right) / MM - 26) < 1.0  # right margin 26 mm
    assert 0 < (height - top) / MM - 37 < 6  # first line just inside the 37 mm top margin
    assert 0 < bottom / MM - 35 < 6  # last line just above the 35 mm bottom margin


def test_full_pages_have_22_lines_of_28_characters(sample_ledger, fonts: FontSet) -> None:
    summary = sample_ledger.summaries.load_or_draft(2019)
    layout = layout_summary(summary, fonts)
    assert all(len(page) <= geo.LINES_PER_PAGE for page in layout.pages)
    middle = layout.pages[1]
    assert len(middle) == geo.LINES_PER_PAGE
    cjk_only = [
        p.line
        for p in middle
        if p.line.justify and re.fullmatch(r"[^\x00-\xff]+", p.line.text) and p.line.indent == 0
    ]
    assert cjk_only and all(line.glyphs in (27, 28) for line in cjk_only)
    assert any(line.glyphs == 28 for line in cjk_only)


def test_page_numbers_odd_right_even_left(sample_ledger, fonts: FontSet) -> None:
    pdf = pdf_bytes(sample_ledger.summaries.load_or_draft(2019), fonts)
    pages = page_lines(pdf)
    for number, lines in enumerate(pages, start=1):
        assert lines[-1].replace(" ", "") == f"—{number}—"
    for number in (1, 2):
        digits = [
            box
            for char, box in char_boxes(pdf, number)
            if char == str(number) and box[3] < geo.BLOCK_BOTTOM
        ]
        assert len(digits) == 1
        x = digits[0][0]
        if number % 2:
            assert x > geo.PAGE_WIDTH / 2 and geo.BLOCK_RIGHT - x < 3 * geo.CELL
        else:
            assert x < geo.PAGE_WIDTH / 2 and x - geo.BLOCK_LEFT < 3 * geo.CELL
        assert digits[0][3] < geo.BLOCK_BOTTOM - 5 * MM  # below the text block


def test_pdf_lines_keep_the_line_breaking_rules(fonts: FontSet) -> None:
    pdf = pdf_bytes(summary_of(DENSE, "看" + DENSE[7:] + DENSE[:7]), fonts)
    for lines in page_lines(pdf):
        for line in lines:
            text = line.strip()
            assert text[0] not in NO_LINE_START, text
            assert text[-1] not in NO_LINE_END, text


def test_signature_follows_the_date_rule(fonts: FontSet) -> None:
    """落款: unit right-spaced two characters unless the longer date pushes it left."""
    layout = layout_summary(summary_of("正文。"), fonts)
    placed = layout.pages[-1]
    unit, date = placed[-2], placed[-1]
    assert (unit.line.text, date.line.text) == ("区总工会", "2019年12月31日")
    assert date.slot == unit.slot + 1 and unit.slot >= placed[-3].slot + 2  # one blank line
    assert abs(date.x - unit.x - 2 * geo.CELL) < 0.01  # date starts two characters right of unit
    date_end = date.x + advance(date.line.tokens, geo.BODY_CHAR_SPACING)
    assert abs(geo.BLOCK_RIGHT - 2 * geo.CELL - date_end) < 0.5  # and keeps 2 characters' space


def test_fonts_are_embedded_when_a_truetype_font_exists(sample_ledger, fonts: FontSet) -> None:
    needs_embeddable(fonts)
    pdf = pdf_bytes(sample_ledger.summaries.load_or_draft(2019), fonts)
    font_dicts = re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-]+)", pdf)
    assert font_dicts
    assert b"Helvetica" not in b" ".join(font_dicts)
    assert pdf.count(b"/FontFile2") >= len({f for f in font_dicts if b"+" in f})
    assert not fonts.problems and fonts.all_embedded
    # Fonts found on the machine stand in for 仿宋, 黑体 …: the clerk is told which.
    assert all(("→" + fonts[role].family) in " ".join(fonts.warnings) for role in fonts.fonts)


def test_the_proper_faces_print_without_a_word_and_stand_ins_are_named(
    fonts: FontSet, tmp_path: Path
) -> None:
    needs_embeddable(fonts)
    source = fonts["body"].path
    assert source is not None
    windows = tmp_path / "Fonts"
    windows.mkdir()
    for name in ("simfang.ttf", "simhei.ttf", "simkai.ttf", "simsun.ttc", "fzxbsjw.ttf"):
        shutil.copy(source, windows / name)  # the same outlines under Windows' file names
    proper = resolve_fonts(windows_dirs=[windows], system_dirs=[])
    assert proper.warnings == [] and proper.stand_ins() == []
    fewer = tmp_path / "Fewer"
    fewer.mkdir()
    for name in ("simfang.ttf", "simkai.ttf", "simsun.ttc"):  # no 小标宋, no 黑体
        shutil.copy(source, fewer / name)
    partly = resolve_fonts(windows_dirs=[fewer], system_dirs=[])
    assert [note.split("→")[0] for note in partly.stand_ins()] == [
        "标题（小标宋）",
        "一级标题“一、”（黑体）",
    ]
    assert "本机缺少公文字体" in partly.warnings[0]


def test_without_truetype_fonts_the_builtin_font_is_used_with_a_warning() -> None:
    fallback = resolve_fonts(**NO_EMBED)
    assert not fallback.all_embedded
    assert any("STSong-Light" in warning for warning in fallback.warnings)
    pdf = pdf_bytes(summary_of("一、重视组织领导。正文，内容。"), fallback)
    assert b"STSong-Light" in pdf
    assert page_lines(pdf)[0][0].startswith("区总工会")


def test_opentype_cff_fonts_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    fake = tmp_path / "思源宋体.otf"
    fake.write_bytes(b"OTTO" + b"\0" * 100)
    result = resolve_fonts({"body": str(fake)}, **NO_EMBED)
    assert result["body"].font_name == "STSong-Light"
    assert any(
        "OpenType/CFF" in problem and "思源宋体.otf" in problem for problem in result.problems
    )
    cff = next(Path("/usr/share/fonts").rglob("NotoSerifCJK-Regular.ttc"), None)
    if cff is not None:
        real = resolve_fonts({"body": str(cff)}, **NO_EMBED)
        assert any("CFF" in problem for problem in real.problems)


def test_a_long_title_wraps_into_balanced_lines(fonts: FontSet) -> None:
    title = "某某市某某区总工会机关2019年度精神文明建设暨文明单位创建工作总结"
    layout = layout_summary(summary_of("正文。", title=title), fonts)
    title_lines = [p for p in layout.pages[0] if p.size == geo.TITLE_SIZE]
    assert len(title_lines) == 2
    lengths = [line.line.glyphs for line in title_lines]
    assert abs(lengths[0] - lengths[1]) <= 4
    assert "".join(p.line.text for p in title_lines) == title


# -- Word -------------------------------------------------------------------------------


def test_docx_has_the_same_structure_and_page_setup(sample_ledger, tmp_path: Path) -> None:
    summary = sample_ledger.summaries.load_or_draft(2019)
    target = tmp_path / "总结.docx"
    write_summary_docx(summary, target)
    document = docx.Document(str(target))
    section = document.sections[0]
    size = [round(length.mm, 1) for length in (section.page_width, section.page_height)]
    margins = [
        round(length.mm, 1)
        for length in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    assert (size, margins) == ([210, 297], [37, 35, 28, 26])
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == summary.title
    assert texts[1:-2] == summary.body_paragraphs()
    assert texts[-2:] == list(summary.signature)
    headings = [p.runs[0] for p in document.paragraphs if re.match(r"^[一二三四五六]、", p.text)]
    assert [run.text for run in headings] == SECTION_HEADINGS
    assert all(run.font.name == FONT_NAMES["heading1"] for run in headings)
    title_run = document.paragraphs[0].runs[0]
    assert title_run.font.name == FONT_NAMES["title"]
    east_asia = title_run._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )
    assert east_asia == "方正小标宋简体"
    assert document.settings.odd_and_even_pages_header_footer
    assert "PAGE" in section.footer._element.xml and "PAGE" in section.even_page_footer._element.xml


# -- CLI ---------------------------------------------------------------------------------


def test_cli_summary_writes_a4_pdf_with_the_six_headings(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--data-dir", str(data_dir), "demo"]) == 0
    target = tmp_path / "s.pdf"
    assert (
        cli.main(["--data-dir", str(data_dir), "summary", "--year", "2019", "--out", str(target)])
        == 0
    )
    assert "已输出" in capsys.readouterr().out
    pdf = target.read_bytes()
    pages = page_lines(pdf)
    text = "".join("".join(lines) for lines in pages).replace(" ", "")
    assert text.startswith("区总工会2019年精神文明建设工作总结")
    positions = [text.index(h) for h in SECTION_HEADINGS]
    assert positions == sorted(positions)
    assert pages[0][-1].replace(" ", "") == "—1—"
    docx_target = tmp_path / "s.docx"
    assert (
        cli.main(
            ["--data-dir", str(data_dir), "summary", "--year", "2019", "--out", str(docx_target)]
        )
        == 0
    )
    assert docx.Document(str(docx_target)).paragraphs[0].text.startswith("区总工会2019年")


def test_cli_summary_refuses_unknown_extensions(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(
        ["--data-dir", str(data_dir), "summary", "--year", "2019", "--out", str(tmp_path / "s.txt")]
    )
    assert code == 1
    assert "请使用 .pdf 或 .docx" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.txt")) and not list(tmp_path.glob(".wenming-*"))


def test_characters_the_font_cannot_print_are_named(fonts: FontSet) -> None:
    from wenming_desktop.actions.summary import summary_pdf_bytes

    needs_embeddable(fonts)
    rendered = summary_pdf_bytes(summary_of("志愿服务🌟，内容。", title="标题😀"))
    assert rendered.pdf.startswith(b"%PDF")
    assert any("🌟" in w and "😀" in w and "显示为空白" in w for w in rendered.warnings)
    plain = summary_pdf_bytes(summary_of("志愿服务，内容。"))
    assert not any("显示为空白" in w for w in plain.warnings)


def test_huge_and_unusual_text_still_prints(fonts: FontSet) -> None:
    text = "零宽\u200b字符\u3000全角空格，扩展区𠀀汉字。" + "长" * 30_000 + "。"
    pdf = pdf_bytes(summary_of(text), fonts)
    assert len(pdfium.PdfDocument(pdf)) > 40


def test_the_appendix_is_named_after_the_body_before_the_signature(fonts: FontSet) -> None:
    title = "区总工会2019年精神文明建设工作统计表"
    placed = layout_summary(summary_of("正文。"), fonts, title).pages[-1]
    body, note, unit, _date = placed[-4:]
    assert note.line.text == f"附件：{title}"
    assert note.slot == body.slot + 2  # one blank line after the body (GB/T 9704 §7.3.4)
    assert abs(note.x - (geo.BLOCK_LEFT + 2 * geo.CELL)) < 0.01  # two characters in
    assert (unit.line.text, unit.slot) == ("区总工会", note.slot + 2)
    long_title = "区总工会" * 12 + "2019年精神文明建设工作统计表"
    lines = layout_summary(summary_of("正文。"), fonts, long_title).pages[-1][2:-2]
    assert lines[0].line.text.startswith("附件：") and len(lines) >= 2
    for wrapped in lines[1:]:  # a wrapped name lines up under its first character
        assert abs(wrapped.x - (geo.BLOCK_LEFT + 5 * geo.CELL)) < 0.01


@pytest.mark.parametrize(
    ("title", "never_split"),
    [
        ("宏达机械有限公司工会2019年精神文明建设工作总结", "2019年"),
        ("XX市XX区总工会机关精神文明建设工作领导小组办公室2019年精神文明建设工作总结", "精神文明"),
        ("某某市第一人民医院工会委员会2019年精神文明建设工作总结", "委员会"),
    ],
)
def test_titles_break_at_sensible_points(fonts: FontSet, title: str, never_split: str) -> None:
    lines = [p.line.text for p in layout_summary(summary_of("正文。", title=title), fonts).pages[0]]
    title_lines = lines[: lines.index("正文。")] if "正文。" in lines else lines
    assert "".join(title_lines) == title and len(title_lines) >= 2
    for first, second in itertools.pairwise(title_lines):
        seam = first[-len(never_split) + 1 :] + second[: len(never_split) - 1]
        assert never_split not in seam, (first, second)
        assert not (first[-1].isdigit() and second[0] in "年月日")


def test_a_long_url_or_number_is_broken_rather_than_stretching_a_line(fonts: FontSet) -> None:
    text = "详见网址：https://example.com/" + "abcdefghij" * 12 + "，账号6222" + "0" * 40 + "。"
    summary = summary_of("正文" * 10 + text)
    for page in layout_summary(summary, fonts).pages:
        for placed in page:
            line = placed.line
            if not line.justify or placed.slot == 0:
                continue
            gap = geo.BLOCK_RIGHT - placed.x - advance(line.tokens, geo.BODY_CHAR_SPACING)
            assert gap < 2 * geo.CELL, line.text  # filled: no stretched letter spacing


@pytest.mark.parametrize(
    "marks", ["。”）", "”）》」』】。", "。。。。。。。。。。", "”）》」』】，；：！？"]
)
def test_no_line_starts_with_a_closing_mark_whatever_the_run(fonts: FontSet, marks: str) -> None:
    for offset in range(0, 30, 3):
        paragraph = "正" * offset + ("测试文字" * 7 + marks) * 4
        for page in layout_summary(summary_of(paragraph), fonts).pages:
            for placed in page:
                if placed.line.text:
                    assert placed.line.text[0] not in NO_LINE_START, placed.line.text


def test_a_heading_keeps_its_font_at_any_length() -> None:
    from wenming_desktop.wording import paragraph_runs

    heading = "一、" + "加强组织领导" * 15 + "。"
    assert paragraph_runs(heading + "正文。") == [(heading, "heading1"), ("正文。", "body")]
    assert paragraph_runs("（二）" + "学习" * 50) == [("（二）" + "学习" * 50, "heading2")]


def test_the_word_export_carries_the_statistics_appendix(sample_ledger, tmp_path: Path) -> None:
    from wenming_desktop.actions.summary import export_summary

    target = tmp_path / "总结.docx"
    export_summary(sample_ledger, 2019, target, with_stats=True)  # what the CLI runs
    document = docx.Document(str(target))
    texts = [p.text for p in document.paragraphs]
    title = "区总工会2019年精神文明建设工作统计表"
    assert f"附件：{title}" in texts
    assert texts.index(f"附件：{title}") < texts.index("区总工会")  # before the 落款
    assert "附件" in texts and title in texts[texts.index("附件") :]
    table = document.tables[-1]
    assert table.rows[-1].cells[0].text == "合计" and table.rows[-1].cells[1].text == "43"
    assert len(document.inline_shapes) == 4  # the four charts
