"""Helpers for the reliability tests: real processes, real files, and the figures we report.

The figures (kills survived, hostile inputs tried) are counted while the tests run and
printed at the end of the session; the README quotes them.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
FIGURES: dict[str, int] = {"kills": 0, "migration_kills": 0, "inputs": 0}
NOBODY = 65534


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PRESENCE_DB", None)
    env.update(extra)
    return env


def run_cli(*args: str, user: int | None = None, stdin: bytes | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`presence ARGS` in a real child process, optionally as another (unprivileged) user."""
    preexec: Callable[[], None] | None = None
    if user is not None:
        def preexec() -> None:
            os.setgid(user)
            os.setuid(user)
    return subprocess.run(
        [sys.executable, "-m", "app", *args], cwd=ROOT, env=child_env(), capture_output=True,
        input=None if stdin is None else stdin.decode("utf-8", "surrogateescape"),
        text=True, timeout=timeout, preexec_fn=preexec,
    )


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in a folder by name, with the SHA-256 of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir()) if p.is_file()
    }


def count_inputs(n: int = 1) -> None:
    FIGURES["inputs"] += n


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user can enter (pytest's tmp_path is private to root)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="presence-rel-"))
    folder.chmod(0o755)
    yield folder
    for p in folder.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    folder.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if any(FIGURES.values()):
        terminalreporter.write_line(
            f"reliability: {FIGURES['kills']} SIGKILLs during edits and "
            f"{FIGURES['migration_kills']} during a migration survived with nothing lost; "
            f"{FIGURES['inputs']} hostile or odd inputs tried"
        )
