"""Issue 18 in the window: a hostile database or row is one dialog line (printed on stderr
too) and exit 2, never a traceback; a good file still opens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.support import ROOT, child_env, count_inputs, demo_db
from tests.reliability.test_attack_sweep import HOSTILE_FILES, HOSTILE_ROWS

pytestmark = [pytest.mark.gui, pytest.mark.slow]

# Rows the window reads at once (the week shown, the platforms, accounts and goals): each
# must be refused in one line. Others may open; then nothing may crash either.
REFUSED_AT_OPEN = {"garbage rule", "crlf rule", "sub-daily rule", "bad counting", "bad limit",
                   "bad account use", "bad goal metric", "no settings table", "no platforms table",
                   "no goals table"}


def _window(db: Path, home: str | None = None) -> subprocess.CompletedProcess[str]:
    env = child_env(QT_QPA_PLATFORM="offscreen", PRESENCE_SMOKE="1")
    if home is not None:
        env["HOME"] = home
        env.pop("XDG_DATA_HOME", None)
    args = [] if home is not None else ["--db", str(db)]
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("what", [*HOSTILE_FILES, *HOSTILE_ROWS])
def test_the_window_on_a_hostile_database_is_one_line_never_a_traceback(what: str, tmp_path: Path) -> None:
    db = {**HOSTILE_FILES, **HOSTILE_ROWS}[what](tmp_path)
    result = _window(db)
    count_inputs()
    assert "Traceback" not in result.stderr, result.stderr
    if what in HOSTILE_FILES or what in REFUSED_AT_OPEN:
        lines = [line for line in result.stderr.strip().splitlines() if line.startswith("presence: ")]
        assert result.returncode == 2 and len(lines) == 1, (result.returncode, result.stderr)


def test_the_window_with_an_empty_home_says_so(tmp_path: Path) -> None:
    result = _window(tmp_path / "unused", home="")
    count_inputs()
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2 and "HOME" in result.stderr


def test_a_good_file_still_opens(tmp_path: Path) -> None:
    result = _window(demo_db(tmp_path / "presence.db"))
    assert result.returncode == 0, result.stderr
