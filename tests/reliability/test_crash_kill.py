"""A process killed with SIGKILL in the middle of editing loses nothing it had committed.

A child process edits one real database file through the Repository and reports every
commit on stdout; we kill it at random moments (during start-up, opening, and mostly in
the middle of edits), over and over, and after every kill check the file.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.storage.repository import Repository
from tests.reliability.support import FIGURES, HERE, ROOT, child_env

KILLS = 120


class Ledger:
    """What the children reported as committed, replayed in order."""

    def __init__(self) -> None:
        self.present: set[int] = set()
        self.deleted: set[int] = set()
        self.version: dict[int, int] = {}
        self.reported = 0

    def apply(self, lines: list[str], stored: dict[int, str]) -> None:
        pending: int | None = None
        for line in lines:
            parts = line.split()
            if parts[0] == "?":
                pending = int(parts[2])
                continue
            self.reported += 1
            item_id = int(parts[1])
            if parts[0] == "A":
                self.present.add(item_id)
                self.deleted.discard(item_id)
                self.version.pop(item_id, None)
            elif parts[0] == "U":
                self.version[item_id] = int(parts[2])
            elif parts[0] == "D":
                self.present.discard(item_id)
                self.deleted.add(item_id)
                self.version.pop(item_id, None)
                pending = None
        if pending is not None and pending not in stored:
            # Killed between the commit of a delete and its report: either outcome is fine.
            self.present.discard(pending)
            self.deleted.add(pending)
            self.version.pop(pending, None)

    def problems(self, stored: dict[int, str]) -> list[str]:
        out = [f"item {i} was reported added but is gone" for i in self.present - stored.keys()]
        out += [f"item {i} was reported deleted but is back" for i in self.deleted & stored.keys()]
        for item_id, version in self.version.items():
            text = stored.get(item_id, "")
            if not text.startswith("v") or int(text[1:]) < version:
                out.append(f"item {item_id} lost its update v{version} (has {text!r})")
        return out


class Child:
    """A crash_child.py process whose stdout is drained by a thread as it runs."""

    def __init__(self, db: Path, seed: int, version: int, *, shared: bool = False) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "crash_child.py"), str(db), str(seed), str(version)]
            + (["shared"] if shared else []),
            cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        self.chunks: list[bytes] = []
        assert self.proc.stdout is not None
        stdout = self.proc.stdout

        self.ready = threading.Event()

        def drain() -> None:  # keep the pipe empty so the child never blocks on a print
            for chunk in iter(lambda: stdout.read1(65536), b""):
                self.chunks.append(chunk)
                self.ready.set()  # "ready" comes first: the database is open

        self.reader = threading.Thread(target=drain)
        self.reader.start()

    def kill(self) -> list[str]:
        """SIGKILL it; the lines it had reported complete before dying."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.reader.join(timeout=30)
        assert self.proc.stderr is not None and self.proc.stdout is not None
        errors = self.proc.stderr.read().decode()
        self.proc.stdout.close()
        self.proc.stderr.close()
        assert self.proc.returncode == -signal.SIGKILL, f"the child ended by itself: {errors}"
        text = b"".join(self.chunks).decode()
        complete = text[: text.rfind("\n") + 1]  # a line cut by the kill was never reported
        return [line for line in complete.splitlines() if line and line != "ready"]


def _run_and_kill(db: Path, seed: int, version: int, delay: float, *, when_ready: bool) -> list[str]:
    """Kill `delay` seconds after the start, or after the child opened the database (so
    that a slow, shared machine still has the kill land in the middle of edits)."""
    child = Child(db, seed, version)
    if when_ready:
        assert child.ready.wait(timeout=60), "the child never opened the database"
    time.sleep(delay)
    return child.kill()


