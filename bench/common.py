"""Shared helpers for the benchmarks: generated ledgers and a results table."""

from __future__ import annotations

import datetime as dt
import platform
import random
import statistics
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert

from wenming_desktop.ledger import Ledger
from wenming_desktop.store.models import Entry, utc_now

WORDS = (
    "开展",
    "组织",
    "召开",
    "举办",
    "学习",
    "宣传",
    "志愿服务",
    "法治",
    "文明",
    "职工",
    "社区",
    "专题会议",
    "主题教育",
    "道德讲堂",
    "读书交流",
    "普法",
    "宪法",
    "环境卫生",
    "检查",
    "培训",
)
KINDS = ("会议", "学习", "活动", "培训", "表彰荣誉", "志愿服务", "宣传", "检查", "制度建设", "其他")


def generate(ledger: Ledger, count: int, year: int, seed: int = 2019) -> None:
    """Insert ``count`` plausible entries spread over the areas and the year (bulk, fast)."""
    rng = random.Random(seed)
    areas = [area.id for area in ledger.areas.all()]
    start = dt.date(year, 1, 1)
    now = utc_now()
    rows = []
    for number in range(count):
        words = rng.sample(WORDS, 4)
        name = f"{words[0]}{words[1]}{words[2]}活动第{number + 1}期"
        content = (
            "，".join(rng.sample(WORDS, 8))
            + "，取得良好成效。"
            + "".join(rng.sample(WORDS, 6))
            + "。"
        )
        rows.append(
            {
                "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "area_id": rng.choice(areas),
                "date": start + dt.timedelta(days=rng.randrange(365)),
                "end_date": None,
                "name": name,
                "kind": rng.choice(KINDS),
                "location": rng.choice(("区总工会三楼会议室", "区职工活动中心", "华天社区", "")),
                "organizer": rng.choice(("办公室", "宣教部", "法律工作部", "机关党支部")),
                "participants": rng.choice((None, rng.randrange(5, 600))),
                "volunteer_hours": rng.choice((None, None, round(rng.uniform(1, 200), 1))),
                "content": content,
                "remarks": "",
                "is_sample": False,
                "created_at": now,
                "updated_at": now,
            }
        )
    with ledger.database.writing() as session:
        for chunk in range(0, len(rows), 5000):
            session.execute(insert(Entry), rows[chunk : chunk + 5000])


def timed(work: Callable[[], object], repeat: int = 5) -> list[float]:
    """Wall-clock seconds of ``repeat`` runs (after one warm-up run)."""
    work()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def machine() -> str:
    import os

    python = platform.python_version()
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {python}"


def print_table(title: str, rows: list[tuple[str, list[float], float]]) -> None:
    """rows: (what, seconds of each run, target seconds)."""
    print(f"\n{title}  —  {machine()}")
    print(f"{'measure':<56} {'median':>9} {'max':>9} {'target':>9}  result")
    for what, times, target in rows:
        median, worst = statistics.median(times), max(times)
        verdict = "ok" if median <= target else "MISSED"
        print(f"{what:<56} {median:>8.3f}s {worst:>8.3f}s {target:>8.2f}s  {verdict}")


def temp_ledger(folder: Path) -> Ledger:
    return Ledger.open(folder)
