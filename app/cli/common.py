"""What every sub-command shares: opening the database, reading --week, reporting errors."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from app.domain.weeks import Week
from app.services.preferences import user_zone, week_start
from app.storage.errors import StorageError
from app.storage.repository import Repository

if TYPE_CHECKING:
    from app.rules.settings import RuleSettings
    from app.services.advice import Advice

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


def plural(count: int, word: str, words: str | None = None) -> str:
    """"1 post", "3 posts": never "post(s)"."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def one_line(message: str) -> str:
    """A message as one line, whatever it quotes (SQLite's check reports a line per page)."""
    return " ".join(message.split("\n")).replace("\r", " ")


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    print(f"presence: {one_line(message)}", file=sys.stderr)
    raise SystemExit(code)


def db_path(arg: str | None) -> Path:
    from app.paths import default_db_path

    if arg:
        return Path(arg)
    try:
        return default_db_path()
    except StorageError as exc:
        fail(str(exc))


def locate_db(path: Path) -> Path | None:
    """The file `path` names (None: nothing there yet); one line and exit 2 for a FIFO, a
    folder, a dangling or looping link."""
    from app.storage.database import locate

    try:
        return locate(path)
    except StorageError as exc:
        fail(str(exc))


def open_repository(arg: str | None, *, readonly: bool = False, create: bool = False) -> Repository:
    """Open the database named by --db (or the default); exit 2 with one line if we cannot.

    The command line checks more than the window at each open, since it may be given any
    file: every row is read once for values no Presence writes (named by table and id),
    and a command that writes reads every page first, so it never writes into a damaged file.
    """
    from app.storage.database import check_rows, open_database

    path = db_path(arg)
    if not create and locate_db(path) is None:
        # Not `presence demo`: that would fill the new file with someone else's week.
        where = "" if arg is None else f" --db {path}"
        fail(f"{path}: no such database file; `presence import FILE.csv{where}` starts it with "
             f"your own plan, or open the window (`presence{where}`) to plan from scratch")
    if create and locate_db(path) is None and arg is None:  # the default folder, made on first use
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"{path}: cannot create folder {path.parent} ({exc.strerror})")
    try:
        repo = Repository(open_database(path, readonly=readonly, check_pages=not readonly), path)
    except StorageError as exc:
        fail(str(exc))
    try:
        check_rows(repo.conn, path)
    except StorageError as exc:
        repo.close()
        fail(str(exc))
    return repo


def parse_week(repo: Repository, text: str | None) -> Week:
    zone = user_zone(repo)
    first = week_start(repo)
    if not text:
        return _checked(repo, Week.current(zone, first))
    from app.exchange.csv_format import FIRST_YEAR, LAST_YEAR

    try:
        week = Week.parse(text, zone, first)
    except (ValueError, OverflowError) as exc:
        fail(f"--week: {exc}")
    if not date(FIRST_YEAR - 1, 12, 26) <= week.monday <= date(LAST_YEAR, 12, 31):
        # Year 1 or 9999 leaves Python's calendar as soon as a margin is added to the week.
        fail(f"--week: {text} is outside the years Presence plans ({FIRST_YEAR} to {LAST_YEAR})")
    return _checked(repo, week)


def _checked(repo: Repository, week: Week) -> Week:
    """The week, once its items (with a margin) hold nothing no Presence writes."""
    from datetime import timedelta

    from app.storage.database import check_items

    margin = timedelta(days=2)
    try:
        check_items(repo.conn, repo.path or Path("the database"), int((week.start - margin).timestamp()),
                    int((week.end + margin).timestamp()))
    except StorageError as exc:
        fail(str(exc))
    return week


# -- what reaches the terminal --------------------------------------------------------------

# C0 controls but newline and tab, DEL and C1 controls: ESC starts the sequences that retitle,
# clear or rewrite a terminal, and a text or link planted in a file must not send them.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0))}


class _Harmless:
    """A text stream that writes control characters as `\\x1b`, and what its encoding
    cannot say as `\\u4e2d`, instead of failing."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")

    def write(self, text: str) -> int:
        return int(self._stream.write(text.translate(_CONTROLS)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def guard_streams(stdout_is_data: bool) -> None:
    """Every message on stderr, and stdout unless it carries an exported file, printed
    harmless; an exported file on stdout is UTF-8 whatever the locale says."""
    sys.stderr = _Harmless(sys.stderr)
    if not stdout_is_data:
        sys.stdout = _Harmless(sys.stdout)
    elif hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")


def failure_line(exc: BaseException, arg: str | None) -> str:
    """One line for an error no command caught: what happened, to which file, never a traceback."""
    import errno

    from app.storage.database import error_line

    try:
        where = str(db_path(arg))
    except SystemExit:
        where = "the database"
    if isinstance(exc, MemoryError):
        return f"{where}: out of memory (a memory limit, ulimit -v?); nothing more was saved"
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        name = exc.filename or where
        return f"{name}: the disk is full or a file size limit was reached; nothing more was saved"
    if isinstance(exc, OSError):
        return f"{exc.filename or where}: {exc.strerror or exc}"
    line = error_line(exc, where)
    if line is not None:
        return line
    return (f"{where}: a value no Presence writes stopped the command ({type(exc).__name__}: {exc}); "
            "the file may have been edited by another program")


def rule_settings(repo: Repository) -> RuleSettings:
    """The user's rule thresholds; bad ones end the command with one line naming the file."""
    from app.rules.settings import RuleSettings

    try:
        return RuleSettings.load(repo)
    except ValueError as exc:
        fail(f"{repo.path}: settings: {exc}")


def week_advice(repo: Repository, week: Week, settings: RuleSettings) -> Advice:
    """The advice on the week as it stands in the file, with what the user set aside."""
    from app.services.advice import advise

    return advise(repo.load_plan(week), settings, repo.ignored_keys(week.label))
