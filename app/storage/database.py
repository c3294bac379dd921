"""Opening a Presence file safely: refuse what is not ours, back up before migrating.

A file we refuse is never written to: we look at it read-only first, and only switch to
WAL or migrate once we know it is a Presence database we understand.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from app.storage.errors import StorageError
from app.storage.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

_SQLITE_MAGIC = b"SQLite format 3\x00"
_BUSY_TIMEOUT_MS = 5000
_PAGE_SIZES = {1} | {2**n for n in range(9, 17)}


def _connect(uri: str) -> sqlite3.Connection:
    # Autocommit mode: every write opens its own explicit transaction (see Repository).
    conn = sqlite3.connect(
        uri, uri=True, isolation_level=None, timeout=_BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )
    conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    return conn


def _uri(path: Path, mode: str) -> str:
    quoted = str(path.resolve()).replace("?", "%3f").replace("#", "%23")
    return f"file:{quoted}?mode={mode}"


def inspect(path: Path) -> tuple[int, int]:
    """(application_id, user_version) of an existing file; StorageError if unusable."""
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except IsADirectoryError:
        raise StorageError(f"{path}: is a folder, not a database file") from None
    except PermissionError:
        raise StorageError(f"{path}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise StorageError(f"{path}: cannot be read ({exc.strerror})") from None
    if not head:
        raise StorageError(f"{path}: is an empty file, not a Presence database")
    if not head.startswith(_SQLITE_MAGIC) or len(head) < 100:
        raise StorageError(f"{path}: is not a Presence database (not an SQLite file)")
    page_size = int.from_bytes(head[16:18], "big")
    if page_size not in _PAGE_SIZES or head[21:24] != b"\x40\x20\x20":
        raise StorageError(f"{path}: is corrupt (its SQLite header is damaged)")
    if not Path(f"{path}-wal").exists():
        # Read the header ourselves: opening with SQLite would leave -wal/-shm files behind.
        return int.from_bytes(head[68:72], "big", signed=True), int.from_bytes(head[60:64], "big")
    try:
        conn = _connect(_uri(path, "ro"))
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _unreadable(path, exc) from None
    return app_id, version


def check(path: Path) -> int:
    """The schema version of an existing Presence file; StorageError if we must refuse it."""
    app_id, version = inspect(path)
    if app_id != APPLICATION_ID:
        raise StorageError(f"{path}: is an SQLite database of another program, not Presence")
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"{path}: was written by a newer Presence (schema {version}; "
            f"this version reads up to {SCHEMA_VERSION}); update Presence to open it"
        )
    if version < 1:
        raise StorageError(f"{path}: is an unfinished Presence database (schema 0)")
    return version


def backup_path(path: Path, version: int) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.schema{version}-{stamp}.bak")


def backup_to(conn: sqlite3.Connection, target: Path, mode: int | None = None) -> None:
    """A consistent copy with SQLite's online backup API.

    Written under a temporary name and renamed once complete and synced: a crash while
    copying must not leave a broken file that looks like the copy.
    """
    part = target.with_name(f".{target.name}.part")
    part.unlink(missing_ok=True)
    try:
        dest = sqlite3.connect(part)
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dest.close()
        if mode is not None:  # as private as the database it copies
            os.chmod(part, mode)
        fd = os.open(part, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _migrate(conn: sqlite3.Connection, start: int, path: Path) -> None:
    """Upgrade an existing file; a failure rolls back and is one line naming the file."""
    try:
        _apply_migrations(conn, start)
    except sqlite3.Error as exc:
        raise StorageError(
            f"{path}: cannot be upgraded from schema {start} to {SCHEMA_VERSION} ({exc}); "
            "the file is left as it was"
        ) from None


def _apply_migrations(conn: sqlite3.Connection, start: int) -> None:
    """Apply every migration after `start` in one transaction: all or nothing."""
    from app.storage.seed import seed_platforms

    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(start, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
        if start == 0:
            seed_platforms(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (ours hold no semicolons in strings)."""
    return [s.strip() for s in script.split(";") if s.strip()]


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")


