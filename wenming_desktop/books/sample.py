"""The 2019 sample ledger (示例数据), written from the reference summary's activities."""

from __future__ import annotations

import json
from dataclasses import dataclass

from wenming_desktop.books.areas import DEFAULT_AREAS, AreaBook
from wenming_desktop.books.draft import EntryDraft
from wenming_desktop.books.entries import EntryBook
from wenming_desktop.errors import UserError
from wenming_desktop.paths import asset_path

SAMPLE_FILE = ("resources", "sample", "demo_2019.json")


@dataclass(frozen=True, slots=True)
class SampleResult:
    added: int
    already_there: int
    in_trash: int = 0  # of those already there, how many are in the 回收站

    @property
    def message(self) -> str:
        if self.added:
            return f"已加载示例数据 {self.added} 条。"
        if self.in_trash:
            return (
                f"示例数据已在台账中（{self.already_there} 条，其中 {self.in_trash} 条在回收站），"
                "未重复添加；可在回收站中恢复。"
            )
        return f"示例数据已在台账中（{self.already_there} 条），未重复添加。"


def load_sample(areas: AreaBook, entries: EntryBook) -> SampleResult:
    """Add the sample entries that are not there yet (matched by UUID)."""
    try:
        data = json.loads(asset_path(*SAMPLE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UserError(f"示例数据文件缺失或已损坏：{error}") from error
    items = data["entries"]
    present = entries.existing_uuids([item["uuid"] for item in items])
    # Areas are matched by their stable UUID, so renamed areas still receive their entries.
    area_by_default_name = {name: uuid for uuid, name, _heading in DEFAULT_AREAS}
    area_id_by_uuid = {area.uuid: area.id for area in areas.all()}
    added = 0
    for item in items:
        if item["uuid"] in present:
            continue
        area_id = area_id_by_uuid.get(area_by_default_name.get(item["area"], ""))
        if area_id is None:
            continue  # the clerk's ledger no longer has that area
        draft = EntryDraft(
            area_id=area_id,
            date=item["date"],
            end_date=item.get("end_date"),
            name=item["name"],
            kind=item.get("kind", ""),
            location=item.get("location", ""),
            organizer=item.get("organizer", ""),
            participants=item.get("participants"),
            volunteer_hours=item.get("volunteer_hours"),
            content=item.get("content", ""),
            remarks=item.get("remarks", ""),
        )
        entries.add(draft, is_sample=True, entry_uuid=item["uuid"])
        added += 1
    trashed = len(entries.sample_ids(live_only=False)) - len(entries.sample_ids())
    return SampleResult(added=added, already_there=len(present), in_trash=trashed)