def _stored(db: Path) -> dict[int, str]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return dict(conn.execute("SELECT id, text FROM items").fetchall())
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_committed_edit(tmp_path: Path) -> None:
    db = tmp_path / "presence.db"
    Repository.open(db).close()
    rng = random.Random(20261124)
    ledger = Ledger()
    for round_no in range(KILLS):
        # Mostly in the middle of edits; now and then while Python or the file opens.
        starting = round_no % 5 == 0
        lines = _run_and_kill(db, seed=round_no, version=(round_no + 1) * 10**8,
                              delay=rng.uniform(0.0, 0.25), when_ready=not starting)
        stored = _stored(db)
        ledger.apply(lines, stored)
        assert ledger.problems(stored) == [], f"after kill {round_no + 1}"
        with Repository.open(db) as repo:  # opens in Presence, and reads whole items
            for item_id in list(ledger.present)[:20]:
                assert repo.get(item_id) is not None
        FIGURES["kills"] += 1
        FIGURES["edits"] += len([line for line in lines if not line.startswith("?")])
    # The kills did land in the middle of work, not only before it started.
    assert ledger.reported > KILLS * 50
    assert len(ledger.present) > 100


IMPORT_ROWS = 3000
IMPORT_KILLS = 20


def _import_file(path: Path) -> None:
    header = "type,date,time,timezone,platform,account,kind,status,duration_min,repeat,text,link,tags,notes"
    rows = [
        f"post,2026-11-{23 + n % 7},{8 + n % 12:02d}:{n % 60:02d},Europe/Berlin,x,@me,own,,,,"
        f"Post number {n},https://example.com/{n},tag;other,"
        for n in range(IMPORT_ROWS)
    ]
    path.write_text("\r\n".join([header, *rows]) + "\r\n", encoding="utf-8")


@pytest.mark.slow
def test_sigkill_during_an_import_leaves_all_rows_or_none(tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    _import_file(source)
    pristine = tmp_path / "pristine.db"
    Repository.open(pristine).close()
    db = tmp_path / "presence.db"

    def run() -> subprocess.Popen[bytes]:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        db.write_bytes(pristine.read_bytes())
        return subprocess.Popen([sys.executable, "-m", "app", "import", str(source), "--db", str(db)],
                                cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    began = time.monotonic()
    proc = run()
    _, err = proc.communicate(timeout=120)
    full = time.monotonic() - began
    assert proc.returncode == 0, err.decode()
    rng = random.Random(3)
    outcomes = {0: 0, IMPORT_ROWS: 0}
    for _ in range(IMPORT_KILLS):
        proc = run()
        time.sleep(rng.uniform(full * 0.3, full * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            count = conn.execute("SELECT count(*) FROM items").fetchone()[0]
            accounts = conn.execute("SELECT count(*) FROM accounts").fetchone()[0]
        conn.close()
        assert count in outcomes, f"a killed import left {count} of {IMPORT_ROWS} rows"
        assert accounts == (1 if count else 0)
        outcomes[count] += 1
        FIGURES["import_kills"] += 1
    assert outcomes[0] > 0, outcomes  # some kills did land before the commit


@pytest.mark.slow
def test_two_processes_editing_at_once_wait_for_each_other_and_lose_nothing(tmp_path: Path) -> None:
    """Two writers on one file (the window and `presence import`, say): neither fails with
    "database is locked", and every edit either one reported is there."""
    db = tmp_path / "presence.db"
    Repository.open(db).close()
    ledgers = [Ledger(), Ledger()]
    for round_no in range(5):
        children = [Child(db, seed=100 + 2 * round_no + n, version=(round_no + 1) * 10**8,
                          shared=True) for n in range(2)]
        for child in children:
            assert child.ready.wait(timeout=60), "a child never opened the database"
        time.sleep(1.0)
        outputs = [child.kill() for child in children]  # each asserts it did not die by itself
        stored = _stored(db)
        for ledger, lines in zip(ledgers, outputs, strict=True):
            ledger.apply(lines, stored)
            assert ledger.problems(stored) == []
        FIGURES["kills"] += 2
        FIGURES["edits"] += sum(len(lines) for lines in outputs)
    assert all(ledger.reported > 1000 for ledger in ledgers)
