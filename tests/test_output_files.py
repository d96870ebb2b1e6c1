"""Output files (PDF, Excel, Word, PNG, zip) get the permissions any program's new file gets."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from wenming_desktop.files import atomic_output

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


@pytest.fixture
def umask() -> Iterator[None]:
    """Restore the process umask the test sets."""
    before = os.umask(0o022)
    os.umask(before)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def write(target: Path) -> None:
    with atomic_output(target, suffixes=(".pdf",), what="台账") as temp:
        temp.write_bytes(b"%PDF-1.4\n")


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077, 0o027])
def test_a_new_output_file_respects_the_umask(umask: None, tmp_path: Path, mask: int) -> None:
    os.umask(mask)
    write(tmp_path / "台账.pdf")
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(b"")  # how any program's new file comes out
    assert mode(tmp_path / "台账.pdf") == 0o666 & ~mask == mode(plain)
    assert not list(tmp_path.glob(".wenming-*"))


def test_writing_over_a_file_keeps_its_permissions(umask: None, tmp_path: Path) -> None:
    os.umask(0o022)
    target = tmp_path / "台账.pdf"
    target.write_bytes(b"old")
    os.chmod(target, 0o664)  # shared with the office group on purpose
    write(target)
    assert target.read_bytes() == b"%PDF-1.4\n" and mode(target) == 0o664


def test_a_writer_that_replaces_the_temporary_file_does_not_leave_it_private(
    umask: None, tmp_path: Path
) -> None:
    import tempfile

    os.umask(0o022)
    target = tmp_path / "总结.pdf"
    with atomic_output(target, suffixes=(".pdf",), what="年度总结") as temp:
        handle, name = tempfile.mkstemp(dir=tmp_path)  # 0600, as some libraries do
        os.write(handle, b"%PDF")
        os.close(handle)
        os.replace(name, temp)
    assert mode(target) == 0o644


def test_an_exported_ledger_is_readable_by_the_office(
    umask: None, sample_ledger, tmp_path: Path
) -> None:
    from wenming_desktop.actions.ledger_print import LedgerChoice, export_ledger

    os.umask(0o022)
    target = tmp_path / "2019年活动台账.pdf"
    export_ledger(sample_ledger, LedgerChoice(2019, sample_ledger.areas.all()[0]), target)
    assert mode(target) == 0o644
