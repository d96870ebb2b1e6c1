"""The compiled forms in wenming_desktop/gui/forms match their Qt Designer .ui files."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "compile_forms", ROOT / "scripts" / "compile_forms.py"
)
assert _spec and _spec.loader
compile_forms = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compile_forms)

UI_FILES = sorted((ROOT / "ui").glob("*.ui"))


def _code_lines(source: str) -> list[str]:
    """Drop the generated header comment (it names the uic version)."""
    return [line for line in source.splitlines() if not line.startswith("#")]


def test_main_window_and_entry_dialog_have_forms() -> None:
    assert {path.name for path in UI_FILES} >= {"main_window.ui", "entry_dialog.ui"}


@pytest.mark.parametrize("ui_file", UI_FILES, ids=lambda path: path.name)
def test_compiled_form_is_current(ui_file: Path) -> None:
    compiled = compile_forms.target_for(ui_file)
    assert compiled.exists(), f"run: python scripts/compile_forms.py ({compiled.name} missing)"
    fresh = compile_forms.compile_form(ui_file)
    assert _code_lines(compiled.read_text(encoding="utf-8")) == _code_lines(fresh), (
        f"{compiled.name} is out of date: run python scripts/compile_forms.py"
    )
