"""The window starts without importing the command line's sub-commands, and a command
imports its own module only (each costs start time: the export module alone ~30 ms)."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from app.cli.main import build_parser
args = build_parser(sys.argv[1:]).parse_known_args(sys.argv[1:])[0]
print(getattr(args, 'command', None) or '-', ' '.join(sorted(
    m for m in sys.modules if m.startswith(('app.cli.', 'app.services.export', 'app.sync')))))
"""


def _loaded(*argv: str) -> tuple[str, set[str]]:
    out = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True,
                         check=True).stdout.split()
    return out[0], set(out[1:])


def test_the_window_imports_no_sub_command() -> None:
    command, loaded = _loaded("--db", "lint")  # a file named like a command is still a file
    assert command == "-"
    assert not {m for m in loaded if m.endswith("_cmd")}
    assert "app.services.export" not in loaded and "app.sync.service" not in loaded


def test_a_command_imports_its_own_module_only() -> None:
    command, loaded = _loaded("--db", "x.db", "lint", "--week", "2026-W48")
    assert command == "lint"
    assert {m for m in loaded if m.endswith("_cmd")} == {"app.cli.lint_cmd"}
