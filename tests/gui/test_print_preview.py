"""打印预览 fits the screen it opens on: its 打印… and 关闭 are never off-screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QWidget

from wenming_desktop.actions.ledger_print import LedgerChoice, ledger_pdf
from wenming_desktop.gui.dialog_buttons import Standard
from wenming_desktop.gui.printing import PREVIEW_MAX_WIDTH, PrintPreviewDialog
from wenming_desktop.ledger import Ledger


def on_screen(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def open_preview(qtbot, monkeypatch, area: QRect, pdf: bytes) -> PrintPreviewDialog:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: area)
    parent = QWidget()  # the window the preview belongs to; deleted with it
    qtbot.addWidget(parent)
    preview = PrintPreviewDialog(pdf, "2019年活动台账", parent)
    preview.parent_window = parent  # keep it alive as long as the test holds the preview
    preview.show()
    qtbot.waitExposed(preview)
    qtbot.waitUntil(lambda: "共" in preview.status.text(), timeout=30_000)
    qtbot.wait(50)  # the fit after the first show
    return preview


@pytest.mark.parametrize(
    "area",
    [
        QRect(0, 0, 1024, 700),
        QRect(0, 0, 1366, 768),
        QRect(0, 0, 1366, 728),  # 1366 × 768 less the taskbar
        QRect(1366, 0, 1600, 960),  # a second screen, right of the first, less the taskbar
    ],
    ids=["1024x700", "1366x768", "1366x728", "1600x960-right"],
)
@pytest.mark.parametrize("sheets", [False, True], ids=["landscape", "portrait"])
def test_preview_fits_the_screen_with_its_buttons_visible(
    qtbot, monkeypatch, sample_ledger: Ledger, area: QRect, sheets: bool
) -> None:
    pdf = ledger_pdf(sample_ledger, LedgerChoice(2019, sample_ledger.areas.all()[0], sheets))
    preview = open_preview(qtbot, monkeypatch, area, pdf)
    frame = preview.frameGeometry()
    assert area.contains(frame), (frame, area)
    assert frame.height() >= area.height() - 60  # uses the height it has
    assert preview.width() <= PREVIEW_MAX_WIDTH
    close = preview.buttons.button(Standard.Close)
    for widget in (preview.print_button, close, preview.zoom, preview.fit_button):
        assert widget.isVisible() and not widget.visibleRegion().isEmpty()
        assert frame.contains(on_screen(widget)), widget
    assert close.text() == "关闭"
    # the page is fitted to the width of the view: no sideways scrolling
    page = preview.pages_layout.itemAt(0).widget()
    assert page.width() <= preview.view.viewport().width()
    assert preview.view.horizontalScrollBar().maximum() == 0
    assert preview.zoom.value() >= 40  # and still readable


def test_zoom_the_clerk_chose_is_kept(qtbot, monkeypatch, sample_ledger: Ledger) -> None:
    pdf = ledger_pdf(sample_ledger, LedgerChoice(2019, sample_ledger.areas.all()[0]))
    preview = open_preview(qtbot, monkeypatch, QRect(0, 0, 1366, 728), pdf)
    fitted = preview.zoom.value()
    preview.zoom.triggerAction(preview.zoom.SliderAction.SliderPageStepAdd)  # as a click does
    assert preview.zoom.value() > fitted
    preview.fit_button.click()
    assert preview.zoom.value() == fitted
