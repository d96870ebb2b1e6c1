"""The entry dialog's attachment list: thumbnails for photos, files dropped from Explorer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QImage,
    QImageReader,
    QPixelFormat,
    QPixmap,
)
from PySide6.QtWidgets import QFileIconProvider, QListView, QListWidget, QListWidgetItem, QWidget

from wenming_desktop.ledgers.jpeg_scans import gathered_bytes
from wenming_desktop.store.attachments import is_image

THUMBNAIL = QSize(96, 72)
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
ATTACHMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
#: The most memory a thumbnail may take decoded. Qt decodes a picture at full size and
#: then scales it (a transparent one premultiplied: a second copy), 4 bytes a pixel; only
#: a JPEG is decoded at 1/8 of its size (a progressive one gathered whole first, though).
#: 128 MB is 32 MP in colour, 16 MP transparent.
MAX_DECODE_BYTES = 128 * 1024 * 1024
_JPEG_REDUCTION = 8 * 8
_USES_ALPHA = QPixelFormat.AlphaUsage.UsesAlpha


def thumbnail(path: Path) -> QIcon:
    """A small picture of a photo (read scaled, so large photos stay fast), else a file icon.

    A picture too large to decode within MAX_DECODE_BYTES, or one that cannot be read,
    gets the file icon: the entry dialog must never freeze or run out of memory on it.
    """
    image = _small_image(path) if is_image(path.name) else None
    if image is not None and not image.isNull():
        return QIcon(QPixmap.fromImage(image))
    return QFileIconProvider().icon(QFileIconProvider.IconType.File)


def _small_image(path: Path) -> QImage | None:
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # respect EXIF orientation
    size = reader.size()  # from the header; nothing decoded yet
    if not size.isValid():
        return None
    needed = size.width() * size.height() * 4
    if reader.format() == b"jpeg":
        needed = needed // _JPEG_REDUCTION + gathered_bytes(path)
    elif QImage.toPixelFormat(reader.imageFormat()).alphaUsage() == _USES_ALPHA:
        needed *= 2
    if needed > MAX_DECODE_BYTES:
        return None
    reader.setScaledSize(size.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


class AttachmentList(QListWidget):
    files_dropped = Signal(list)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(THUMBNAIL)
        self.setGridSize(QSize(THUMBNAIL.width() + 40, THUMBNAIL.height() + 44))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWordWrap(True)
        self.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.setDragEnabled(False)
        # Drops land on the viewport; Static movement switched them off there.
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setMinimumHeight(THUMBNAIL.height() + 56)

    def add_file(self, path: Path, label: str, attachment_id: int | None = None) -> None:
        item = QListWidgetItem(thumbnail(path), label)
        item.setToolTip(label)
        item.setData(PATH_ROLE, str(path))
        item.setData(ATTACHMENT_ID_ROLE, attachment_id)
        self.addItem(item)

    def _local_files(self, event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [path for path in self._local_files(event) if path.is_file()]
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)
        else:
            event.ignore()
