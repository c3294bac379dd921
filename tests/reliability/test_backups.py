"""Daily copies kept for 14 days, and `presence restore` to get one back."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.domain.items import Post, PostKind
from app.domain.zones import get_zone
from app.storage import backup
from app.storage.errors import StorageError
from app.storage.repository import Repository
from tests.reliability.support import run_cli, snapshot

BERLIN = get_zone("Europe/Berlin")
DAY = date(2026, 11, 24)


def _post(text: str) -> Post:
    return Post("x", datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN), PostKind.OWN, text=text)


def _texts(path: Path) -> list[str]:
    with Repository.open(path, readonly=True) as repo:
        return sorted(
            p.text for p in repo.items_between(
                datetime(2026, 1, 1, tzinfo=BERLIN), datetime(2027, 1, 1, tzinfo=BERLIN))[0]
        )


def test_daily_copy_is_made_once_a_day_while_the_database_is_open(db_path: Path) -> None:
    with Repository.open(db_path) as repo:
        repo.add(_post("monday plan"))
        first = backup.daily_backup(db_path, today=DAY)  # while the window holds it open
        repo.add(_post("written after the copy"))
        assert backup.daily_backup(db_path, today=DAY) is None  # once a day only
    assert first == db_path.parent / "backups" / "presence-2026-11-24.db"
    assert _texts(first) == ["monday plan"]
    assert backup.verify(first) >= 1
    # A self-contained file: no -wal needed to read it, no temporary file left behind.
    assert sorted(p.name for p in first.parent.iterdir()) == ["presence-2026-11-24.db"]
    nxt = backup.daily_backup(db_path, today=DAY + timedelta(days=1))
    assert nxt is not None and _texts(nxt) == ["monday plan", "written after the copy"]


def test_a_copy_of_a_closed_database_leaves_nothing_beside_it(db_path: Path) -> None:
    with Repository.open(db_path) as repo:
        repo.add(_post("plan"))
    before = snapshot(db_path.parent)
    copy = backup.daily_backup(db_path, today=DAY)
    assert copy is not None and _texts(copy) == ["plan"]
    after = snapshot(db_path.parent)
    assert after == before  # no -wal or -shm left beside the database


def test_copies_are_as_private_as_the_database(db_path: Path) -> None:
    Repository.open(db_path).close()
    db_path.chmod(0o600)
    copy = backup.daily_backup(db_path, today=DAY)
    assert copy is not None and copy.stat().st_mode & 0o777 == 0o600


def test_copies_are_kept_fourteen_days(db_path: Path) -> None:
    Repository.open(db_path).close()
    start = date(2026, 11, 1)
    for n in range(30):
        backup.daily_backup(db_path, today=start + timedelta(days=n))
    days = [b.day for b in backup.list_backups(db_path)]
    last = start + timedelta(days=29)
    assert days == [last - timedelta(days=n) for n in range(14)]
    # Files that are not daily copies of this database are never deleted.
    stranger = db_path.parent / "backups" / "notes.txt"
    other_db = db_path.parent / "backups" / "other-2020-01-01.db"
    stranger.write_text("mine")
    other_db.write_bytes(b"x")
    backup.daily_backup(db_path, today=last + timedelta(days=3))
    assert stranger.exists() and other_db.exists()
    # One new copy; the ones made before 20 November are now more than 14 days old.
    assert [b.day for b in backup.list_backups(db_path)][-1] == date(2026, 11, 20)
    assert len(backup.list_backups(db_path)) == 12


def test_half_written_copies_of_a_killed_process_are_cleared(db_path: Path) -> None:
    Repository.open(db_path).close()
    backup.daily_backup(db_path, today=DAY)
    folder = db_path.parent / "backups"
    stale = folder / ".presence-2026-11-23.db.part"
    fresh = folder / ".presence-before-restore-20261124-120000.db.part"  # maybe being written
    for path in (stale, fresh):
        path.write_bytes(b"half a copy")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    backup.daily_backup(db_path, today=DAY)
    assert not stale.exists() and fresh.exists()


def test_no_copy_of_a_file_that_is_not_a_presence_database(tmp_path: Path) -> None:
    foreign = tmp_path / "presence.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(StorageError, match="another program"):
        backup.daily_backup(foreign, today=DAY)
    assert not (tmp_path / "backups").exists()
    assert backup.daily_backup(tmp_path / "missing.db", today=DAY) is None


def test_restore_keeps_the_current_file_aside_and_is_refused_while_open(db_path: Path) -> None:
    with Repository.open(db_path) as repo:
        repo.add(_post("good plan"))
    copy = backup.daily_backup(db_path, today=DAY)
    assert copy is not None
    with Repository.open(db_path) as repo:
        repo.add(_post("mistake"))
        with pytest.raises(StorageError, match="is open in Presence or another program"):
            backup.restore(db_path, copy)
        repo.add(_post("still editing"))  # the refused restore changed nothing
    db_path.chmod(0o600)
    aside = backup.restore(db_path, copy, now=datetime(2026, 11, 24, 18, 30))
    assert db_path.stat().st_mode & 0o777 == 0o600
    assert aside == db_path.parent / "backups" / "presence-before-restore-20261124-183000.db"
    assert _texts(db_path) == ["good plan"]
    assert _texts(aside) == ["good plan", "mistake", "still editing"]
    assert not Path(f"{db_path}-wal").exists() or Path(f"{db_path}-wal").stat().st_size == 0
    with Repository.open(db_path) as repo:  # and it is a normal, writable database again
        repo.add(_post("after the restore"))
    assert _texts(db_path) == ["after the restore", "good plan"]


def test_restore_replaces_a_damaged_file_and_keeps_its_bytes(db_path: Path) -> None:
    with Repository.open(db_path) as repo:
        repo.add(_post("good plan"))
    copy = backup.daily_backup(db_path, today=DAY)
    assert copy is not None
    db_path.write_bytes(b"garbage" * 1000)
    aside = backup.restore(db_path, copy, now=datetime(2026, 11, 25, 8, 0))
    assert aside is not None and aside.read_bytes() == b"garbage" * 1000
    assert _texts(db_path) == ["good plan"]


def test_a_bad_backup_is_refused_and_nothing_changes(db_path: Path, tmp_path: Path) -> None:
    with Repository.open(db_path) as repo:
        repo.add(_post("current"))
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = snapshot(tmp_path)
    with pytest.raises(StorageError):
        backup.restore(db_path, bad)
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_restore_from_the_command_line(db_path: Path) -> None:
    with Repository.open(db_path) as repo:
        repo.add(_post("kept plan"))
    backup.daily_backup(db_path, today=date(2026, 11, 23))
    with Repository.open(db_path) as repo:
        repo.add(_post("second plan"))
    backup.daily_backup(db_path, today=DAY)
    with Repository.open(db_path) as repo:
        repo.add(_post("regretted"))

    listing = run_cli("restore", "--db", str(db_path), "--list")
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert "2026-11-24" in lines[1] and "2026-11-23" in lines[2]

    missing = run_cli("restore", "--db", str(db_path), "2026-10-01")
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines() == [
        "presence: 2026-10-01: no such backup (daily copies: 2026-11-24, 2026-11-23)"
    ]
    assert _texts(db_path) == ["kept plan", "regretted", "second plan"]

    done = run_cli("restore", "--db", str(db_path), "2026-11-23")
    assert done.returncode == 0, done.stderr
    assert _texts(db_path) == ["kept plan"]
    aside = next((db_path.parent / "backups").glob("presence-before-restore-*.db"))
    assert str(aside) in done.stdout
    assert _texts(aside) == ["kept plan", "regretted", "second plan"]
    listing = run_cli("restore", "--db", str(db_path), "--list")
    assert listing.stdout.splitlines()[-2:] == [
        "Kept before a restore (restore one by its path):", f"  {aside}  {aside.stat().st_size // 1024} KB"]
    # The one set aside is itself restorable by path.
    back = run_cli("restore", "--db", str(db_path), str(aside))
    assert back.returncode == 0, back.stderr
    assert _texts(db_path) == ["kept plan", "regretted", "second plan"]


def test_restore_is_refused_while_another_process_has_the_database_open(db_path: Path) -> None:
    with Repository.open(db_path) as repo:
        repo.add(_post("plan"))
    backup.daily_backup(db_path, today=DAY)
    with Repository.open(db_path) as repo:
        repo.add(_post("open in the window"))
        result = run_cli("restore", "--db", str(db_path), "2026-11-24")
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1
        assert "is open in Presence or another program" in result.stderr
        repo.add(_post("the window goes on"))
    assert _texts(db_path) == ["open in the window", "plan", "the window goes on"]
