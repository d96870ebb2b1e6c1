"""打印预览 and 打印: PDF pages rendered by PDFium, printed through the system dialog.

Pages are rendered on the document worker thread; the GUI thread only paints
finished images onto the printer, one page per event-loop turn. (They stream page by
page through ``run_in_background``'s progress; a failure is told as the runner tells
one: :func:`operations.failure_text`.)
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMargins, QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPixmap,
    QShowEvent,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from wenming_desktop.errors import UserError
from wenming_desktop.gui import messages
from wenming_desktop.gui.background import run_in_background
from wenming_desktop.gui.dialog_buttons import Standard, dialog_buttons
from wenming_desktop.gui.operations import failure_text
from wenming_desktop.reports.render import PageImage, page_count, render_pages

log = logging.getLogger(__name__)

PREVIEW_DPI = 110
PRINT_DPI = 300
#: The preview is never wider than this (a portrait page at 100 % with room to spare) …
PREVIEW_MAX_WIDTH = 1100
#: … and shows pages at most at this zoom (%) when it fits them to its width.
FIT_MAX_ZOOM = 100
#: What a window frame (title bar, borders) adds before the dialog is shown and Qt knows
#: (Windows 10 at 100 %: 8 px borders, a 31 px title bar).
FRAME_GUESS = QMargins(8, 32, 8, 8)


def to_qimage(page: PageImage) -> QImage:
    image = QImage(page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels: ``page.pixels`` may go away


def is_landscape(pdf: bytes) -> bool:
    """Whether the first page of ``pdf`` is wider than tall (the 活动台账 is)."""
    first = next(render_pages(pdf, 2, [1]), None)  # a thumbnail of a few pixels is enough
    return first is not None and first.width > first.height


def available_geometry(widget: QWidget) -> QRect:
    """The part of the widget's screen (its parent's, else the primary) windows may use:
    the screen less the taskbar."""
    anchor = widget.parentWidget() or widget
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def print_pdf(
    parent: QWidget, pdf: bytes, title: str, done: Callable[[bool], None] | None = None
) -> None:
    """Ask for a printer (QPrintDialog), then print every page of ``pdf``."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if is_landscape(pdf) else QPageLayout.Orientation.Portrait
    )
    printer.setFullPage(True)  # the PDF already carries the GB/T 9704 margins
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印")
    dialog.setMinMax(1, page_count(pdf))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        if done:
            done(False)
        return
    _PrintJob(parent, printer, pdf, title, done).start()


def chosen_pages(printer: QPrinter, count: int) -> list[int] | None:
    """The pages picked in the print dialog (“页码范围”), or None for all of them."""
    ranges = printer.pageRanges()
    if printer.printRange() != QPrinter.PrintRange.PageRange or ranges.isEmpty():
        return None
    return [number for number in range(1, count + 1) if ranges.contains(number)]


class _PrintJob:
    def __init__(
        self,
        parent: QWidget,
        printer: QPrinter,
        pdf: bytes,
        title: str,
        done: Callable[[bool], None] | None,
    ) -> None:
        self._printer = printer
        self._pdf = pdf
        self._done = done
        self._queue: deque[QImage] = deque()
        self._painter: QPainter | None = None
        self._printed = 0
        self._rendered_all = False
        self._finished = False
        self._progress = QProgressDialog(f"正在打印“{title}”……", "取消", 0, 0, parent)
        self._progress.setWindowTitle("打印")
        self._progress.setMinimumDuration(300)
        self._cancelled = False
        self._progress.canceled.connect(self._cancel)
        self._parent = parent

    def start(self) -> None:
        dpi = min(self._printer.resolution(), PRINT_DPI)
        pdf = self._pdf
        pages = chosen_pages(self._printer, page_count(pdf))

        def render(report: Callable[[QImage], None]) -> int:
            count = 0
            for page in render_pages(pdf, dpi, pages):
                if self._cancelled:
                    break
                report(to_qimage(page))
                count += 1
            return count

        run_in_background(
            render,
            self._rendered,
            self._failed,
            on_progress=self._page_ready,
            owner=self._progress,
        )

    def _page_ready(self, image: QImage) -> None:
        self._queue.append(image)
        QTimer.singleShot(0, self._paint_next)

    def _paint_next(self) -> None:
        if self._cancelled or self._finished or not self._queue:
            return
        image = self._queue.popleft()
        if self._painter is None:
            self._painter = QPainter()
            if not self._painter.begin(self._printer):
                self._failed(UserError("打印机没有响应，请检查打印机是否已连接并开机。"), "")
                return
        elif self._printed:
            self._printer.newPage()
        target = self._painter.viewport()
        scaled = QSize(image.width(), image.height()).scaled(
            target.size(), Qt.AspectRatioMode.KeepAspectRatio
        )
        self._painter.drawImage(QRect(target.topLeft(), scaled), image)
        self._printed += 1
        self._progress.setLabelText(f"正在打印第 {self._printed} 页……")
        self._finish_if_done()

    def _rendered(self, _count: int) -> None:
        self._rendered_all = True
        self._finish_if_done()

    def _finish_if_done(self) -> None:
        """End the print job once every page is rendered and painted (exactly once)."""
        if self._finished or not self._rendered_all or self._queue:
            return
        self._finished = True
        if self._painter is not None and self._painter.isActive():
            self._painter.end()
        self._progress.close()
        target = self._printer.outputFileName()
        if target and not self._cancelled:  # 打印到文件: say where it went
            messages.saved(self._parent, "已打印到文件", f"已打印到文件：{target}", Path(target))
        if self._done:
            self._done(not self._cancelled)

    def _cancel(self) -> None:
        if self._finished:
            return
        self._cancelled = True
        self._finished = True
        if self._painter is not None and self._painter.isActive():
            self._printer.abort()
            self._painter.end()
        if self._done:
            self._done(False)

    def _failed(self, error: Exception, _details: str) -> None:
        if self._finished:
            return
        self._finished = True
        if self._painter is not None and self._painter.isActive():
            self._painter.end()
        self._progress.close()
        log.warning("Printing failed: %s", error)
        messages.warn(self._parent, "打印失败", failure_text(error))
        if self._done:
            self._done(False)


