"""Helpers for the reliability tests: real processes, real files, and the figures we report.

The figures (kills survived, hostile inputs tried) are counted in FIGURES while the tests
run; conftest.py prints them at the end of the session and the README quotes them.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from app.domain.weeks import Week
from app.domain.zones import get_zone
from app.services.demo import fill_demo
from app.storage.repository import Repository

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
FIGURES: dict[str, int] = {
    "kills": 0, "edits": 0, "migration_kills": 0, "import_kills": 0, "restore_kills": 0,
    "inputs": 0,
}

# The CSV header Presence writes, and a row it takes, for files the tests tamper with.
HEADER = ("type,date,time,timezone,platform,account,kind,status,duration_min,repeat,text,link,tags,notes"
          "\r\n")
GOOD_ROW = "post,2026-11-24,09:00,Europe/Berlin,x,,own,,,,A new plan,,,\r\n"


def demo_db(path: Path) -> Path:
    """A database at `path` holding the demo week 2026-W48 in Berlin."""
    with Repository.open(path) as repo:
        repo.set_setting("zone", "Europe/Berlin")
        fill_demo(repo, Week.parse("2026-W48", get_zone("Europe/Berlin")))
    return path


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PRESENCE_DB", None)
    env.update(extra)
    return env


def _drop_permission_override() -> None:
    """In the child: take away root's power to ignore file modes (CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH leave the bounding set, so the program we exec never has them).

    The tests run as root, where chmod alone does not stop a write; and the interpreter
    lives under /root, so switching to `nobody` is not an option.
    """
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def can_honour_permissions() -> str:
    """'' if a child process can be made to obey file modes, else why not (for a skip)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "read-only"
        probe.write_text("")
        probe.chmod(0o444)
        try:
            result = subprocess.run(
                [sys.executable, "-c", f"open({str(probe)!r}, 'a')"],
                preexec_fn=_drop_permission_override if os.geteuid() == 0 else None,
                capture_output=True, text=True,
            )
        except subprocess.SubprocessError as exc:
            return f"cannot take root's CAP_DAC_OVERRIDE away here ({exc})"
        if "PermissionError" not in result.stderr:
            return "file modes do not bind even without CAP_DAC_OVERRIDE here"
    return ""


def run_cli(*args: str, obey_modes: bool = False, stdin: bytes | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`presence ARGS` in a real child process; `obey_modes`: even as root, chmod binds it."""
    preexec: Callable[[], None] | None = None
    if obey_modes and os.geteuid() == 0:
        preexec = _drop_permission_override
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
