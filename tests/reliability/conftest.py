"""Prints the reliability figures (kills survived, inputs tried) at the end of a run."""

from __future__ import annotations

import pytest

from tests.reliability.support import FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if any(FIGURES.values()):
        terminalreporter.write_line(
            f"reliability: {FIGURES['kills']} SIGKILLs during edits ({FIGURES['edits']} edits "
            "reported committed, all found), "
            f"{FIGURES['migration_kills']} during a migration, {FIGURES['import_kills']} during "
            f"an import and {FIGURES['restore_kills']} during a restore survived with nothing lost; "
            f"{FIGURES['inputs']} hostile or odd inputs tried"
        )
