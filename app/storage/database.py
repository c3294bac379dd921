"""Opening a Presence file safely: refuse what is not ours, back up before migrating.

A file we refuse is never written to: we look at it read-only first, and only switch to
WAL or migrate once we know it is a Presence database we understand.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from datetime import datetime
from functools import partial
from pathlib import Path
from urllib.parse import quote

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
    defend(conn)
    conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    return conn


def defend(conn: sqlite3.Connection) -> None:
    """SQLite's settings for files that may have been tampered with: functions and virtual
    tables named in the schema do not run, and (where Python exposes it, 3.12 on) the
    schema cannot be written to directly."""
    conn.execute("PRAGMA trusted_schema = OFF")
    defensive = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
    if defensive is not None and hasattr(conn, "setconfig"):
        conn.setconfig(defensive, True)


def uri(path: Path, mode: str) -> str:
    """A `file:` URI naming exactly `path`: every byte SQLite would decode is percent-encoded,
    so `My%20plans.db` opens `My%20plans.db`, never `My plans.db`."""
    return f"file:{quote(os.fsencode(path.resolve()), safe='/')}?mode={mode}"


_uri = uri


def locate(path: Path) -> Path | None:
    """The regular file a database path names (symbolic links followed), or None when there
    is nothing at that path yet; StorageError for what Presence must not open or create.

    A FIFO would block every read; a dangling link would make us create a file somewhere
    the user did not name, and deleting it after a failure would delete the link.
    """
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StorageError(f"{path}: cannot be opened ({exc.strerror})") from None
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise StorageError(f"{path}: is a symbolic link to {os.readlink(path)}, which does not exist; "
                           "Presence does not create a database through a link") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StorageError(f"{path}: is a symbolic link that loops back on itself") from None
        raise StorageError(f"{path}: cannot be opened ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise StorageError(f"{path}: is a folder, not a database file")
    if not stat.S_ISREG(info.st_mode):
        raise StorageError(f"{path}: is not a regular file (a FIFO, device or socket); "
                           "Presence opens only database files")
    return Path(os.path.realpath(path)) if stat.S_ISLNK(link.st_mode) else path


# -- the schema as Presence makes it ------------------------------------------------------

_EXPECTED: dict[tuple[int, int], frozenset[tuple[str, str, str]]] = {}


def expected_schema(version: int) -> frozenset[tuple[str, str, str]]:
    """(type, name, table) of every object migrations 0..version create, built once in memory."""
    key = (version, len(MIGRATIONS))
    if key not in _EXPECTED:
        conn = sqlite3.connect(":memory:")
        try:
            try:
                for index in range(version):
                    for statement in _statements(MIGRATIONS[index]):
                        conn.execute(statement)
            except sqlite3.Error:
                pass  # a migration that cannot apply makes nothing (it fails on the file too)
            _EXPECTED[key] = _objects(conn)
        finally:
            conn.close()
    return _EXPECTED[key]


def _objects(conn: sqlite3.Connection) -> frozenset[tuple[str, str, str]]:
    rows = conn.execute("SELECT type, name, tbl_name FROM sqlite_schema").fetchall()
    # SQLite's own objects (autoindexes, sqlite_sequence, sqlite_stat1) are not ours to judge.
    return frozenset((str(t), str(n), str(tbl)) for t, n, tbl in rows if not str(n).startswith("sqlite_"))


def verify_schema(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Refuse a file whose tables, indexes, triggers or views are not exactly those Presence
    makes for its schema version: a planted trigger or view would run with our writes and
    reads, and a missing table would fail halfway through a command."""
    try:
        found = _objects(conn)
    except sqlite3.DatabaseError as exc:
        raise _unreadable(path, exc) from None
    wanted = expected_schema(version)
    # An object a later Presence makes is not foreign (a read-only look at a file some
    # newer tables were taken out of); triggers and views no Presence makes at all.
    known = wanted | expected_schema(SCHEMA_VERSION)
    extra = sorted(found - known)
    missing = sorted(wanted - found)
    if not extra and not missing:
        return
    if extra:
        kind, name, _ = extra[0]
        what = f"{kind} {name!r} is not one Presence makes"
    else:
        kind, name, _ = missing[0]
        what = f"its {kind} {name!r} is missing"
    more = len(extra) + len(missing) - 1
    others = "" if not more else f", and {more} other difference{'s' if more > 1 else ''}"
    raise StorageError(f"{path}: its schema is not Presence's ({what}{others}); it was changed by "
                       "another program, and Presence will not open it")


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
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if not wal.exists():
        # Read the header ourselves: opening with SQLite would leave -wal/-shm files behind.
        return int.from_bytes(head[68:72], "big", signed=True), int.from_bytes(head[60:64], "big")
    # A -wal with no -shm beside it belongs to no open connection (each keeps the -shm):
    # left by a crash, or copied from another file. SQLite would merge it into this one
    # whatever file it came from, so it must prove itself first.
    stale = wal.stat().st_size > 0 and not shm.exists()
    try:
        conn = _connect(_uri(path, "ro"))
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0] if stale else "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if stale:
            _forget(shm)
            raise StorageError(f"{path}: its -wal file {wal} does not belong to it ({exc}); move the "
                               "-wal away to open the file as it was last saved") from None
        raise _unreadable(path, exc) from None
    if verdict != "ok":
        _forget(shm)
        raise StorageError(f"{path}: its -wal file {wal} does not belong to it (with it the file fails "
                           "its check); move the -wal away to open the file as it was last saved")
    return app_id, version


