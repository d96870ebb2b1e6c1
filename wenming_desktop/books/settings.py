"""The unit's settings, typed, kept in the database's ``setting`` table as JSON."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import select

from wenming_desktop.books.validation import FieldError, clean_text
from wenming_desktop.errors import ValidationError
from wenming_desktop.store.database import Database
from wenming_desktop.store.models import Setting

DEFAULT_ENTRY_TYPES = (
    "会议",
    "学习",
    "活动",
    "培训",
    "表彰荣誉",
    "志愿服务",
    "宣传",
    "检查",
    "制度建设",
    "其他",
)


@dataclass(slots=True)
class AppSettings:
    unit_name: str = "区总工会"
    entry_types: list[str] = field(default_factory=lambda: list(DEFAULT_ENTRY_TYPES))
    #: True once the first-start offer of sample data has been answered.
    sample_offer_answered: bool = False
    #: Font file chosen per print role (``title``, ``body`` …), ``path#index`` for .ttc.
    fonts: dict[str, str] = field(default_factory=dict)
    #: Append the 统计表 to the printed annual summary as its 附件.
    summary_with_stats: bool = False
    #: Column matches the clerk saved for Excel sheets, by their header row's texts.
    excel_mappings: dict[str, dict[str, int]] = field(default_factory=dict)
    #: A second place (a USB stick, another drive) the automatic backups also go to.
    backup_mirror: str = ""
    #: This ledger's own name among others (made once): its backups' folder in the second
    #: place, which two PCs or two ledgers may share.
    ledger_id: str = ""


class SettingsStore:
    """Settings are read whole and changed by key: :meth:`update` writes the fields it is
    given and nothing else, so a dialog that shows four of them can never reset a fifth."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def load(self) -> AppSettings:
        settings = AppSettings()
        with self._db.reading() as session:
            stored = {row.key: row.value for row in session.scalars(select(Setting))}
        for item in fields(AppSettings):
            if item.name in stored:
                try:
                    value = json.loads(stored[item.name])
                except ValueError:
                    continue  # a damaged value falls back to the default
                if isinstance(value, type(getattr(settings, item.name))):
                    setattr(settings, item.name, value)
        return settings

    def ledger_id(self) -> str:
        """This ledger's identity, made (and stored) the first time it is asked for."""
        known = self.load().ledger_id
        if known or self._db.read_only:
            return known
        return self.update(ledger_id=uuid.uuid4().hex).ledger_id

    def update(self, **changes: Any) -> AppSettings:
        """Validate and store the given fields only; returns the settings as they now are."""
        known = {item.name for item in fields(AppSettings)}
        unknown = set(changes) - known
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        cleaned = self.validate_changes(changes)
        with self._db.writing() as session:
            for name, value in cleaned.items():
                session.merge(Setting(key=name, value=json.dumps(value, ensure_ascii=False)))
        return self.load()

    @staticmethod
    def validate_changes(changes: dict[str, Any]) -> dict[str, object]:
        """Cleaned values for the given fields, or :class:`ValidationError`."""
        defaults = AppSettings()
        cleaned: dict[str, object] = {}
        try:
            for name, value in changes.items():
                if name == "unit_name":
                    value = clean_text(str(value), "单位名称", max_length=50, required=True)
                elif name == "entry_types":
                    types = [clean_text(str(t), "活动类型", max_length=20) for t in value]
                    value = list(dict.fromkeys(t for t in types if t)) or list(DEFAULT_ENTRY_TYPES)
                elif name == "fonts":
                    value = {str(role): str(path) for role, path in dict(value).items() if path}
                elif name == "backup_mirror":
                    value = clean_text(str(value), "备份位置", max_length=1000)
                if not isinstance(value, type(getattr(defaults, name))):
                    raise TypeError(f"setting {name} must be {type(getattr(defaults, name))}")
                cleaned[name] = value
        except FieldError as error:
            raise ValidationError({"settings": str(error)}) from None
        return cleaned
