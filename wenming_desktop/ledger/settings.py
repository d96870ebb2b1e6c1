"""The unit's settings, typed, kept in the database's ``setting`` table as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields

from sqlalchemy import select

from wenming_desktop.errors import ValidationError
from wenming_desktop.ledger.validation import FieldError, clean_text
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


class SettingsStore:
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

    def save(self, settings: AppSettings) -> AppSettings:
        settings = self.validate(settings)
        with self._db.writing() as session:
            for item in fields(AppSettings):
                value = json.dumps(getattr(settings, item.name), ensure_ascii=False)
                session.merge(Setting(key=item.name, value=value))
        return settings

    @staticmethod
    def validate(settings: AppSettings) -> AppSettings:
        """A cleaned copy, or :class:`ValidationError`."""
        try:
            unit_name = clean_text(settings.unit_name, "单位名称", max_length=50, required=True)
            types = [clean_text(t, "活动类型", max_length=20) for t in settings.entry_types]
        except FieldError as error:
            raise ValidationError({"settings": str(error)}) from None
        return AppSettings(
            unit_name=unit_name,
            entry_types=list(dict.fromkeys(t for t in types if t)) or list(DEFAULT_ENTRY_TYPES),
            sample_offer_answered=settings.sample_offer_answered,
            fonts={role: path for role, path in settings.fonts.items() if path},
            summary_with_stats=settings.summary_with_stats,
            excel_mappings=settings.excel_mappings,
        )
