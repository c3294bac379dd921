"""A `presence restore` killed at any moment leaves the old database or the restored one,
never a mix, and the copy of the old one it set aside is whole whenever it exists."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from app.domain.items import Post, PostKind
from app.domain.zones import get_zone
from app.storage import backup
from app.storage.repository import Repository
from tests.reliability.support import FIGURES, ROOT, child_env

BERLIN = get_zone("Europe/Berlin")
KILLS = 15


def _texts(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return [r[0] for r in conn.execute("SELECT text FROM items ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.slow
def test_a_killed_restore_leaves_the_old_or_the_restored_database(tmp_path: Path) -> None:
    db = tmp_path / "presence.db"
    at = datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN)
    with Repository.open(db) as repo:
        repo.add(Post("x", at, PostKind.OWN, text="in the copy"))
        repo.set_setting("reliability.padding", "x" * 30_000_000)  # copies take a while
    backup.daily_backup(db, today=date(2026, 11, 24))
    with Repository.open(db) as repo:
        repo.add(Post("x", at, PostKind.OWN, text="after the copy"))
    old, restored = ["in the copy", "after the copy"], ["in the copy"]

    def run() -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-m", "app", "restore", "--db", str(db), "2026-11-24"],
                                cwd=ROOT, env=child_env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)

    began = time.monotonic()
    _, err = run().communicate(timeout=120)
    full = time.monotonic() - began
    assert _texts(db) == restored, err.decode()
    with Repository.open(db) as repo:
        repo.add(Post("x", at, PostKind.OWN, text="after the copy"))
    began = time.monotonic()
    run().communicate(timeout=120)
    full = max(full, time.monotonic() - began)  # the slower of two: kills rather early
    rng = random.Random(11)
    outcomes = {"old": 0, "restored": 0}
    for _ in range(KILLS):
        if _texts(db) == restored:  # back to the state before a restore
            with Repository.open(db) as repo:
                repo.add(Post("x", at, PostKind.OWN, text="after the copy"))
        assert _texts(db) == old
        proc = run()
        time.sleep(rng.uniform(full * 0.4, full * 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        FIGURES["restore_kills"] += 1
        texts = _texts(db)
        assert texts in (old, restored), texts
        outcomes["old" if texts == old else "restored"] += 1
        if texts == old:
            continue
        # Restored: the old database was kept aside, whole, before the switch.
        asides = sorted((tmp_path / "backups").glob("presence-before-restore-*.db"))
        assert asides
        newest = max(asides, key=lambda p: p.stat().st_mtime_ns)
        assert backup.verify(newest) >= 1
        assert _texts(newest) == old
    for aside in (tmp_path / "backups").glob("presence-before-restore-*.db"):
        assert backup.verify(aside) >= 1
    assert outcomes["old"], outcomes  # kills did land before the switch
