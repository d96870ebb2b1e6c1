"""Take screenshots of the main windows with the sample data (for the README and reviews).

QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from wenming_desktop.actions.changes import Changed
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.query import EntryQuery
from wenming_desktop.books.records import EntryDetail
from wenming_desktop.gui.application import configure_application
from wenming_desktop.gui.entry_dialog import EntryDialog
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.gui.printing import PrintPreviewDialog
from wenming_desktop.gui.settings_dialog import SettingsDialog
from wenming_desktop.ledger import Ledger


def not_saved(draft: EntryDraft, files: list[Path], removed: set[int]) -> EntryDetail:
    """The entry dialog's save function where nothing is saved."""
    raise AssertionError("nothing is saved here")


def _wait_for(app: QApplication, condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


def _settle(app: QApplication) -> None:
    """Let deferred layout passes and deletions run before grabbing."""
    for _ in range(10):
        app.processEvents()
        time.sleep(0.03)


def _photo(path: Path, number: int) -> Path:
    """A stand-in photo: a coloured picture with a caption."""
    image = QImage(1600, 1200 if number == 1 else 900, QImage.Format.Format_RGB32)
    image.fill(QColor("#b03a2e" if number == 1 else "#2e6db0"))
    painter = QPainter(image)
    painter.setPen(QColor("white"))
    font = painter.font()
    font.setPixelSize(160)
    painter.setFont(font)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, f"照片{number}")
    painter.end()
    image.save(str(path), "JPG")
    return path


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    configure_application(app)
    with tempfile.TemporaryDirectory() as folder:
        ledger = Ledger.open(Path(folder))
        ledger.load_sample()
        window = MainWindow(ledger)
        window.resize(1280, 720)
        window.show()
        window.ui.tabs.setCurrentIndex(2)
        app.processEvents()
        window.grab().save(str(out / "main_window.png"))

        tab = window.current_tab()
        assert tab is not None
        tab.table.selectRow(0)
        entry_id = tab.selected_entry_ids()[0]
        entry = ledger.entries.get(entry_id)
        assert entry is not None
        photos = [_photo(Path(folder) / f"现场照片{n}.jpg", n) for n in (1, 2)]
        sign_in = Path(folder) / "签到表.pdf"
        sign_in.write_bytes(b"%PDF-1.4\n")
        ledger.entries.update(entry_id, EntryDraft.from_detail(entry), add_files=[*photos, sign_in])
        dialog = EntryDialog(
            ledger.areas.all(),
            ledger.settings.load().entry_types,
            not_saved,
            entry=ledger.entries.get(entry_id),
            attachment_path=ledger.entries.attachment_path,
            parent=window,
        )
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(out / "entry_dialog.png"))
        dialog.close()

        first_rows = ledger.entries.rows(EntryQuery(year=2019), 0, 3)
        ledger.entries.move_to_trash([row.id for row in first_rows])
        window.events.publish(Changed.of_entries([row.id for row in first_rows], None))
        window.show_trash()
        assert window.trash_dialog is not None
        app.processEvents()
        window.trash_dialog.grab().save(str(out / "trash.png"))

        window.ui.tabs.setCurrentWidget(window.stats_tab)
        _settle(app)
        window.grab().save(str(out / "stats_tab.png"))

        window.ui.tabs.setCurrentWidget(window.summary_tab)
        window.summary_tab.refresh_years()
        window.summary_tab.year_combo.setCurrentIndex(window.summary_tab.year_combo.findData(2019))
        drafted: list[bool] = []
        window.summary_tab.drafted.connect(lambda: drafted.append(True))
        window.summary_tab.draft_all()
        _wait_for(app, lambda: bool(drafted))
        window.summary_tab.parts.setCurrentRow(3)
        _wait_for(app, lambda: window.summary_tab.rendered() is not None)
        _settle(app)
        window.grab().save(str(out / "summary_tab.png"))
        rendered = window.summary_tab.rendered()
        assert rendered is not None
        preview = PrintPreviewDialog(rendered.pdf, "工作总结", window)
        preview.resize(900, 900)
        preview.show()
        _wait_for(app, lambda: preview.page_count() == rendered.pages)
        _settle(app)
        preview.grab().save(str(out / "print_preview.png"))
        preview.close()

        settings = SettingsDialog(ledger, window)
        settings.show()
        app.processEvents()
        settings.grab().save(str(out / "settings.png"))
        settings.close()
        window.close()
        ledger.close()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
