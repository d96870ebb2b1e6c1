"""The six work areas (工作板块): tab text, summary heading and order, all editable."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from wenming_desktop.books.records import Area
from wenming_desktop.books.validation import FieldError, clean_text
from wenming_desktop.errors import UserError, ValidationError
from wenming_desktop.store.database import Database
from wenming_desktop.store.models import WorkArea

SHORT_NAME_MAX = 10
HEADING_MAX = 60

#: The six areas of the reference 2019 summary, as seeded by the first migration.
DEFAULT_AREAS: tuple[tuple[str, str, str], ...] = (
    ("6b1f3c52-0c4e-4f55-9d0e-2f8a1a000001", "组织领导", "重视组织领导，认真履职尽责"),
    ("6b1f3c52-0c4e-4f55-9d0e-2f8a1a000002", "理论学习", "加强理论学习，加强思想引领"),
    ("6b1f3c52-0c4e-4f55-9d0e-2f8a1a000003", "宣传教育", "发挥工会作用，加强宣传教育"),
    ("6b1f3c52-0c4e-4f55-9d0e-2f8a1a000004", "志愿服务", "开展志愿服务，弘扬善行义举"),
    ("6b1f3c52-0c4e-4f55-9d0e-2f8a1a000005", "法治建设", "强化法治建设，培育法治文化"),
    ("6b1f3c52-0c4e-4f55-9d0e-2f8a1a000006", "环境建设", "强化环境建设，优化自身形象"),
)


@dataclass(frozen=True, slots=True)
class AreaEdit:
    id: int
    short_name: str
    heading: str


def _to_area(row: WorkArea) -> Area:
    return Area(row.id, row.uuid, row.position, row.short_name, row.heading)


class AreaBook:
    def __init__(self, database: Database) -> None:
        self._db = database

    def all(self) -> list[Area]:
        with self._db.reading() as session:
            rows = session.scalars(select(WorkArea).order_by(WorkArea.position, WorkArea.id))
            return [_to_area(row) for row in rows]

    def by_name(self, name: str) -> Area:
        """Find an area by its tab text or heading (as the CLI's ``--area`` takes it)."""
        wanted = name.strip()
        for area in self.all():
            if wanted in (area.short_name, area.heading):
                return area
        names = "、".join(area.short_name for area in self.all())
        raise UserError(f"没有名为“{wanted}”的工作板块。现有板块：{names}。")

    def save(self, edits: list[AreaEdit]) -> list[Area]:
        """Store new names and headings; the list's order becomes the areas' order."""
        cleaned = self.validate(edits)
        with self._db.writing() as session:
            rows = {row.id: row for row in session.scalars(select(WorkArea))}
            if set(rows) != {edit.id for edit in cleaned}:
                raise UserError("工作板块已被修改，请关闭设置后重新打开。")
            for position, edit in enumerate(cleaned, start=1):
                row = rows[edit.id]
                row.position, row.short_name, row.heading = position, edit.short_name, edit.heading
        return self.all()

    @staticmethod
    def validate(edits: list[AreaEdit]) -> list[AreaEdit]:
        """Cleaned edits, or :class:`ValidationError` listing every problem."""
        problems: dict[str, str] = {}
        cleaned: list[AreaEdit] = []
        for number, edit in enumerate(edits, start=1):
            try:
                short = clean_text(
                    edit.short_name,
                    f"第{number}个板块的名称",
                    max_length=SHORT_NAME_MAX,
                    required=True,
                )
                heading = clean_text(
                    edit.heading,
                    f"第{number}个板块的标题",
                    max_length=HEADING_MAX,
                    required=True,
                ).rstrip("。.")
            except FieldError as error:
                problems[f"area{number}"] = str(error)
                continue
            cleaned.append(AreaEdit(edit.id, short, heading))
        names = [edit.short_name for edit in cleaned]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            problems["duplicates"] = f"板块名称不能重复：{'、'.join(duplicates)}。"
        if problems:
            raise ValidationError(problems)
        return cleaned
