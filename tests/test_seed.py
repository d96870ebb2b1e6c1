"""The headings the tests rely on are the reference document's own."""

import pytest

from tests.seed import SECTION_HEADINGS, SEED_FILE


def test_section_headings_are_the_seeds() -> None:
    if not SEED_FILE.exists():
        pytest.skip("the reference document (shared/seeds) is not beside this checkout")
    paragraphs = SEED_FILE.read_text(encoding="utf-8").splitlines()
    openings = [p for p in paragraphs if p[:2] in {h[:2] for h in SECTION_HEADINGS}]
    assert [
        p[: len(h)] for p, h in zip(openings, SECTION_HEADINGS, strict=True)
    ] == SECTION_HEADINGS
