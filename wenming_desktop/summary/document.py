"""An annual summary as the clerk edits it: named parts of plain text."""

from __future__ import annotations

from dataclasses import dataclass, field

TITLE = "title"
OPENING = "opening"
CLOSING = "closing"
SIGNATURE_UNIT = "signature_unit"
SIGNATURE_DATE = "signature_date"
SECTION_PREFIX = "area:"


def section_key(area_uuid: str) -> str:
    return f"{SECTION_PREFIX}{area_uuid}"


@dataclass(frozen=True, slots=True)
class Part:
    key: str
    label: str  # what the editor calls it: 标题, 开头, 一、组织领导 …
    text: str
    generated: str = ""  # the last draft the app wrote for this part

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

    def plain_text(self) -> str:
        """The whole summary as text (title, paragraphs, 落款) — for checks and copying."""
        unit, date = self.signature
        return "\n".join([self.title, *self.body_paragraphs(), unit, date]).strip()
