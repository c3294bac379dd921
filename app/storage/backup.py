"""Daily copies of the database, kept for two weeks, and a safe way back to one of them.

The copies go to a `backups/` folder next to the database, one per day, made with
SQLite's online backup API so they are consistent even while the window writes. A copy is
written under a temporary name and renamed when complete, so a crash never leaves half a
backup that looks whole.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from app.storage.database import check, locate, open_readonly, private_file, uri
from app.storage.errors import StorageError

BACKUP_FOLDER = "backups"
KEEP_DAYS = 14
_DAILY = re.compile(r"^(?P<stem>.+)-(?P<day>\d{4}-\d{2}-\d{2})\.db$")


@dataclass(frozen=True, slots=True)
class Backup:
    """One daily copy: the day it was made and where it is."""

    day: date
    path: Path

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def backup_folder(db_path: Path | str) -> Path:
    return Path(db_path).parent / BACKUP_FOLDER


def daily_name(db_path: Path | str, day: date) -> Path:
    """`backups/presence-2026-11-24.db` for `presence.db` on 24 November 2026."""
    db_path = Path(db_path)
    return backup_folder(db_path) / f"{db_path.stem}-{day.isoformat()}.db"


def list_backups(db_path: Path | str) -> list[Backup]:
    """The daily copies of this database, newest first (files we did not make are ignored)."""
    folder = backup_folder(db_path)
    stem = Path(db_path).stem
    found: list[Backup] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = _DAILY.match(entry.name)
        if not match or match["stem"] != stem or not entry.is_file():
            continue
        try:
            day = date.fromisoformat(match["day"])
        except ValueError:
            continue
        found.append(Backup(day, entry))
    found.sort(key=lambda b: b.day, reverse=True)
    return found


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of `source` (WAL included) at `target`, replacing it atomically."""
    src = open_readonly(source)  # leaves no -wal/-shm beside a file nobody else has open
    try:
        _copy_from(src, source, target)
    finally:
        src.close()


def _copy_from(src: sqlite3.Connection, source: Path, target: Path) -> None:
    part = target.with_name(f".{target.name}.part")
    try:
        part.unlink(missing_ok=True)
        private_file(part)  # 0600 from its first byte: a copy in progress is never readable
        dest = sqlite3.connect(part)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            ok = dest.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dest.close()
        if ok != "ok":
            raise StorageError(f"{target}: the copy of {source} failed its check ({ok})")
        os.chmod(part, source.stat().st_mode & 0o777)  # a private planner keeps private copies
        _fsync(part)
        os.replace(part, target)
    except (sqlite3.Error, OSError) as exc:
        part.unlink(missing_ok=True)
        raise StorageError(f"{target}: cannot copy {source} ({exc})") from None


def daily_backup(
    db_path: Path | str, *, today: date | None = None, keep_days: int = KEEP_DAYS
) -> Path | None:
    """Make today's copy unless there is one already; drop copies older than `keep_days`.

    Returns the new copy, or None when today's copy exists or there is no database yet.
    Raises StorageError (one line) if the copy cannot be made; planning can go on anyway.
    """
    db_path = Path(db_path)
    today = today or date.today()
    if not db_path.is_file():
        return None
    check(db_path)  # never copy a file that is not a Presence database
    target = daily_name(db_path, today)
    made: Path | None = None
    if target.is_symlink() or (target.exists() and not target.is_file()):
        # Planted: following it would write the copy elsewhere, and its presence would
        # silently stop the daily copies.
        raise StorageError(f"{target}: is not a backup Presence made (a link or other file); "
                           "move it away so the daily copy can be made")
    if not target.exists():
        try:
            target.parent.mkdir(mode=0o700, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"{target.parent}: cannot make the backup folder ({exc.strerror})") from None
        copy_database(db_path, target)
        made = target
    prune(db_path, today=today, keep_days=keep_days)
    return made


