"""Pictures of the real windows, with the sample data: for 使用说明 and for checking the
window on small screens.

    python scripts/help_screenshots.py
        the pictures of resources/help/index.html (resources/help/images/*.png)
    python scripts/help_screenshots.py --screen 1366x768 OUT_DIR
        the main window as it opens on a screen of that size (less a 40 px taskbar, as on
        Windows), with a file dialog and the print dialog over it: what the clerk sees

Runs on Qt's offscreen platform (set here); LANG is set to zh_CN.UTF-8 so the file dialog's
list shows sizes and dates as on a Chinese desktop.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt is imported once the platform is chosen (see _offscreen)
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QApplication, QWidget

    from wenming_desktop.ledger import Ledger

ROOT = Path(__file__).resolve().parent.parent
HELP_IMAGES = ROOT / "resources" / "help" / "images"
TASKBAR = 40  # px: Windows 10/11's taskbar at 100 %
TITLE_BAR = 31  # px: Windows 10/11's title bar at 100 %
UNIT = "某区总工会"


def _offscreen(screen: tuple[int, int] | None) -> None:
    os.environ["LANG"] = "zh_CN.UTF-8"
    if screen is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return
    width, height = screen
    config = Path(tempfile.mkdtemp()) / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "screen",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def _settle(app: QApplication, seconds: float = 0.3) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


def _wait_for(app: QApplication, condition: Callable[[], object], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    if not condition():
        raise SystemExit("timed out waiting for a window")


def _save(widget: QWidget, path: Path) -> None:
    """Grab ``widget`` into ``path``: 256 colours (a third of the size, the same look)."""
    from PIL import Image

    widget.grab().save(str(path))
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(
            256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    small.save(path, optimize=True)
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def _application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    from wenming_desktop.gui.application import configure_application

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    configure_application(app)
    return app


def _sample_ledger(folder: Path) -> Ledger:
    from wenming_desktop.ledger import Ledger

    ledger = Ledger.open(folder)
    ledger.load_sample()
    ledger.settings.update(unit_name=UNIT)
    return ledger


def _photo(path: Path, number: int, colour: str) -> Path:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(1600, 1200, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.setPen(QColor("white"))
    font = painter.font()
    font.setPixelSize(160)
    painter.setFont(font)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, f"现场照片{number}")
    painter.end()
    image.save(str(path), b"JPG")
    return path


def help_pictures(out: Path) -> None:
    """Every picture 使用说明 shows, of the windows as they are."""

    from wenming_desktop.actions.packages import export_package, merge_package, read_incoming
    from wenming_desktop.books.draft import EntryDraft
    from wenming_desktop.books.query import EntryQuery
    from wenming_desktop.gui.backup_dialog import BackupDialog
    from wenming_desktop.gui.entry_dialog import EntryDialog
    from wenming_desktop.gui.exchange_dialogs import ExportPackageDialog, ImportPackageDialog
    from wenming_desktop.gui.ledger_dialog import LedgerDialog
    from wenming_desktop.gui.main_window import MainWindow
    from wenming_desktop.gui.printing import PrintPreviewDialog
    from wenming_desktop.ledger import Ledger
    from wenming_desktop.safety.backup import BACKUP_DIR, BackupFolder

    out.mkdir(parents=True, exist_ok=True)
    app = _application()
    with tempfile.TemporaryDirectory() as folder:
        temp = Path(folder)
        ledger = _sample_ledger(temp / "本机")
        window = MainWindow(ledger)
        window.resize(960, 600)
        window.show()
        window.ui.tabs.setCurrentIndex(2)
        _settle(app)
        _save(window, out / "main_window.png")

        tab = window.current_tab()
        assert tab is not None
        tab.table.selectRow(0)
        entry_id = tab.selected_entry_ids()[0]
        entry = ledger.entries.get(entry_id)
        assert entry is not None
        colours = ((1, "#b03a2e"), (2, "#2e6db0"))
        photos = [_photo(temp / f"现场照片{n}.jpg", n, colour) for n, colour in colours]
        ledger.entries.update(entry_id, EntryDraft.from_detail(entry), add_files=photos)

        def not_saved(*_args: object) -> None:
            raise AssertionError("nothing is saved here")

        dialog = EntryDialog(
            ledger.areas.all(),
            ledger.settings.load().entry_types,
            not_saved,  # type: ignore[arg-type]
            entry=ledger.entries.get(entry_id),
            attachment_path=ledger.entries.attachment_path,
            parent=window,
        )
        dialog.show()
        _settle(app)
        _save(dialog, out / "entry_dialog.png")
        dialog.close()

        window.ui.tabs.setCurrentWidget(window.summary_tab)
        summary = window.summary_tab
        summary.refresh_years()
        summary.year_combo.setCurrentIndex(summary.year_combo.findData(2019))
        drafted: list[bool] = []
        summary.drafted.connect(lambda: drafted.append(True))
        summary.draft_all()
        _wait_for(app, lambda: bool(drafted))
        summary.parts.setCurrentRow(1)
        _wait_for(app, lambda: summary.rendered() is not None)
        _settle(app, 1.0)
        _save(window, out / "summary_tab.png")

        window.ui.tabs.setCurrentWidget(window.stats_tab)
        _settle(app, 1.5)
        _save(window, out / "stats_tab.png")

        printing = LedgerDialog(ledger, 2019, None, window)
        printing.show()
        _settle(app, 1.0)
        printing.adjustSize()  # the font notice came after it was shown
        _settle(app)
        _save(printing, out / "print_ledger.png")
        from wenming_desktop.actions.ledger_print import ledger_pdf

        pdf = ledger_pdf(ledger, printing.choice())
        printing.close()
        preview = PrintPreviewDialog(pdf, "活动台账", window)
        preview.resize(900, 620)
        preview.show()
        _wait_for(app, lambda: preview.page_count() > 0)
        _settle(app, 1.0)
        _save(preview, out / "print_preview.png")
        preview.close()

        BackupFolder(ledger.folder.root / BACKUP_DIR).take(ledger.folder)
        backups = BackupDialog(ledger, window)
        backups.show()
        _wait_for(app, lambda: backups.model.rowCount() > 0)
        _settle(app)
        _save(backups, out / "backup_dialog.png")
        backups.close()

        export = ExportPackageDialog(ledger, 2019, window)
        export.show()
        _settle(app)
        _save(export, out / "export_package.png")
        export.close()

        # Another PC: the same records, then the same record changed on both.
        package = temp / "交换包.zip"
        export_package(ledger, package, 2019)
        other = Ledger.open(temp / "另一台")
        merge_package(other, read_incoming(other, package), {})
        row = ledger.entries.rows(EntryQuery(year=2019), 0, 1)[0]
        here = ledger.entries.get(row.id)
        assert here is not None
        changed = EntryDraft.from_detail(here)
        changed.location = "区职工服务中心三楼会议室"
        ledger.entries.update(row.id, changed)
        time.sleep(1.1)  # changed later on the other PC
        there = next(e for e in other.entries.details(EntryQuery()) if e.uuid == here.uuid)
        theirs = EntryDraft.from_detail(there)
        theirs.participants = 65
        other.entries.update(there.id, theirs)
        export_package(ledger, package, 2019)
        importing = ImportPackageDialog(other, read_incoming(other, package), window)
        importing.resize(960, 560)
        importing.show()
        _settle(app)
        _save(importing, out / "import_package.png")
        importing.close()
        other.close()

        window.close()
        ledger.close()


def _framed(canvas: QPixmap, widget: QWidget, title: str) -> None:
    """Paint ``widget`` onto the screen picture where it is, with a title bar as Windows
    draws one (Qt adds the display name: "… - 文明创建台账"). The offscreen platform draws
    no frame: the window's position is where its frame (the title bar) would begin."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QPainter

    from wenming_desktop import APP_NAME

    corner = widget.pos()
    bar = QRect(corner.x(), corner.y(), widget.width(), TITLE_BAR)
    place = QRect(corner.x(), corner.y() + TITLE_BAR, widget.width(), widget.height())
    painter = QPainter(canvas)
    painter.fillRect(bar.adjusted(-1, 0, 1, 0), QColor("#ffffff"))
    painter.setPen(QColor("#c8c8c8"))
    painter.drawRect(bar.united(place).adjusted(-1, 0, 0, 0))
    painter.setPen(QColor("#202020"))
    shown = f"{title} - {APP_NAME}" if title else APP_NAME
    painter.drawText(bar.adjusted(12, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, shown)
    painter.drawText(
        bar.adjusted(0, 0, -16, 0),
        Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
        "—     ☐     ✕",
    )
    painter.drawPixmap(place.topLeft(), widget.grab())
    painter.end()


def screen_pictures(size: tuple[int, int], out: Path) -> None:
    """The main window as it opens on a ``size`` screen, then a file and a print dialog."""
    from PySide6.QtCore import QMargins, QRect
    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QFileDialog, QPushButton

    from wenming_desktop.gui import window_geometry
    from wenming_desktop.gui.main_window import MainWindow

    width, height = size
    room = QRect(0, 0, width, height - TASKBAR)
    # As on Windows: the taskbar is not room for windows, and the frame is a title bar.
    window_geometry.available_geometry = lambda widget=None: room
    window_geometry.FRAME_GUESS = QMargins(0, TITLE_BAR, 0, 0)
    out.mkdir(parents=True, exist_ok=True)
    app = _application()
    with tempfile.TemporaryDirectory() as folder:
        ledger = _sample_ledger(Path(folder) / "本机")
        window = MainWindow(ledger)
        window.show()
        window.ui.tabs.setCurrentIndex(2)
        _settle(app, 0.5)

        def screen() -> QPixmap:
            canvas = QPixmap(width, height)
            canvas.fill(QColor("#2d5f8b"))
            painter = QPainter(canvas)
            painter.fillRect(QRect(0, height - TASKBAR, width, TASKBAR), QColor("#1c1c1c"))
            painter.end()
            _framed(canvas, window, window.windowTitle())
            return canvas

        name = f"{width}x{height}"
        screen().save(str(out / f"main_window_{name}.png"))
        for index in (window.ui.tabs.indexOf(window.summary_tab),):
            window.ui.tabs.setCurrentIndex(index)
            _settle(app, 1.0)
            screen().save(str(out / f"summary_tab_{name}.png"))
        window.ui.tabs.setCurrentIndex(2)
        _settle(app)

        files = QFileDialog(window, "导出交换包", folder, "交换包 (*.zip)")
        files.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        files.selectFile("交换包-2019.zip")
        shape = window_geometry.fitted(room, files.sizeHint().expandedTo(files.size()))
        files.resize(shape.size())
        files.move(shape.x(), shape.y() - TITLE_BAR)
        files.show()
        _settle(app, 0.8)
        canvas = screen()
        _framed(canvas, files, files.windowTitle())
        canvas.save(str(out / f"file_dialog_{name}.png"))
        files.close()

        printer = QPrinter()
        printing = QPrintDialog(printer, window)
        printing.setWindowTitle("打印")
        printing.show()
        _settle(app)
        for button in printing.findChildren(QPushButton):
            if button.text().startswith("选项"):
                button.click()
        _settle(app)
        shape = window_geometry.fitted(room, printing.sizeHint())
        printing.resize(shape.size())
        printing.move(shape.x(), shape.y() - TITLE_BAR)
        _settle(app)
        canvas = screen()
        _framed(canvas, printing, printing.windowTitle())
        canvas.save(str(out / f"print_dialog_{name}.png"))
        printing.close()
        window.close()
        ledger.close()
    print(f"pictures for a {name} screen written to {out}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--screen"]:
        if len(argv) != 3:
            raise SystemExit(__doc__)
        width, height = (int(part) for part in argv[1].lower().split("x"))
        _offscreen((width, height))
        screen_pictures((width, height), Path(argv[2]))
    else:
        _offscreen(None)
        help_pictures(HELP_IMAGES)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