def open_database(path: Path | str, *, create: bool = True, readonly: bool = False) -> sqlite3.Connection:
    """Open (or create) a Presence database, migrating it forward after a backup copy."""
    path = Path(path)
    if not path.exists():
        if not create or readonly:
            raise StorageError(f"{path}: no such database file")
        if not path.parent.is_dir():
            raise StorageError(f"{path}: cannot create the database, folder {path.parent} does not exist")
        try:
            conn = _connect(_uri(path, "rwc"))
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as exc:
            path.unlink(missing_ok=True)
            raise StorageError(f"{path}: cannot create the database ({exc})") from None
        _configure(conn)
        try:
            _apply_migrations(conn, 0)
        except sqlite3.Error as exc:
            conn.close()
            path.unlink(missing_ok=True)
            raise StorageError(f"{path}: cannot create the database ({exc})") from None
        return conn

    version = check(path)
    if readonly:
        return open_readonly(path)
    _check_writable(path)
    opened: sqlite3.Connection | None = None
    # Every refusal closes the connection at once: an open one keeps -wal/-shm files
    # beside a file we promised to leave untouched.
    try:
        conn = opened = _connect(_uri(path, "rw"))
        if version < SCHEMA_VERSION:
            backup_to(conn, backup_path(path, version), path.stat().st_mode & 0o777)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except sqlite3.OperationalError as exc:
        _close(opened)
        raise StorageError(f"{path}: cannot be opened for writing ({exc})") from None
    except sqlite3.DatabaseError as exc:
        _close(opened)
        raise StorageError(f"{path}: is corrupt or unreadable ({exc})") from None
    except OSError as exc:  # the copy before migrating could not be written
        _close(opened)
        raise StorageError(f"{path}: cannot write the copy before migrating ({exc.strerror})") from None
    if mode != "wal":
        conn.close()
        raise StorageError(f"{path}: cannot be opened for writing (journal stays {mode})")
    _configure(conn)
    _verify_readable(conn, path)
    if version < SCHEMA_VERSION:
        try:
            _migrate(conn, version, path)
        except BaseException:
            conn.close()  # rolled back already; leave nothing open beside the file
            raise
    return conn


def _close(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        conn.close()


def _check_writable(path: Path) -> None:
    """Refuse up front what SQLite would only notice at the first edit (a read-only file)
    or would half-notice after leaving -wal/-shm files behind (a read-only folder)."""
    if not os.access(path, os.W_OK):
        raise StorageError(f"{path}: is read-only; Presence needs to write to it (check its permissions)")
    if not os.access(path.parent, os.W_OK):
        raise StorageError(
            f"{path}: its folder {path.parent} is read-only; Presence needs to write beside the file"
        )


def open_readonly(path: Path) -> sqlite3.Connection:
    """A connection that only reads and leaves nothing behind.

    A read-only SQLite handle on a WAL file creates -wal/-shm files it cannot remove on
    close; so a file we may write is opened read-write with `query_only` (closing cleans
    up), and one we may not is opened immutable (nothing created beside it) unless a
    -wal with unsaved edits is there to be read.
    """
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        uri = _uri(path, "rw")
    elif Path(f"{path}-wal").exists():
        uri = _uri(path, "ro")
    else:
        uri = _uri(path, "ro") + "&immutable=1"
    conn: sqlite3.Connection | None = None
    try:
        conn = _connect(uri)
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error as exc:
        _close(conn)
        raise StorageError(f"{path}: cannot be read ({exc})") from None
    _verify_readable(conn, path)
    return conn


def _verify_readable(conn: sqlite3.Connection, path: Path) -> None:
    """Touch the schema and the items table so a damaged file fails now, not mid-edit."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        conn.execute("SELECT id FROM items ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _unreadable(path, exc) from None


def _unreadable(path: Path, exc: sqlite3.DatabaseError) -> StorageError:
    """A locked file is busy, not damaged: say so, or the user may think the data is lost."""
    if "locked" in str(exc) or "busy" in str(exc):
        return StorageError(f"{path}: is locked by another program (a restore, a copy?); "
                            "try again in a moment")
    return StorageError(f"{path}: is corrupt or unreadable ({exc})")
