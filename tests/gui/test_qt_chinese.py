"""Qt's own dialogs speak Chinese: the file and print dialogs Qt draws itself (Linux; on
Windows the system's own dialogs are used), with Qt's qtbase_zh_CN catalogue and our
supplement for the labels Qt 6.11 changed (resources/translations)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from wenming_desktop.gui import application

ROOT = Path(__file__).resolve().parents[2]
SUPPLEMENT = ROOT / "resources" / "translations" / "qt_supplement_zh_CN.ts"
ENGLISH = re.compile(r"[A-Za-z]{2,}")
NAMES = re.compile(r"PDF")  # names Chinese uses as they are


def _messages() -> Iterator[tuple[str, str, str, str]]:
    """(context, source, disambiguation, translation) of every message in the .ts file."""
    root = ElementTree.parse(SUPPLEMENT).getroot()
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            yield (
                name,
                message.findtext("source", ""),
                message.findtext("comment", ""),
                message.findtext("translation", ""),
            )


def test_the_compiled_supplement_says_what_its_source_says(qtbot: QtBot) -> None:
    translator = QTranslator()
    assert translator.load(str(SUPPLEMENT.with_suffix(".qm")))
    messages = list(_messages())
    assert messages
    for context, source, comment, translation in messages:
        found = translator.translate(context, source, comment or None)
        assert found == translation, (context, source)
        assert not ENGLISH.search(translation.replace("&", "")), translation


def test_qt_s_changed_labels_are_chinese(configured_app: QApplication) -> None:
    translate = QCoreApplication.translate
    assert translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    assert translate("QFileDialog", "Files of &type:") == "文件类型(&T)："
    assert translate("QPrintSettingsOutput", "Page &Set:") == "页面组(&S)："
    assert translate("QAbstractFileIconProvider", "Folder", "All other platforms") == "文件夹"
    assert translate("QFileDialog", "File &name:") == "文件名称(&N)："  # Qt's own
    assert translate("QPlatformTheme", "Cancel") == "取消"


def _english(widget: QWidget, allowed: set[str]) -> list[str]:
    """Visible text with English words in it, on ``widget`` and the widgets in it."""
    found = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisibleTo(widget) and child is not widget:
            continue
        texts = [child.toolTip()]
        if isinstance(child, (QLabel, QAbstractButton)):
            texts.append(child.text())
        if isinstance(child, QGroupBox):
            texts.append(child.title())
        if isinstance(child, QTabWidget):
            texts += [child.tabText(index) for index in range(child.count())]
        if isinstance(child, QTreeView) and child.model() is not None:
            model = child.model()
            across = Qt.Orientation.Horizontal
            texts += [str(model.headerData(n, across)) for n in range(model.columnCount())]
        found += [
            text
            for text in texts
            if text and ENGLISH.search(NAMES.sub("", text)) and text not in allowed
        ]
    return found


def test_the_file_dialog_qt_draws_is_chinese(
    qtbot: QtBot, configured_app: QApplication, tmp_path: Path
) -> None:
    (tmp_path / "文件夹").mkdir()
    dialog = QFileDialog(None, "导出交换包", str(tmp_path), "交换包 (*.zip)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    view = dialog.findChild(QTreeView, "treeView")
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) == 1)
    assert _english(dialog, set()) == []
    folder = view.model().index(0, 2, view.rootIndex())
    assert folder.data() == "文件夹"  # the type column


def test_the_print_dialog_qt_draws_is_chinese(qtbot: QtBot, configured_app: QApplication) -> None:
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # the same dialog, no CUPS needed
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    options = [b for b in dialog.findChildren(QPushButton) if b.text().startswith("选项")]
    if options:  # Linux: the 选项 >> part holds the page range and 页面组
        qtbot.mouseClick(options[0], Qt.MouseButton.LeftButton)
    shown = {combo.currentText() for combo in dialog.findChildren(QComboBox)}
    assert _english(dialog, shown) == []
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert "页面组(&S)：" in labels


def test_only_the_catalogues_the_app_needs_are_loaded(configured_app: QApplication) -> None:
    ours = [t for t in configured_app.findChildren(QTranslator) if not t.isEmpty()]
    names = {Path(t.filePath()).name for t in ours}
    assert {"qtbase_zh_CN.qm", "qt_supplement_zh_CN.qm"} <= names
    assert application.QT_CATALOGUE == "qtbase_zh_CN"
