"""wenming-cli as a script would use it; the GUI entry point's --smoke; the core stays Qt-free."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wenming_desktop import cli

ROOT = Path(__file__).resolve().parent.parent
CORE_MODULES = [
    "wenming_desktop",
    "wenming_desktop.cli",
    "wenming_desktop.app",
    "wenming_desktop.ledger",
    "wenming_desktop.actions.summary",
    "wenming_desktop.actions.ledger_print",
    "wenming_desktop.actions.statistics",
    "wenming_desktop.actions.backup",
    "wenming_desktop.actions.packages",
    "wenming_desktop.actions.sample",
    "wenming_desktop.books.sample",
    "wenming_desktop.books.stats",
    "wenming_desktop.store.migrate",
]


def run_cli(data_dir: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_demo_then_list_search_and_stats(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(data_dir, "demo", capsys=capsys)
    assert code == 0 and "已加载示例数据" in out
    code, out, _ = run_cli(data_dir, "demo", capsys=capsys)
    assert code == 0 and "未重复添加" in out

    code, out, _ = run_cli(data_dir, "list", "--year", "2019", "--json", capsys=capsys)
    rows = json.loads(out)
    assert code == 0 and len(rows) >= 30

    code, out, _ = run_cli(
        data_dir, "list", "--year", "2019", "--area", "志愿服务", "--json", capsys=capsys
    )
    volunteer = json.loads(out)
    assert volunteer and {row["area"] for row in volunteer} == {"志愿服务"}

    code, out, _ = run_cli(data_dir, "search", "普法", "--json", capsys=capsys)
    found = json.loads(out)
    assert code == 0 and found

    code, out, _ = run_cli(data_dir, "stats", "--year", "2019", "--json", capsys=capsys)
    stats = json.loads(out)
    assert stats["total"]["entries"] == len(rows)
    assert [a["area"] for a in stats["areas"]][:6] == [
        "组织领导",
        "理论学习",
        "宣传教育",
        "志愿服务",
        "法治建设",
        "环境建设",
    ]
    assert sum(a["entries"] for a in stats["areas"]) == len(rows)
    assert sum(m["entries"] for m in stats["months"]) == len(rows)
    assert stats["total"]["participants"] == sum(r["participants"] or 0 for r in rows)
    assert stats["total"]["volunteer_hours"] == pytest.approx(
        sum(r["volunteer_hours"] or 0 for r in rows)
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["list", "--year", "二〇一九"], "年份应为四位数字"),
        (["list", "--year", "1800"], "1949"),
        (["list", "--year", "2019", "--area", "不存在"], "没有名为“不存在”的工作板块"),
        (["list"], "缺少必需的参数"),
        (["frobnicate"], "无效的选择"),
        (["search", "  "], "请给出要查找的文字"),
    ],
)
def test_errors_are_one_chinese_line_and_exit_1(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    code, _out, err = run_cli(data_dir, *args, capsys=capsys)
    assert code == 1
    assert words in err
    assert len(err.strip().splitlines()) == 1


def test_help_is_chinese_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "加载2019年示例数据" in out


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}


def test_console_script_exits_1_with_chinese_on_bad_arguments(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wenming_desktop.cli", "--data-dir", str(tmp_path), "list"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        timeout=60,
    )
    assert result.returncode == 1
    assert "缺少必需的参数" in result.stderr


def test_smoke_prints_the_six_tabs_and_entry_count(tmp_path: Path) -> None:
    def smoke() -> dict[str, object]:
        result = subprocess.run(
            [sys.executable, "-m", "wenming_desktop", "--data-dir", str(tmp_path), "--smoke"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=_env(),
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    empty = smoke()
    assert empty["tabs"][:6] == [
        "组织领导",
        "理论学习",
        "宣传教育",
        "志愿服务",
        "法治建设",
        "环境建设",
    ]
    assert empty["entries"] == 0 and empty["startup_ms"] > 0
    assert cli.main(["--data-dir", str(tmp_path), "demo"]) == 0
    assert smoke()["entries"] >= 30


def test_core_never_imports_qt() -> None:
    code = (
        "import sys, importlib\n"
        f"for name in {CORE_MODULES!r}: importlib.import_module(name)\n"
        "qt = ('PySide6', 'shiboken6', 'pyqtgraph')\n"
        "leaks = [m for m in sys.modules if m.split('.')[0] in qt]\n"
        "print(','.join(leaks))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_layers_and_the_qt_boundary_hold() -> None:
    """The import contracts in pyproject.toml (layers; Qt only in gui/), as CI checks them."""
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_every_module_has_a_layer_and_only_the_window_may_use_qt() -> None:
    """A new module or package must be given its layer, and is under the Qt contract
    unless it is the window's."""
    import pkgutil
    import tomllib

    import wenming_desktop

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (qt_free,) = [
        contract["source_modules"]
        for contract in config["tool"]["importlinter"]["contracts"]
        if contract["type"] == "forbidden"
    ]
    modules = {
        f"wenming_desktop.{info.name}" for info in pkgutil.iter_modules(wenming_desktop.__path__)
    }
    window = {"wenming_desktop.gui", "wenming_desktop.app", "wenming_desktop.__main__"}
    assert set(qt_free) == modules - window
    (layers,) = [
        contract["layers"]
        for contract in config["tool"]["importlinter"]["contracts"]
        if contract["type"] == "layers"
    ]
    in_a_layer = {
        f"wenming_desktop.{name.strip()}" for layer in layers for name in layer.split("|")
    }
    assert in_a_layer == modules - {"wenming_desktop.__main__"}  # each module has its layer


def _fresh_python(code: str) -> str:
    """What ``code`` prints in a new interpreter (nothing imported yet); fails if it fails."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=90
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_window_frame_is_painted_before_sqlalchemy_is_imported() -> None:
    """Start-up paints the main window's frame first; that code must not pull in SQLAlchemy
    (≈ 0.3 s) — a top-level import of the ledger in a GUI module would undo it."""
    code = (
        "import sys\n"
        "import wenming_desktop.app, wenming_desktop.gui.application\n"
        "import wenming_desktop.gui.main_window\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))\n"
    )
    assert _fresh_python(code) == ""


def test_the_charts_are_preloaded_on_a_worker_thread() -> None:
    """After start-up the chart libraries are imported beside the GUI thread, which is
    left free: the first click on 统计 then only builds the charts."""
    code = (
        "import sys, threading\n"
        "from wenming_desktop.gui import stats_tab\n"
        "assert 'pyqtgraph' not in sys.modules\n"
        "seen = []\n"
        "real = stats_tab.importlib.import_module\n"
        "def spy(name):\n"
        "    seen.append((name, threading.current_thread().name))\n"
        "    return real(name)\n"
        "stats_tab.importlib.import_module = spy\n"
        "thread = stats_tab.preload_charts()\n"
        "thread.join(60)\n"
        "assert 'pyqtgraph' in sys.modules and stats_tab.CHART_MODULE in sys.modules\n"
        "print(seen[0])\n"
    )
    assert _fresh_python(code) == "('wenming_desktop.gui.chart_view', 'preload-charts')"
