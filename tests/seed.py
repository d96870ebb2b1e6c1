"""What the reference 2019 summary (shared/seeds/000_bfd5ed0646b039a6.txt) fixes for the app."""

from pathlib import Path

AREA_NAMES = ["组织领导", "理论学习", "宣传教育", "志愿服务", "法治建设", "环境建设"]
HEADINGS = [
    "重视组织领导，认真履职尽责",
    "加强理论学习，加强思想引领",
    "发挥工会作用，加强宣传教育",
    "开展志愿服务，弘扬善行义举",
    "强化法治建设，培育法治文化",
    "强化环境建设，优化自身形象",
]
#: The section openings as printed: ``一、{heading}。``
SECTION_HEADINGS = [f"{n}、{h}。" for n, h in zip("一二三四五六", HEADINGS, strict=True)]
SEED_FILE = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_bfd5ed0646b039a6.txt"