class PrintPreviewDialog(QDialog):
    """Every page as it will print, with 打印… and zoom; sized to the screen it opens on."""

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"打印预览 — {title}")
        self._pdf = pdf
        self._title = title
        self._images: list[QImage] = []
        self._labels: list[QLabel] = []
        self._zoom_chosen = False  # once the clerk moves the slider, the zoom is theirs
        self._shown = False

        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setSpacing(16)
        self.view = QScrollArea()
        self.view.setWidget(self.pages)
        self.view.setWidgetResizable(True)
        self.view.setStyleSheet(
            "QScrollArea { background: #8a8f96; } QWidget#pages { background: #8a8f96; }"
        )
        self.pages.setObjectName("pages")

        self.zoom = QSlider(Qt.Orientation.Horizontal)
        self.zoom.setRange(30, 150)
        self.zoom.setValue(70)
        self.zoom.setMaximumWidth(200)
        self.zoom.setToolTip("缩放")
        self.zoom.valueChanged.connect(self._apply_zoom)
        self.zoom.actionTriggered.connect(self._zoom_by_hand)
        self.fit_button = QPushButton("适合宽度")
        self.fit_button.clicked.connect(self.fit_width)
        self.status = QLabel("正在生成预览……")
        # a long message must not widen the dialog past a small screen
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.print_button = QPushButton("打印…")
        self.print_button.clicked.connect(lambda: print_pdf(self, self._pdf, self._title))
        self.buttons = dialog_buttons(self, Standard.Close)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(QLabel("缩放"))
        bar.addWidget(self.zoom)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.print_button)
        bar.addWidget(self.buttons)

        self.main_layout = QVBoxLayout(self)
        self.main_layout.addWidget(self.view, 1)
        self.main_layout.addLayout(bar)
        self.fit_to_screen()
        run_in_background(
            lambda report: [report(to_qimage(p)) for p in render_pages(pdf, PREVIEW_DPI)],
            lambda _r: self.status.setText(f"共 {len(self._images)} 页（A4）"),
            lambda error, _d: self.status.setText(f"无法生成预览：{failure_text(error)}"),
            on_progress=self._add_page,
            owner=self,
        )

    # -- size -------------------------------------------------------------------------------
    def _frame_margins(self) -> QMargins:
        if not self.isVisible():
            return FRAME_GUESS
        frame, inner = self.frameGeometry(), self.geometry()
        return QMargins(
            inner.left() - frame.left(),
            inner.top() - frame.top(),
            frame.right() - inner.right(),
            frame.bottom() - inner.bottom(),
        )

    def fit_to_screen(self) -> None:
        """As tall as the screen's free area (less the taskbar), at most PREVIEW_MAX_WIDTH
        wide, frame included, so 打印… and 关闭 are never off-screen (down to 1024 × 700)."""
        area = available_geometry(self)
        frame = self._frame_margins()
        extra_width, extra_height = frame.left() + frame.right(), frame.top() + frame.bottom()
        width = min(PREVIEW_MAX_WIDTH, area.width() - extra_width)
        height = area.height() - extra_height
        self.resize(width, height)
        self.move(area.left() + (area.width() - width - extra_width) // 2, area.top())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:  # not when brought back from the taskbar: the size is theirs
            self._shown = True
            QTimer.singleShot(0, self, self._first_shown)

    def _first_shown(self) -> None:
        """Fit again with the real frame, known now; fit pages that came before the show."""
        self.fit_to_screen()
        if self._images and not self._zoom_chosen:
            self.fit_width()

    # -- zoom -------------------------------------------------------------------------------
    def _zoom_by_hand(self, _action: int) -> None:
        self._zoom_chosen = True

    def fit_width(self) -> None:
        """Zoom so that the widest page fills the width of the view (at most 100 %)."""
        if not self._images:
            return
        self.main_layout.activate()  # the view's width after a resize not yet laid out
        margins = self.pages_layout.contentsMargins()
        room = (  # the same whether or not the vertical scroll bar shows at the moment
            self.view.contentsRect().width()
            - margins.left()
            - margins.right()
            - self.view.verticalScrollBar().sizeHint().width()
        )
        widest = max(image.width() for image in self._images)
        self.zoom.setValue(max(self.zoom.minimum(), min(FIT_MAX_ZOOM, 100 * room // widest)))

    # -- pages ------------------------------------------------------------------------------
    def _add_page(self, image: QImage) -> None:
        self._images.append(image)
        label = QLabel()
        label.setStyleSheet("background: white;")
        self._labels.append(label)
        self.pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        if len(self._images) == 1 and not self._zoom_chosen and self.isVisible():
            self.fit_width()
        self._show(label, image)
        self.status.setText(f"已生成 {len(self._images)} 页……")

    def _show(self, label: QLabel, image: QImage) -> None:
        factor = self.zoom.value() / 100
        size = QSize(round(image.width() * factor), round(image.height() * factor))
        label.setPixmap(
            QPixmap.fromImage(image).scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
        label.setFixedSize(size)

    def _apply_zoom(self) -> None:
        for label, image in zip(self._labels, self._images, strict=True):
            self._show(label, image)

    def page_count(self) -> int:
        return len(self._images)
