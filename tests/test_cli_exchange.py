"""wenming-cli pack / unpack as a clerk carrying records between two PCs would use them."""

from __future__ import annotations

from pathlib import Path

import pytest

from wenming_desktop import cli
from wenming_desktop.ledger import Ledger
from wenming_desktop.ledger.query import EntryQuery


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
