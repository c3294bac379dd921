"""`--db` is read wherever it stands: before the sub-command or after it (SPEC section 5)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def presence(*args: str, env_db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": "Europe/Berlin", "PRESENCE_DB": str(env_db)}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=env, timeout=60, check=False)


@pytest.mark.parametrize("where", ["before", "after"])
def test_db_given_before_or_after_the_command_is_the_file_used(tmp_path: Path, where: str) -> None:
    mine, other = tmp_path / "mine.db", tmp_path / "default.db"
    db = ["--db", str(mine)]
    args = [*db, "demo", "--week", "2026-W48"] if where == "before" else ["demo", *db, "--week", "2026-W48"]
    made = presence(*args, env_db=other)
    assert made.returncode == 0, made.stderr
    assert mine.exists()
    assert not other.exists(), "the demo week went into the default database instead of --db"

    linted = presence("--db", str(mine), "lint", "--week", "2026-W48", env_db=other)
    assert linted.returncode == 1, linted.stderr  # the demo week has findings
    assert "Week 2026-W48" in linted.stdout
