"""What every sub-command shares: opening the database, reading --week, reporting errors."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

from app.domain.weeks import Week
from app.services.preferences import user_zone, week_start
from app.storage.errors import StorageError
from app.storage.repository import Repository

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """Bad input on the command line; the message is one line for the user."""


def plural(count: int, word: str, words: str | None = None) -> str:
    """"1 post", "3 posts": never "post(s)"."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    print(f"presence: {message}", file=sys.stderr)
    raise SystemExit(code)


def db_path(arg: str | None) -> Path:
    from app.paths import default_db_path

    return Path(arg) if arg else default_db_path()


def open_repository(arg: str | None, *, readonly: bool = False, create: bool = False) -> Repository:
    """Open the database named by --db (or the default); exit 2 with one line if we cannot."""
    path = db_path(arg)
    if not create and not path.exists():
        # Not `presence demo`: that would fill the new file with someone else's week.
        where = "" if arg is None else f" --db {path}"
        fail(f"{path}: no such database file; `presence import FILE.csv{where}` starts it with "
             f"your own plan, or open the window (`presence{where}`) to plan from scratch")
    if create and not path.exists() and arg is None:  # the default folder, made on first use
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"{path}: cannot create folder {path.parent} ({exc.strerror})")
    try:
        return Repository.open(path, readonly=readonly)
    except StorageError as exc:
        fail(str(exc))


def parse_week(repo: Repository, text: str | None) -> Week:
    zone = user_zone(repo)
    first = week_start(repo)
    if not text:
        return Week.current(zone, first)
    from app.exchange.csv_format import FIRST_YEAR, LAST_YEAR

    try:
        week = Week.parse(text, zone, first)
    except (ValueError, OverflowError) as exc:
        fail(f"--week: {exc}")
    if not date(FIRST_YEAR - 1, 12, 26) <= week.monday <= date(LAST_YEAR, 12, 31):
        # Year 1 or 9999 leaves Python's calendar as soon as a margin is added to the week.
        fail(f"--week: {text} is outside the years Presence plans ({FIRST_YEAR} to {LAST_YEAR})")
    return week
