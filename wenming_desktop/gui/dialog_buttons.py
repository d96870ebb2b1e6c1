"""The row of buttons at the foot of a dialog, labelled the same way everywhere."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

Standard = QDialogButtonBox.StandardButton

#: Set by hand as well as by Qt's translations, so a missing translation file (a build
#: without it, say) never shows the clerk "Cancel".
LABELS = {
    Standard.Ok: "确定",
    Standard.Save: "保存",
    Standard.Cancel: "取消",
    Standard.Close: "关闭",
}


def label_buttons(buttons: QDialogButtonBox) -> None:
    """Give the standard buttons in ``buttons`` their Chinese labels."""
    for kind, text in LABELS.items():
        button = buttons.button(kind)
        if button is not None:
            button.setText(text)


def dialog_buttons(dialog: QDialog, *standard: QDialogButtonBox.StandardButton) -> QDialogButtonBox:
    """Standard buttons for ``dialog``: 取消/关闭 reject it, 确定/保存 accept it.

    Buttons the dialog adds itself (导入, 恢复 …) are wired by the dialog.
    """
    buttons = QDialogButtonBox()
    for kind in standard:
        buttons.addButton(kind)
    label_buttons(buttons)
    buttons.rejected.connect(dialog.reject)
    if any(kind in (Standard.Ok, Standard.Save) for kind in standard):
        buttons.accepted.connect(dialog.accept)
    return buttons
