"""Icons from resources/icons, loaded once each."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from wenming_desktop.paths import asset_path


@cache
def icon(name: str) -> QIcon:
    try:
        return QIcon(str(asset_path("resources", "icons", f"{name}.svg")))
    except FileNotFoundError:
        return QIcon()