def prune(db_path: Path | str, *, today: date, keep_days: int = KEEP_DAYS) -> list[Path]:
    """Delete daily copies made more than `keep_days` days before `today`; returns them."""
    oldest_kept = today - timedelta(days=keep_days - 1)
    removed: list[Path] = []
    # Half-written copies of a process that was killed: unfinished for over an hour.
    for stale in backup_folder(db_path).glob(f".{Path(db_path).stem}-*.part"):
        try:
            if time.time() - stale.stat().st_mtime > 3600:
                stale.unlink()
                removed.append(stale)
        except OSError:
            continue
    for backup in list_backups(db_path):
        if backup.day < oldest_kept:
            try:
                backup.path.unlink()
            except OSError:
                continue
            removed.append(backup.path)
    return removed


def verify(path: Path) -> int:
    """The schema version of a backup we may restore; StorageError if it is not usable."""
    version = check(path)
    conn = open_readonly(path)
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.Error as exc:
        raise StorageError(f"{path}: is corrupt or unreadable ({exc})") from None
    finally:
        conn.close()
    if result != "ok":
        raise StorageError(f"{path}: is damaged ({result})")
    return version


def restore(db_path: Path | str, source: Path | str, *, now: datetime | None = None) -> Path | None:
    """Put the copy `source` in place of the database; returns where the old file was kept.

    The current file is first copied aside into the backup folder (as
    `presence-before-restore-<time>.db`), then replaced in one atomic rename, so at every
    moment the database path holds either the old data or the restored data. Refused
    while another program has the database open.
    """
    db_path, source = Path(db_path), Path(source)
    # Through a symbolic link the real file is restored, and the link stays a link.
    db_path = locate(db_path) or db_path
    verify(source)
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise StorageError(f"{source}: is the database itself, not a backup of it")
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = backup_folder(db_path)
    aside: Path | None = None
    part = db_path.with_name(f".{db_path.name}.restoring")
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        copy_database(source, part)  # first, so that a failure here changes nothing
        with _exclusive(db_path) as conn:
            if db_path.exists():
                aside = folder / f"{db_path.stem}-before-restore-{stamp}.db"
                if conn is not None:
                    _copy_from(conn, db_path, aside)
                else:  # damaged: keep its bytes as they are
                    shutil.copyfile(db_path, aside)
                    if Path(f"{db_path}-wal").exists():
                        shutil.copyfile(f"{db_path}-wal", f"{aside}-wal")
            if db_path.exists():  # the restored file is as private as the one it replaces
                os.chmod(part, db_path.stat().st_mode & 0o777)
            for suffix in ("-wal", "-shm"):  # they belong to the old file
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
            _fsync(part)
            os.replace(part, db_path)
    except OSError as exc:
        raise StorageError(f"{db_path}: cannot restore ({exc.strerror or exc})") from None
    finally:
        part.unlink(missing_ok=True)
    return aside


class _exclusive:
    """Hold SQLite's exclusive lock on the database: proof that nobody else has it open.

    Every connection to a WAL database keeps a shared lock on the file, so the exclusive
    lock is only granted when no window or command is using it. Yields the locked
    connection (None when there is no file, or one SQLite cannot read).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn: sqlite3.Connection | None = None

    def __enter__(self) -> sqlite3.Connection | None:
        if not self.path.exists():
            return None
        try:
            check(self.path)
        except StorageError:
            return None  # damaged or foreign: replaced as a plain file
        try:
            self.conn = sqlite3.connect(
                uri(self.path, "rw"), uri=True, timeout=0.5, isolation_level=None
            )
            self.conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            self.conn.execute("BEGIN EXCLUSIVE")
            self.conn.execute("COMMIT")  # the lock stays: locking_mode is exclusive
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except sqlite3.OperationalError as exc:
            self._close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise StorageError(
                    f"{self.path}: is open in Presence or another program; close it, then restore"
                ) from None
            raise StorageError(f"{self.path}: cannot be locked for the restore ({exc})") from None
        return self.conn

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
