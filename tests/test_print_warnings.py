"""Before a ledger is printed the clerk is told what will not print as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from wenming_desktop.actions.ledger_print import LedgerChoice, print_warnings
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.cli import main
from wenming_desktop.ledger import Ledger
from wenming_desktop.reports.fonts import resolve_fonts


def test_entries_with_characters_no_font_has_are_named(
    ledger: Ledger, area_ids: dict[str, int]
) -> None:
    if not resolve_fonts().all_embedded:
        pytest.skip("the built-in font cannot be asked which characters it has")
    area = area_ids["宣传教育"]
    ledger.entries.add(EntryDraft(area_id=area, date="2019-01-01", name="新年联欢🎉", content="好"))
    ledger.entries.add(EntryDraft(area_id=area, date="2019-02-01", name="读书会", content="好"))
    notes = print_warnings(ledger, LedgerChoice(2019))
    glyphs = [note for note in notes if "显示为空白" in note]
    assert len(glyphs) == 1
    assert "“新年联欢🎉”（2019年1月1日）中的 🎉" in glyphs[0] and "读书会" not in glyphs[0]


def test_the_cli_says_so_on_stderr(
    ledger: Ledger, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not resolve_fonts().all_embedded:
        pytest.skip("the built-in font cannot be asked which characters it has")
    ledger.entries.add(
        EntryDraft(area_id=ledger.areas.all()[0].id, date="2019-05-04", name="青年节😀")
    )
    target = tmp_path / "台账.pdf"
    assert (
        main(["--data-dir", str(data_dir), "ledger", "--year", "2019", "--out", str(target)]) == 0
    )
    assert "“青年节😀”（2019年5月4日）中的 😀" in capsys.readouterr().err
    assert target.exists()