def _forget(shm: Path) -> None:
    """Remove the -shm our own read-only look made (there was none before it)."""
    shm.unlink(missing_ok=True)


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
        private_file(part)
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


def private_file(path: Path) -> None:
    """Create `path` empty and readable by its owner only, before SQLite writes a byte to it
    (SQLite would create it under the umask, and a copy in progress would be readable)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))


def _migrate(conn: sqlite3.Connection, start: int, path: Path) -> None:
    """Upgrade an existing file; a failure rolls back and is one line naming the file."""
    try:
        _apply_migrations(conn, start)
    except sqlite3.Error as exc:
        raise StorageError(
            f"{path}: cannot be upgraded from schema {start} to {SCHEMA_VERSION} ({_sqlite_why(exc)}); "
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
        if conn.in_transaction:  # SQLite may have rolled back already (a full disk)
            conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (ours hold no semicolons in strings)."""
    return [s.strip() for s in script.split(";") if s.strip()]


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")


def create_aside(path: Path) -> Path:
    """A new, empty Presence database beside `path`, under a name of its own, private (0600)
    from its first byte; `publish` then puts it at `path` only if nothing is there yet."""
    if not path.parent.is_dir():
        raise StorageError(f"{path}: cannot create the database, folder {path.parent} does not exist")
    for attempt in range(100):
        aside = path.with_name(f".{path.name}.new-{os.getpid()}-{attempt}")
        try:
            os.close(os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise StorageError(f"{path}: cannot create the database ({_why(exc)})") from None
    else:
        raise StorageError(f"{path}: cannot create the database (no free temporary name)")
    try:
        conn = _connect(_uri(aside, "rw"))
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            _configure(conn)
            _apply_migrations(conn, 0)
        finally:
            conn.close()  # the last connection folds the -wal into the file
    except sqlite3.Error as exc:
        discard(aside)
        raise StorageError(f"{path}: cannot create the database ({_sqlite_why(exc)})") from None
    return aside


def publish(aside: Path, path: Path) -> bool:
    """Link a database made by `create_aside` in at `path`; False (and `aside` kept) when
    another program created `path` meanwhile: we never replace or delete what it made."""
    try:
        os.link(aside, path)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
            discard(aside)
            raise StorageError(f"{path}: cannot create the database ({_why(exc)})") from None
        # A file system without hard links (FAT, some network shares): a rename, after a
        # last look, leaves a moment for another program to create the file first.
        if os.path.lexists(path):
            return False
        try:
            os.rename(aside, path)
        except OSError as rename_exc:
            discard(aside)
            raise StorageError(f"{path}: cannot create the database ({_why(rename_exc)})") from None
        return True
    discard(aside)
    return True


def discard(aside: Path) -> None:
    """Remove a database we made aside (never one at a path the user named)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{aside}{suffix}").unlink(missing_ok=True)


def _why(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "the disk is full or a file size limit was reached"
    return exc.strerror or str(exc)


def error_line(exc: BaseException, where: str) -> str | None:
    """One line for an SQLite error that reached the command line unhandled; None if `exc`
    is not SQLite's."""
    if not isinstance(exc, sqlite3.Error):
        return None
    why = _sqlite_why(exc)
    if why == str(exc):
        return f"{where}: is corrupt or unreadable ({exc})"
    return f"{where}: {why}"


def _sqlite_why(exc: sqlite3.Error) -> str:
    """SQLite's reason in words a user can act on: a full disk is not a damaged file."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code == 13 or "disk is full" in str(exc):  # SQLITE_FULL
        return "the disk is full or a file size limit was reached; nothing was saved"
    if code is not None and code & 0xFF == 10:  # SQLITE_IOERR_*: a write the system refused
        return ("the system refused a write: the disk is full, a file size limit was reached, "
                "or the disk failed; nothing was saved")
    if code == 7 or isinstance(exc, MemoryError):  # SQLITE_NOMEM
        return "out of memory"
    return str(exc)


def open_database(path: Path | str, *, create: bool = True, readonly: bool = False,
                  check_pages: bool = False) -> sqlite3.Connection:
    """Open (or create) a Presence database, migrating it forward after a backup copy.

    `check_pages`: read every page first (PRAGMA quick_check), so a command about to write
    never writes into a damaged file; it costs a read of the whole file.
    """
    path = Path(path)
    real = locate(path)
    if real is None:
        if not create or readonly:
            raise StorageError(f"{path}: no such database file")
        aside = create_aside(path)
        if not publish(aside, path):  # another program made it meanwhile: open theirs
            discard(aside)
        real = locate(path)
        if real is None:
            raise StorageError(f"{path}: was removed while Presence created it")
    path = real
    version = check(path)
    if readonly:
        return open_readonly(path, check_pages=check_pages)
    _check_writable(path)
    opened: sqlite3.Connection | None = None
    made: Path | None = None
    # Every refusal closes the connection at once: an open one keeps -wal/-shm files
    # beside a file we promised to leave untouched.
    try:
        conn = opened = _connect(_uri(path, "rw"))
        verify_schema(conn, path, version)
        if check_pages:
            _check_pages(conn, path)
        if version < SCHEMA_VERSION:
            made = backup_path(path, version)
            backup_to(conn, made, path.stat().st_mode & 0o777)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except StorageError:
        _close(opened)
        raise
    except sqlite3.OperationalError as exc:
        _close(opened)
        raise StorageError(f"{path}: cannot be opened for writing ({_sqlite_why(exc)})") from None
    except sqlite3.DatabaseError as exc:
        _close(opened)
        raise StorageError(f"{path}: is corrupt or unreadable ({exc})") from None
    except OSError as exc:  # the copy before migrating could not be written
        _close(opened)
        raise StorageError(f"{path}: cannot write the copy before migrating ({_why(exc)})") from None
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
            if made is not None:  # the file is as it was, so the copy of it is not needed
                made.unlink(missing_ok=True)
            raise
    return conn


def _check_pages(conn: sqlite3.Connection, path: Path) -> None:
    try:
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise _unreadable(path, exc) from None
    if verdict != "ok":
        first = " ".join(str(verdict).replace("*** in database main ***", "").split())[:200]
        raise StorageError(f"{path}: is damaged ({first}); restore a backup (`presence restore --list`)")


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


def open_readonly(path: Path, *, check_pages: bool = False) -> sqlite3.Connection:
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
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        verify_schema(conn, path, version)
        if check_pages:
            _check_pages(conn, path)
    except StorageError:
        _close(conn)
        raise
    except sqlite3.OperationalError as exc:
        _close(conn)
        raise StorageError(f"{path}: cannot be read ({exc})") from None
    except sqlite3.DatabaseError as exc:
        _close(conn)
        raise _unreadable(path, exc) from None
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
    why = _sqlite_why(exc)
    if why != str(exc):  # a write the system refused (a full disk), not a damaged file
        return StorageError(f"{path}: cannot be opened ({why})")
    return StorageError(f"{path}: is corrupt or unreadable ({exc})")


# -- rows no Presence writes ---------------------------------------------------------------

_BAD_ITEM = """
SELECT id, CASE
    WHEN type NOT IN ('post', 'slot') THEN 'type'
    WHEN typeof(start_utc) <> 'integer' OR start_utc NOT BETWEEN -62135596800 AND 253402300799
        THEN 'start_utc'
    WHEN typeof(platform) <> 'text' THEN 'platform'
    WHEN typeof(tz) <> 'text' THEN 'tz'
    WHEN typeof(kind) <> 'text' THEN 'kind'
    WHEN typeof(text) <> 'text' THEN 'text'
    WHEN typeof(link) <> 'text' THEN 'link'
    WHEN typeof(tags) <> 'text' THEN 'tags'
    WHEN typeof(notes) <> 'text' THEN 'notes'
    WHEN account_id IS NOT NULL AND typeof(account_id) <> 'integer' THEN 'account_id'
    WHEN type = 'post' AND typeof(status) <> 'text' THEN 'status'
    WHEN type = 'slot' AND (typeof(duration_min) <> 'integer' OR duration_min NOT BETWEEN 1 AND 1440)
        THEN 'duration_min'
    WHEN rrule IS NOT NULL AND typeof(rrule) <> 'text' THEN 'rrule'
END AS bad FROM items WHERE {where} AND bad IS NOT NULL LIMIT 1
"""


def _damaged(path: Path, what: str) -> StorageError:
    return StorageError(f"{path}: {what} is damaged (a value no Presence writes: edited by "
                        "another program?); fix or remove it, or restore a backup")


def check_items(conn: sqlite3.Connection, path: Path, start_utc: int, end_utc: int) -> None:
    """Name the first item a command reading [start, end) would meet that no Presence writes
    (its posts and slots there, and every repeating slot): one line with its id and field,
    instead of a failure later, in the middle of a command. Indexed reads only, so a week
    of a large archive costs what reading it costs."""
    try:
        for where, params in (("start_utc >= ? AND start_utc < ?", (start_utc, end_utc)),
                              ("rrule IS NOT NULL", ())):
            row = conn.execute(_BAD_ITEM.format(where=where), params).fetchone()
            if row is not None:
                raise _damaged(path, f"item {row[0]} (its {row[1]})")
    except sqlite3.DatabaseError as exc:
        raise _unreadable(path, exc) from None


def check_rows(conn: sqlite3.Connection, path: Path) -> None:
    """Name the first platform, account, goal or repeat rule no Presence writes (a file
    edited by hand or by another program): one line saying which, instead of a traceback
    in the middle of a command. Small tables and the repeating slots only: cheap."""
    from app.domain.platforms import Counting
    from app.domain.recurrence import validate_rrule

    damaged = partial(_damaged, path)
    try:
        for item_id, rule in conn.execute(
            "SELECT min(id), rrule FROM items WHERE rrule IS NOT NULL GROUP BY rrule"
        ):
            try:
                validate_rrule(str(rule))
            except ValueError:
                raise damaged(f"item {item_id} (its repeat rule {rule!r})") from None
        countings = tuple(c.value for c in Counting)
        row = conn.execute(
            "SELECT id FROM platforms WHERE typeof(id) <> 'text' OR typeof(name) <> 'text'"
            " OR typeof(colour) <> 'text'"
            f" OR counting NOT IN ({','.join('?' * len(countings))})"
            " OR (text_limit IS NOT NULL AND (typeof(text_limit) <> 'integer' OR text_limit < 1))"
            " OR (daily_cap IS NOT NULL AND (typeof(daily_cap) <> 'integer' OR daily_cap < 0)) LIMIT 1",
            countings,
        ).fetchone()
        if row is not None:
            raise damaged(f"platform {row[0]!r}")
        for what, sql in (
            ("account", "SELECT id FROM accounts WHERE use NOT IN ('business', 'personal')"
                        " OR typeof(handle) <> 'text' OR typeof(platform) <> 'text' LIMIT 1"),
            ("goal", "SELECT id FROM goals WHERE metric NOT IN ('at_least', 'at_most')"
                     " OR typeof(target) <> 'integer' OR target < 0 OR typeof(subject) <> 'text'"
                     " OR typeof(platform) <> 'text' LIMIT 1"),
        ):
            row = conn.execute(sql).fetchone()
            if row is not None:
                raise damaged(f"{what} {row[0]}")
    except sqlite3.DatabaseError as exc:
        raise _unreadable(path, exc) from None
