"""An annual summary as the clerk edits it: named parts of plain text."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

TITLE = "title"
OPENING = "opening"
CLOSING = "closing"
SIGNATURE_UNIT = "signature_unit"
SIGNATURE_DATE = "signature_date"
SECTION_PREFIX = "area:"


def section_key(area_uuid: str) -> str:
    return f"{SECTION_PREFIX}{area_uuid}"


@dataclass(frozen=True, slots=True)
class Basis:
    """What a part was drafted from: its entries (a digest of their ids and change times),
    how many there were and how many of them were sample entries, the unit's name, when."""

    digest: str = ""
    entries: int = 0
    sample: int = 0
    unit: str = ""
    drafted_at: str = ""  # ISO time (UTC) the entries were read

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Basis | None:
        """The stored basis, or None for parts drafted before bases were kept."""
        try:
            values = json.loads(text) if text else None
        except ValueError:
            return None
        if not isinstance(values, dict):
            return None
        known = {k: v for k, v in values.items() if k in cls.__dataclass_fields__}
        try:
            return cls(**known)
        except TypeError:
            return None


@dataclass(frozen=True, slots=True)
class Part:
    key: str
    label: str  # what the editor calls it: 标题, 开头, 一、组织领导 …
    text: str
    generated: str = ""  # the last draft the app wrote for this part
    basis: Basis | None = None  # what the last draft was drafted from

    @property
    def edited(self) -> bool:
        """The clerk changed it since the app last drafted it."""
        return self.text.strip() != self.generated.strip()


@dataclass(frozen=True, slots=True)
class AnnualSummary:
    year: int
    parts: tuple[Part, ...] = field(default_factory=tuple)

    def part(self, key: str) -> Part | None:
        return next((part for part in self.parts if part.key == key), None)

    def text(self, key: str) -> str:
        found = self.part(key)
        return found.text if found else ""

    @property
    def title(self) -> str:
        return self.text(TITLE)

    def body_paragraphs(self) -> list[str]:
        """Every paragraph between the title and the 落款, in order."""
        paragraphs: list[str] = []
        for part in self.parts:
            if part.key in (TITLE, SIGNATURE_UNIT, SIGNATURE_DATE):
                continue
            paragraphs += [line.strip() for line in part.text.splitlines() if line.strip()]
        return paragraphs

    @property
    def signature(self) -> tuple[str, str]:
        return self.text(SIGNATURE_UNIT).strip(), self.text(SIGNATURE_DATE).strip()

    @property
    def sample_entries(self) -> int:
        """How many sample entries (示例数据) the draft was written from."""
        return max((part.basis.sample for part in self.parts if part.basis), default=0)

    def with_part(self, updated: Part) -> AnnualSummary:
        return AnnualSummary(
            self.year, tuple(updated if p.key == updated.key else p for p in self.parts)
        )

    def plain_text(self) -> str:
        """The whole summary as text (title, paragraphs, 落款) — for checks and copying."""
        unit, date = self.signature
        return "\n".join([self.title, *self.body_paragraphs(), unit, date]).strip()
