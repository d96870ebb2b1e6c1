"""Which font file prints which part of a document, and registering it with ReportLab.

Each role (title, body, headings, page number) is resolved in this order: the
clerk's choice in settings, Windows' own fonts, TrueType CJK fonts found on the
machine, and finally ReportLab's built-in ``STSong-Light`` (not embedded — the
PDF then depends on the reader, so the UI warns). ReportLab can only embed
TrueType outlines; OpenType/CFF fonts (most .otf, Noto CJK) are refused clearly.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from wenming_desktop.errors import describe_os_error

log = logging.getLogger(__name__)

# Images and streams are written binary, not ASCII85: ReportLab's pure-Python encoder took
# two thirds of the time of printing record sheets with photos, and made PDFs 25 % larger.
rl_config.useA85 = 0

ROLES = ("title", "body", "heading1", "heading2", "page_number")
ROLE_LABELS = {
    "title": "标题（小标宋）",
    "body": "正文（仿宋）",
    "heading1": "一级标题“一、”（黑体）",
    "heading2": "二级标题“（一）”（楷体）",
    "page_number": "页码（宋体）",
}
BUILTIN_FONT = "STSong-Light"
BUILTIN_WARNING = (
    "本机没有找到可嵌入的中文 TrueType 字体，PDF 暂用阅读器内置的宋体（STSong-Light），"
    "打印效果取决于打开它的软件。建议安装仿宋、黑体等字体，或在“设置 → 字体”中选择字体文件。"
)

# File names as installed on Windows (and copied to other systems), best first.
WINDOWS_FILES: dict[str, tuple[str, ...]] = {
    "title": (
        "方正小标宋简体.ttf",
        "fzxbsjw.ttf",
        "fzxbsjw--gb1-0.ttf",
        "simhei.ttf",
        "simsun.ttc",
    ),
    "body": ("仿宋_gb2312.ttf", "fs_gb2312.ttf", "simfang.ttf", "simsun.ttc"),
    "heading1": ("simhei.ttf", "msyh.ttc", "simsun.ttc"),
    "heading2": ("楷体_gb2312.ttf", "kt_gb2312.ttf", "simkai.ttf", "simfang.ttf", "simsun.ttc"),
    "page_number": ("simsun.ttc", "simsun.ttf", "simfang.ttf"),
}
#: The files that are the face GB/T 9704 asks for in each role; any other font is a
#: stand-in the clerk is told about.
PROPER_FILES: dict[str, tuple[str, ...]] = {
    "title": ("方正小标宋简体.ttf", "fzxbsjw.ttf", "fzxbsjw--gb1-0.ttf"),
    "body": ("仿宋_gb2312.ttf", "fs_gb2312.ttf", "simfang.ttf"),
    "heading1": ("simhei.ttf",),
    "heading2": ("楷体_gb2312.ttf", "kt_gb2312.ttf", "simkai.ttf"),
    "page_number": ("simsun.ttc", "simsun.ttf"),
}
# TrueType CJK fonts common on Linux and macOS, by the look closest to each role.
SYSTEM_FILES: dict[str, tuple[str, ...]] = {
    "title": ("wqy-microhei.ttc", "wqy-zenhei.ttc", "droidsansfallbackfull.ttf", "uming.ttc"),
    "body": (
        "uming.ttc",
        "ukai.ttc",
        "wqy-microhei.ttc",
        "wqy-zenhei.ttc",
        "droidsansfallbackfull.ttf",
    ),
    "heading1": ("wqy-microhei.ttc", "wqy-zenhei.ttc", "droidsansfallbackfull.ttf", "uming.ttc"),
    "heading2": ("ukai.ttc", "uming.ttc", "wqy-microhei.ttc", "droidsansfallbackfull.ttf"),
    "page_number": ("uming.ttc", "wqy-microhei.ttc", "droidsansfallbackfull.ttf"),
}


class FontProblem(Exception):
    """A font file that cannot be used; the message is for the clerk."""


@dataclass(frozen=True, slots=True)
class ResolvedFont:
    role: str
    font_name: str  # the name registered with ReportLab
    path: Path | None  # None for the built-in font
    subfont_index: int
    source: str  # "设置" / "Windows 字体" / "本机字体" / "内置"
    family: str

    @property
    def embedded(self) -> bool:
        return self.path is not None

    @property
    def stand_in(self) -> bool:
        """Not the face the rules ask for (and not the clerk's own choice)."""
        if self.source == "设置":
            return False
        return self.path is None or self.path.name.lower() not in PROPER_FILES[self.role]

    def describe(self) -> str:
        if self.path is None:
            return f"{self.family}（{self.source}，不嵌入）"
        index = f" #{self.subfont_index}" if self.subfont_index else ""
        return f"{self.family}（{self.source}）{self.path}{index}"


@dataclass(frozen=True, slots=True)
class FontSet:
    fonts: Mapping[str, ResolvedFont]
    problems: tuple[str, ...] = ()

    def __getitem__(self, role: str) -> ResolvedFont:
        return self.fonts[role]

    @property
    def warnings(self) -> list[str]:
        notes = list(self.problems)
        if any(not font.embedded for font in self.fonts.values()):
            notes.append(BUILTIN_WARNING)
        stand_ins = self.stand_ins()
        if stand_ins:
            notes.append(
                "本机缺少公文字体，以下部分改用其他字体打印："
                + "；".join(stand_ins)
                + "。可安装相应字体，或在“设置 → 字体”中选择字体文件。"
            )
        return notes

    def stand_ins(self) -> list[str]:
        """``标题（小标宋）→ 文泉驿微米黑`` for every role printed in a stand-in face."""
        return [
            f"{ROLE_LABELS[role]}→{font.family}"
            for role, font in self.fonts.items()
            if font.embedded and font.stand_in
        ]

    @property
    def all_embedded(self) -> bool:
        return all(font.embedded for font in self.fonts.values())


_lock = threading.RLock()


def parse_choice(choice: str) -> tuple[Path, int]:
    """A setting such as ``C:\\Windows\\Fonts\\simsun.ttc#1`` → path and sub-font index."""
    path, _sep, index = choice.partition("#")
    return Path(path), int(index) if index.isdigit() else 0


def _register(path: Path, index: int) -> tuple[str, str]:
    """Load and register a TrueType font once per process; return (name, family).

    Serialised: the settings dialog (GUI thread) and the document worker may ask at once.
    """
    with _lock:
        return _register_once(path, index)


@cache
def _register_once(path: Path, index: int) -> tuple[str, str]:
    if path.suffix.lower() == ".otf":
        raise FontProblem(
            f"字体“{path.name}”是 OpenType/CFF 格式，ReportLab 无法嵌入。"
            "请选择 .ttf 或 .ttc 格式的字体。"
        )
    name = f"WM{zlib.crc32(f'{path}#{index}'.encode()):08x}"
    try:
        font = TTFont(name, str(path), subfontIndex=index)
    except TTFError as error:
        if "postscript outlines" in str(error).lower():
            raise FontProblem(
                f"字体“{path.name}”使用 OpenType/CFF 轮廓，ReportLab 无法嵌入。"
                "请选择 TrueType（.ttf/.ttc）字体，例如仿宋、黑体。"
            ) from error
        raise FontProblem(f"字体“{path.name}”无法使用：{error}") from error
    except OSError as error:
        raise FontProblem(f"无法读取字体文件“{path}”：{describe_os_error(error)}") from error
    if font.face.charToGlyph.get(ord("中")) is None:
        raise FontProblem(f"字体“{path.name}”不含中文字形，不能用于打印总结。")
    pdfmetrics.registerFont(font)
    family = font.face.familyName
    if isinstance(family, bytes):
        family = family.decode("utf-8", "replace")
    return name, str(family or path.stem)


def _builtin() -> str:
    with _lock:
        if BUILTIN_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(BUILTIN_FONT))
    return BUILTIN_FONT


