"""交换包 in the GUI: export from one PC, look at what importing would do, then import."""

from __future__ import annotations

from pathlib import Path

from wenming_desktop.gui.exchange_dialogs import (
    ExportPackageDialog,
    ImportPackageDialog,
    import_package,
)
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.ledger import Ledger
from wenming_desktop.ledger.query import EntryQuery


def test_export_then_import_on_another_pc(
    qtbot, sample_ledger: Ledger, tmp_path: Path, message_log, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    export = ExportPackageDialog(sample_ledger, 2019)
    qtbot.addWidget(export)
    package = tmp_path / "2019.zip"
    export.export_to(package)
    qtbot.waitUntil(
        lambda: package.exists() and any(k == "inform" for k, _t, _x in message_log.shown),
        timeout=20_000,
    )
    assert "43 条" in message_log.shown[-1][2]

    other = Ledger.open(tmp_path / "另一台")
    try:
        window = MainWindow(other)
        qtbot.addWidget(window)
        seen: list[ImportPackageDialog] = []

        def agree(dialog: ImportPackageDialog) -> int:
            seen.append(dialog)
            assert "将新增 43 条" in dialog._plan.describe()
            dialog.apply()
            qtbot.waitUntil(lambda: dialog.result_text != "", timeout=20_000)
            return 1

        monkeypatch.setattr(ImportPackageDialog, "exec", agree)
        refreshed: list[bool] = []
        import_package(other, window, package, on_done=lambda: refreshed.append(True))
        qtbot.waitUntil(lambda: bool(refreshed), timeout=20_000)
        assert "新增 43 条" in seen[0].result_text
        assert other.entries.totals(EntryQuery()).count == 43
    finally:
        other.close()


def test_declining_the_import_writes_nothing(
    qtbot, sample_ledger: Ledger, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from wenming_desktop.exchange.package import write_package

    package = tmp_path / "p.zip"
    write_package(sample_ledger, package, year=2019)
    other = Ledger.open(tmp_path / "另一台")
    try:
        window = MainWindow(other)
        qtbot.addWidget(window)
        plans: list[str] = []
        monkeypatch.setattr(
            ImportPackageDialog, "exec", lambda dialog: plans.append(dialog._plan.describe()) or 0
        )
        import_package(other, window, package)
        qtbot.waitUntil(lambda: bool(plans), timeout=20_000)
        assert "将新增 43 条" in plans[0]
        assert other.entries.totals(EntryQuery()).count == 0
    finally:
        other.close()


def test_a_broken_package_gets_a_chinese_message(
    qtbot, ledger: Ledger, tmp_path: Path, message_log
) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "坏.zip"
    junk.write_bytes(b"nope")
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    import_package(ledger, window, junk)
    qtbot.waitUntil(lambda: any(k == "warn" for k, _t, _x in message_log.shown), timeout=20_000)
    assert "zip" in message_log.shown[-1][2]
