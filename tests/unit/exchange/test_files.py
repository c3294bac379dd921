"""Export files are written whole or not at all, with the user's usual permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.exchange.files import ExportWriteError, write_files_atomically


def test_files_are_written_with_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "week.csv"
    write_files_atomically([(target, "a,b\r\n")])
    assert target.read_bytes() == b"a,b\r\n"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_a_missing_folder_writes_none_of_the_files(tmp_path: Path) -> None:
    good = tmp_path / "one.csv"
    with pytest.raises(ExportWriteError, match="does not exist"):
        write_files_atomically([(good, "x"), (tmp_path / "missing" / "two.csv", "y")])
    assert list(tmp_path.iterdir()) == []  # not even a temporary file is left