def windows_font_dirs() -> list[Path]:
    if sys.platform != "win32":
        return []
    dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def system_font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform == "darwin":
        return [Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library/Fonts"]
    if sys.platform == "win32":
        return []
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
    ]


def _index_files(dirs: Iterable[Path]) -> dict[str, Path]:
    """Lower-case file name → path, first found wins."""
    found: dict[str, Path] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for file in files:
                found.setdefault(file.lower(), Path(root) / file)
    return found


@cache
def _cached_index(dirs: tuple[Path, ...]) -> dict[str, Path]:
    return _index_files(dirs)


def resolve_fonts(
    choices: Mapping[str, str] | None = None,
    *,
    windows_dirs: Iterable[Path] | None = None,
    system_dirs: Iterable[Path] | None = None,
) -> FontSet:
    """Pick and register a font for every role; never fails (the built-in font is last)."""
    choices = choices or {}
    windows = _cached_index(tuple(windows_font_dirs() if windows_dirs is None else windows_dirs))
    system = _cached_index(tuple(system_font_dirs() if system_dirs is None else system_dirs))
    problems: list[str] = []
    resolved: dict[str, ResolvedFont] = {}
    for role in ROLES:
        candidates: list[tuple[Path, int, str]] = []
        if choices.get(role):
            path, index = parse_choice(choices[role])
            candidates.append((path, index, "设置"))
        candidates += [(windows[f], 0, "Windows 字体") for f in WINDOWS_FILES[role] if f in windows]
        candidates += [(system[f], 0, "本机字体") for f in SYSTEM_FILES[role] if f in system]
        for path, index, source in candidates:
            try:
                name, family = _register(path, index)
            except FontProblem as problem:
                if source == "设置":
                    problems.append(f"{ROLE_LABELS[role]}：{problem}")
                log.info("Font %s unusable for %s: %s", path, role, problem)
                continue
            resolved[role] = ResolvedFont(role, name, path, index, source, family)
            break
        else:
            resolved[role] = ResolvedFont(role, _builtin(), None, 0, "内置", "STSong-Light")
    return FontSet(resolved, tuple(problems))


def missing_characters(text: str, font: ResolvedFont) -> list[str]:
    """Characters of ``text`` the font has no glyph for (they would print as blanks)."""
    if font.path is None:
        return []  # the reader supplies the built-in font; we cannot tell
    face = pdfmetrics.getFont(font.font_name).face
    seen: dict[str, None] = {}
    for char in text:
        if char.isspace() or char in seen:
            continue
        if ord(char) not in face.charToGlyph:
            seen[char] = None
    return list(seen)


def check_font_file(path: Path, index: int = 0) -> str:
    """Validate a font the clerk picked; returns its family name or raises FontProblem."""
    return _register(path, index)[1]
