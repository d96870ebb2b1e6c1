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


def _insert(ledger: Ledger, rows: list[dict[str, object]]) -> None:
    """Write generated entries in one transaction, 5,000 to a statement."""
    with ledger.database.writing() as session:
        for chunk in range(0, len(rows), 5000):
            session.execute(insert(Entry), rows[chunk : chunk + 5000])


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
    _insert(ledger, rows)


def _sample_entries() -> list[dict[str, object]]:
    import json

    from wenming_desktop.paths import asset_path

    data = json.loads(asset_path("resources", "sample", "demo_2019.json").read_text("utf-8"))
    return data["entries"]


def generate_realistic(
    ledger: Ledger,
    count: int,
    years: list[int],
    *,
    area_id: int | None = None,
    seed: int = 7,
) -> None:
    """Entries that read like a real office's: each is one of the 43 sample activities of the
    seed summary, numbered, with sentences borrowed from others, on a random day.

    Words recur as they do in a real ledger (“职工” often, “书屋” now and then). All entries go
    to ``area_id`` when given, else to the sample activity's own area.
    """
    rng = random.Random(seed)
    templates = _sample_entries()
    area_by_name = {area.short_name: area.id for area in ledger.areas.all()}
    sentences = [
        part + "。"
        for template in templates
        for part in (template["content"] + template["remarks"]).split("。")
        if part and "示例" not in part
    ]
    now = utc_now()
    rows = []
    for number in range(count):
        template = rng.choice(templates)
        year = years[number * len(years) // count]
        date = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        people = template["participants"]
        rows.append(
            {
                "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "area_id": area_id or area_by_name[template["area"]],
                "date": date,
                "end_date": None,
                "name": f"{template['name']}（{year}年第{number % 97 + 1}次）",
                "kind": template["kind"],
                "location": template["location"],
                "organizer": template["organizer"],
                "participants": None if people is None else max(1, people + rng.randrange(-20, 21)),
                "volunteer_hours": template["volunteer_hours"],
                "content": template["content"]
                + "".join(rng.sample(sentences, rng.randrange(0, 3))),
                "remarks": rng.choice(sentences) if rng.random() < 0.3 else "",
                "is_sample": False,
                "created_at": now,
                "updated_at": now,
            }
        )
    _insert(ledger, rows)


def memory_mb() -> tuple[float, float]:
    """(resident now, peak resident) of this process in MB."""
    import sys

    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [
                ("cb", wintypes.DWORD),
                ("PageFaultCount", wintypes.DWORD),
                ("PeakWorkingSetSize", ctypes.c_size_t),
                ("WorkingSetSize", ctypes.c_size_t),
                ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
                ("QuotaPagedPoolUsage", ctypes.c_size_t),
                ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                ("PagefileUsage", ctypes.c_size_t),
                ("PeakPagefileUsage", ctypes.c_size_t),
            ]

        counters = Counters(cb=ctypes.sizeof(Counters))
        process = ctypes.windll.kernel32.GetCurrentProcess()
        ctypes.windll.psapi.GetProcessMemoryInfo(process, ctypes.byref(counters), counters.cb)
        return counters.WorkingSetSize / 2**20, counters.PeakWorkingSetSize / 2**20
    status = Path("/proc/self/status")
    if status.exists():
        fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # bytes on macOS
    return peak, peak


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


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
