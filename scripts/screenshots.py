"""Take screenshots of the main windows with the sample data (for the README and reviews).

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from wenming_desktop.gui.application import configure_application
from wenming_desktop.gui.entry_dialog import EntryDialog
from wenming_desktop.gui.main_window import MainWindow
from wenming_desktop.gui.settings_dialog import SettingsDialog
from wenming_desktop.ledger import Ledger
from wenming_desktop.ledger.query import EntryQuery


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
        dialog = EntryDialog(
            ledger.areas.all(), ledger.settings.load().entry_types,
            lambda *_: None,  # type: ignore[arg-type,return-value]
            entry=ledger.entries.get(entry_id),
            attachment_path=ledger.entries.attachment_path, parent=window,
        )
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(out / "entry_dialog.png"))
        dialog.close()

        first_rows = ledger.entries.rows(EntryQuery(year=2019), 0, 3)
        ledger.entries.move_to_trash([row.id for row in first_rows])
        window.events.entries_changed.emit()
        window.show_trash()
        assert window.trash_dialog is not None
        app.processEvents()
        window.trash_dialog.grab().save(str(out / "trash.png"))

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
