"""Years of entries shaped like real offices' ledgers, for the summary's tests and benchmark.

A real ledger is not random words: it has monthly study sessions and a weekly 道德讲堂,
volunteering every week at one community after another, 法律体检 at one enterprise after
another, quarterly inspections, a handful of honours, and many one-off activities whose
活动内容 is pasted from the last one with a few words changed.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from sqlalchemy import insert

from wenming_desktop.ledger import Ledger
from wenming_desktop.store.models import Entry, utc_now

COMMUNITIES = [
    f"{name}社区"
    for name in [
        "华天",
        "众志城",
        "大学路",
        "怡乐家园",
        "幸福里",
        "东风",
        "南湖",
        "北苑",
        "西城",
        "金桥",
        "翠园",
        "滨河",
    ]
]
COMPANIES = [
    f"{a}{b}有限公司"
    for a in [
        "宏达",
        "恒信",
        "华美",
        "鑫源",
        "永盛",
        "金鼎",
        "天宇",
        "瑞丰",
        "隆基",
        "正泰",
        "东方",
        "盛世",
        "新华",
        "中兴",
        "远航",
    ]
    for b in ("机械", "科技", "建材", "物流", "食品", "纺织")
]
CROSSINGS = [
    f"{road}路口"
    for road in ["人民路与解放路", "中山路与建设路", "长江路与黄河路", "文化路与胜利路"]
]
ONE_OFF_CULTURE = [
    "职工气排球比赛",
    "迎新春书法展",
    "职工摄影作品展",
    "职工健步走活动",
    "职工拔河比赛",
    "职工歌咏比赛",
    "职工象棋比赛",
    "职工乒乓球赛",
    "“最美家庭”故事分享会",
    "职工趣味运动会",
    "亲子阅读活动",
    "端午包粽子活动",
    "中秋诗会",
    "重阳登高活动",
    "女职工插花培训",
    "职工心理健康讲座",
    "职工手工艺作品展",
    "职工篮球联赛",
]
ONE_OFF_STUDY = [
    "学习《中华人民共和国工会法》",
    "学习中央经济工作会议精神",
    "学习全国两会精神",
    "学习《党章》",
    "学习省党代会精神",
    "学习《习近平谈治国理政》第三卷",
    "学习党史专题",
    "学习《中国工会章程》",
]
HONOURS = (
    "荣获“全国模范职工之家”称号",
    "获评市级文明单位",
    "表彰“十佳职工”和“优秀工会工作者”",
    "荣获省“五一劳动奖状”",
    "职工书屋获评“全国职工书屋示范点”",
)
BOILERPLATE = (
    "活动中，干部职工积极参与、气氛热烈，取得了良好效果。",
    "通过活动，进一步增强了干部职工的责任意识和服务意识。",
    "活动结束后，及时总结经验，形成文字和图片资料存档。",
    "本次活动由办公室牵头组织，各部室密切配合。",
)


@dataclass(frozen=True)
class _Template:
    area: str
    kind: str
    weight: float
    style: str  # weekly, monthly, quarterly, series, once, pool, honour
    name: str  # {n}: number, {place}: a place, {item}: an item of the pool
    content: str
    people: tuple[int, int] | None = (20, 40)
    hours: float | None = None
    places: tuple[str, ...] = ()
    pool: tuple[str, ...] = ()


TEMPLATES = (
    _Template(
        "组织领导",
        "会议",
        3,
        "monthly",
        "召开精神文明建设领导小组月度例会",
        "召开领导小组月度例会，听取各部室创建工作进展情况汇报，研究解决存在的问题。",
        (10, 18),
    ),
    _Template(
        "组织领导",
        "制度建设",
        0.3,
        "once",
        "研究制定年度精神文明建设工作方案",
        "对照测评体系研究制定年度工作方案，将创建任务分解到部室、落实到人。",
        None,
    ),
    _Template(
        "组织领导",
        "检查",
        4,
        "series",
        "指导{place}开展文明单位创建工作",
        "深入{place}指导文明单位创建工作，查阅台账资料，反馈问题，提出整改意见。",
        (5, 12),
        places=tuple(COMPANIES[:40]),
    ),
    _Template(
        "理论学习",
        "学习",
        8,
        "weekly",
        "周一集中学习",
        "组织机关干部职工集中学习，传达学习上级重要会议和文件精神，交流学习体会。",
        (20, 32),
    ),
    _Template(
        "理论学习",
        "学习",
        3,
        "monthly",
        "理论学习中心组第{n}次集中学习",
        "理论学习中心组围绕专题开展集中学习研讨，班子成员结合工作实际交流发言。",
        (9, 14),
    ),
    _Template(
        "理论学习",
        "学习",
        2,
        "pool",
        "{item}",
        "组织机关党员干部{item}，不断增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
        (20, 40),
        pool=tuple(ONE_OFF_STUDY),
    ),
    _Template(
        "理论学习",
        "活动",
        1.5,
        "monthly",
        "“不忘初心、牢记使命”主题教育专题党课",
        "开展“不忘初心、牢记使命”主题教育专题党课，党员干部重温入党誓词，接受党性教育。",
        (25, 45),
    ),
    _Template(
        "宣传教育",
        "活动",
        3,
        "monthly",
        "道德讲堂第{n}期",
        "举办道德讲堂，通过唱歌曲、学模范、诵经典、发善心、送吉祥等环节，弘扬社会主义核心价值观。",
        (60, 140),
    ),
    _Template(
        "宣传教育",
        "活动",
        5,
        "pool",
        "举办{item}",
        "组织辖区职工开展{item}，丰富职工精神文化生活，营造积极向上的文化氛围。",
        (40, 300),
        pool=tuple(ONE_OFF_CULTURE),
    ),
    _Template(
        "宣传教育",
        "宣传",
        2,
        "monthly",
        "职工书屋读书分享会",
        "依托职工书屋开展读书分享会，职工交流读书心得，推动书香机关建设。",
        (15, 40),
    ),
    _Template(
        "宣传教育",
        "表彰荣誉",
        0.08,
        "honour",
        "{item}",
        "经上级评审，{item}，进一步激发了干部职工的创建热情。",
        None,
        pool=HONOURS,
    ),
    _Template(
        "志愿服务",
        "志愿服务",
        9,
        "series",
        "走进{place}开展学雷锋志愿服务",
        "组织志愿者走进{place}开展政策宣传、环境清洁和便民服务，服务社区居民。",
        (15, 40),
        3,
        places=tuple(COMMUNITIES),
    ),
    _Template(
        "志愿服务",
        "志愿服务",
        4,
        "weekly",
        "文明交通劝导志愿服务",
        "组织志愿者在辖区主要路口开展文明交通劝导，宣传文明出行知识。",
        (8, 16),
        2,
        places=tuple(CROSSINGS),
    ),
    _Template(
        "志愿服务",
        "志愿服务",
        1.5,
        "monthly",
        "关爱孤寡老人志愿服务",
        "走访慰问辖区孤寡老人，为老人打扫卫生、检测血压，送去生活用品。",
        (10, 20),
        3,
    ),
    _Template(
        "法治建设",
        "检查",
        6,
        "series",
        "深入{place}开展法律体检",
        "组织工会干部和律师深入{place}开展法律体检，检查劳动合同签订、工资支付、集体协商等情况，"
        "提出整改建议。",
        (6, 20),
        places=tuple(COMPANIES),
    ),
    _Template(
        "法治建设",
        "宣传",
        2,
        "monthly",
        "“送法下基层”法治宣传",
        "深入基层开展“送法下基层”法治宣传，发放宣传资料，解答职工法律咨询。",
        (60, 200),
    ),
    _Template(
        "法治建设",
        "活动",
        0.3,
        "once",
        "开展“12·4宪法宣传日”活动",
        "开展“12·4宪法宣传日”活动，设立咨询台、发放宣传资料，广泛宣传《宪法》。",
        (150, 260),
    ),
    _Template(
        "法治建设",
        "培训",
        1,
        "quarterly",
        "劳动法律知识讲座",
        "邀请律师为工会干部和职工讲解《劳动法》《劳动合同法》相关知识。",
        (40, 90),
    ),
    _Template(
        "环境建设",
        "检查",
        4,
        "weekly",
        "办公环境卫生检查",
        "检查各部室办公环境卫生和文明礼仪情况，对发现的问题现场反馈、限期整改。",
        (20, 30),
    ),
    _Template(
        "环境建设",
        "培训",
        0.6,
        "quarterly",
        "文明礼仪培训",
        "组织干部职工开展文明礼仪培训，规范接待、电话和办公礼仪。",
        (25, 40),
    ),
    _Template(
        "环境建设",
        "制度建设",
        0.2,
        "once",
        "修订机关文明礼仪和卫生管理制度",
        "修订完善文明礼仪、卫生、安全管理制度，明确检查标准和责任分工。",
        None,
    ),
)


def _dates(style: str, count: int, year: int, rng: random.Random) -> list[dt.date]:
    start = dt.date(year, 1, 1)
    if style == "weekly":
        step = max(1, 364 // max(count, 1))
        return [
            start + dt.timedelta(days=min(364, 3 + i * step + rng.randrange(2)))
            for i in range(count)
        ]
    if style == "monthly":
        return [
            dt.date(year, 1 + i % 12, min(28, 5 + (i // 12) * 7 + rng.randrange(3)))
            for i in range(count)
        ]
    if style == "quarterly":
        return [dt.date(year, 3 * (1 + i % 4), 20 - (i // 4) % 15) for i in range(count)]
    return sorted(start + dt.timedelta(days=rng.randrange(365)) for _ in range(count))


def realistic_rows(
    ledger: Ledger, count: int, year: int, seed: int = 2019
) -> list[dict[str, object]]:
    rng = random.Random(seed)
    area_by_name = {area.short_name: area.id for area in ledger.areas.all()}
    total = sum(t.weight for t in TEMPLATES)
    counts = [max(1, round(count * t.weight / total)) for t in TEMPLATES]
    while sum(counts) > count:  # trim the largest until the total is exact
        counts[counts.index(max(counts))] -= 1
    while sum(counts) < count:
        counts[counts.index(max(counts))] += 1
    now = utc_now()
    rows: list[dict[str, object]] = []
    for template, number in zip(TEMPLATES, counts, strict=True):
        if template.style == "honour":
            number = min(number, len(template.pool))
        for index, date in enumerate(_dates(template.style, number, year, rng)):
            place = template.places[index % len(template.places)] if template.places else ""
            item = template.pool[index % len(template.pool)] if template.pool else ""
            name = template.name.format(n=index + 1, place=place, item=item)
            if template.style == "pool" and index >= len(template.pool):
                name += f"（第{index // len(template.pool) + 1}场）"
            content = template.content.format(place=place, item=item)
            content += "".join(rng.sample(BOILERPLATE, rng.randrange(0, 3)))
            people = rng.randint(*template.people) if template.people else None
            rows.append(
                {
                    "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "area_id": area_by_name[template.area],
                    "date": date,
                    "end_date": None,
                    "name": name,
                    "kind": template.kind,
                    "location": place or rng.choice(("区总工会三楼会议室", "区职工活动中心", "")),
                    "organizer": rng.choice(("办公室", "宣教部", "法律工作部", "机关党支部")),
                    "participants": people,
                    "volunteer_hours": None
                    if template.hours is None or people is None
                    else template.hours * people,
                    "content": content,
                    "remarks": "",
                    "is_sample": False,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    return rows[:count]


def add_realistic_year(ledger: Ledger, count: int, year: int, seed: int = 2019) -> None:
    """Insert ``count`` entries of ``year`` shaped like a real office's ledger (bulk, fast)."""
    rows = realistic_rows(ledger, count, year, seed)
    with ledger.database.writing() as session:
        for chunk in range(0, len(rows), 5000):
            session.execute(insert(Entry), rows[chunk : chunk + 5000])
