"""A process killed in the middle of a schema migration leaves a usable file.

The child opens a database whose program knows one more (slow) migration than ours; we kill
it at random moments during the copy made before migrating and during the migration. After
every kill the file is either still at the old version with the old data, or fully
migrated, and the copy made before migrating holds the old data and restores.
"""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from app.domain.weeks import Week
from app.domain.zones import get_zone
from app.services.demo import fill_demo
from app.storage import backup
from app.storage.repository import Repository
from app.storage.schema import SCHEMA_VERSION
from tests.reliability.support import FIGURES, HERE, ROOT, child_env

ROWS = 60_000
KILLS = 12


def _child(db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(HERE / "migrate_child.py"), str(db), str(ROWS)],
        cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def _items(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, type, start_utc, text, notes FROM items ORDER BY id").fetchall()
    finally:
        conn.close()


def _state(db: Path) -> tuple[int, list[tuple[object, ...]]]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
        if version == SCHEMA_VERSION + 1:
            assert conn.execute("SELECT count(*) FROM bulk").fetchone()[0] == ROWS
            notes = {r[0] for r in conn.execute("SELECT notes FROM items")}
            assert all(n.startswith("migrated ") for n in notes)
        else:
            assert version == SCHEMA_VERSION, f"unexpected schema version {version}"
            assert "bulk" not in tables, "half a migration is visible"
    finally:
        conn.close()
    return version, _items(db)


def _check_backups(db: Path, original: list[tuple[object, ...]], scratch: Path) -> int:
    """Every pre-migration copy on disk is whole and old; the newest restores."""
    copies = sorted(db.parent.glob(f"{db.name}.schema{SCHEMA_VERSION}-*.bak"))
    for copy in copies:
        assert backup.verify(copy) == SCHEMA_VERSION
        assert _items(copy) == original
    if copies:
        copy = max(copies, key=lambda p: p.stat().st_mtime_ns)
        target = scratch / "restored.db"
        for p in scratch.glob("restored.db*"):
            p.unlink()
        shutil.copyfile(db, target)  # restore over a migrated (or half-migrated) file
        backup.restore(target, copy, now=datetime(2026, 11, 24, 12, 0))
        with Repository.open(target) as repo:
            assert repo.count() == len(original)
        assert _items(target) == original
    return len(copies)


@pytest.mark.slow
def test_kill_during_migration_leaves_old_or_new_file_and_a_good_copy(tmp_path: Path) -> None:
    pristine = tmp_path / "pristine.db"
    with Repository.open(pristine) as repo:
        fill_demo(repo, Week.parse("2026-W48", get_zone("Europe/Berlin")))
        # Weight, so that kills also land while the copy before migrating is written.
        repo.set_setting("reliability.padding", "x" * 8_000_000)
    original = _items(pristine)
    work = tmp_path / "work"
    scratch = tmp_path / "scratch"
    scratch.mkdir()

    def fresh() -> Path:
        if work.exists():
            shutil.rmtree(work)
        work.mkdir()
        shutil.copyfile(pristine, work / "presence.db")
        (work / "presence.db").chmod(0o600)  # a private file gets private copies
        return work / "presence.db"

    # How long an undisturbed migration takes on this machine.
    db = fresh()
    began = time.monotonic()
    proc = _child(db)
    out, err = proc.communicate(timeout=120)
    full = time.monotonic() - began
    assert proc.returncode == 0, err.decode()
    assert out.decode().strip() == f"migrated {SCHEMA_VERSION + 1}"
    assert _state(db)[0] == SCHEMA_VERSION + 1
    assert _check_backups(db, original, scratch) == 1
    copy = next(db.parent.glob(f"{db.name}.schema{SCHEMA_VERSION}-*.bak"))
    assert copy.stat().st_mode & 0o777 == 0o600

    rng = random.Random(48)
    outcomes = {"old": 0, "new": 0}
    db = fresh()
    for _ in range(KILLS):
        proc = _child(db)
        time.sleep(rng.uniform(0.1, full * 1.05))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        version, items = _state(db)
        if version == SCHEMA_VERSION:
            outcomes["old"] += 1
            assert items == original
            with Repository.open(db) as repo:  # today's Presence opens it as before
                assert repo.count() == len(original)
        else:
            outcomes["new"] += 1
            assert [i[:4] for i in items] == [i[:4] for i in original]
        _check_backups(db, original, scratch)
        FIGURES["migration_kills"] += 1
        if version != SCHEMA_VERSION:
            db = fresh()
    assert outcomes["old"] > 0, f"no kill landed before the migration committed: {outcomes}"


@pytest.mark.slow
def test_a_kill_while_the_copy_is_written_leaves_no_broken_copy(tmp_path: Path) -> None:
    """Killed the moment the pre-migration copy starts to appear: no half copy may remain
    under a name that looks like a finished backup."""
    db = tmp_path / "presence.db"
    with Repository.open(db) as repo:
        fill_demo(repo, Week.parse("2026-W48", get_zone("Europe/Berlin")))
        repo.set_setting("reliability.padding", "x" * 60_000_000)  # a copy that takes a while
    original = _items(db)
    for _ in range(3):
        before = set(tmp_path.iterdir())
        proc = _child(db)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if any(p.name.startswith((f"{db.name}.schema", f".{db.name}.schema"))
                   for p in set(tmp_path.iterdir()) - before):
                break
            time.sleep(0.001)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        FIGURES["migration_kills"] += 1
        assert _state(db) == (SCHEMA_VERSION, original)
        for copy in tmp_path.glob(f"{db.name}.schema{SCHEMA_VERSION}-*.bak"):
            assert backup.verify(copy) == SCHEMA_VERSION
            assert _items(copy) == original
