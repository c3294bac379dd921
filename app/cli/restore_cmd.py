"""`presence restore [--list] [BACKUP]`: go back to one of the daily copies.

BACKUP is a day from the list (`2026-11-24`), a copy's file name, or a path to any
Presence database file. The current database is copied aside first, then replaced in one
atomic step; a restore is refused while the window has the database open.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import db_path, fail

if TYPE_CHECKING:
    from app.storage.backup import Backup


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--list", action="store_true", help="list the daily copies (the default)")
    parser.add_argument("backup", nargs="?", metavar="BACKUP",
                        help="a day from the list (2026-11-24), a copy's file name, or a path")


def run(args: argparse.Namespace) -> int:
    from app.storage.backup import backup_folder, list_backups, restore
    from app.storage.errors import StorageError

    path = db_path(args.db)
    backups = list_backups(path)
    if args.list or not args.backup:
        if args.list and args.backup:
            fail("give either --list or a BACKUP to restore, not both")
        kept = sorted(backup_folder(path).glob(f"{path.stem}-before-restore-*.db"), reverse=True)
        if not backups:
            print(f"No daily copies of {path} yet (they are made when the window opens it).")
        else:
            print(f"Daily copies of {path} (newest first):")
            for backup in backups:
                print(f"  {backup.day.isoformat()}  {backup.path}  {_size(backup.size)}")
            print("Restore one with: presence restore DAY")
        if kept:
            print("Kept before a restore (restore one by its path):")
            for copy in kept:
                print(f"  {copy}  {_size(copy.stat().st_size)}")
        return 0
    source = _resolve(args.backup, backups)
    try:
        aside = restore(path, source)
    except StorageError as exc:
        fail(str(exc))
    print(f"Restored {path} from {source}.")
    if aside is not None:
        print(f"The database as it was before is kept as {aside}.")
    return 0


def _resolve(text: str, backups: list[Backup]) -> Path:
    """A backup named by day or file name from the list, else a path."""
    for backup in backups:
        if text in (backup.day.isoformat(), backup.path.name):
            return Path(backup.path)
    candidate = Path(text)
    if candidate.is_file():
        return candidate
    days = ", ".join(b.day.isoformat() for b in backups) or "none yet"
    fail(f"{text}: no such backup (daily copies: {days})")


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"
