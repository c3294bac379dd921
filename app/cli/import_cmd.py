"""`presence import FILE.csv`: all rows or none; every bad row named by line and field."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import EXIT_BAD_INPUT, db_path, fail, locate_db, open_repository, plural

if TYPE_CHECKING:
    from app.services.importing import ImportResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", metavar="FILE.csv",
        help="a CSV with the Presence columns; - for stdin. Platform names in any case or as "
             "common aliases (Twitter, fb, ig, li, bsky); an empty timezone is the default zone "
             "(`presence config zone`); repeat: daily, weekdays, weekends, weekly (on the row's "
             "day) or an RRULE body. A new --db file is created.")


def run(args: argparse.Namespace) -> int:
    from app.exchange.csv_format import CsvImportError

    name = "<stdin>" if args.file == "-" else args.file
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        fail(f"{name}: cannot read ({exc.strerror})")
    path = db_path(args.db)
    try:
        result = _import(args.db, path, data, name)
    except CsvImportError as failed:
        for error in failed.errors:
            print(f"{name}: {error}", file=sys.stderr)
        print(f"presence: nothing imported: {plural(len(failed.errors), 'problem')} in {name}",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    there = result.already_there
    if there and not result.added:
        print(f"Nothing new to import from {name} ({there} already planned).")
        return 0
    note = f" ({there} already planned)" if there else ""
    print(f"Imported {plural(result.added, 'item')} from {name}{note}.")
    return 0


def _import(arg: str | None, path: Path, data: bytes, name: str) -> ImportResult:
    """Into the database at `path`; a new one is built aside and linked in only once the
    file imported whole, so a refused file leaves nothing, and nothing another program
    created at that path meanwhile is ever deleted."""
    from app.services.importing import import_csv_bytes
    from app.storage.database import create_aside, discard, publish
    from app.storage.errors import StorageError
    from app.storage.repository import Repository

    if locate_db(path) is not None:
        with open_repository(arg, create=True) as repo:
            return import_csv_bytes(repo, data, name)
    if arg is None:  # the default folder, made on first use
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"{path}: cannot create folder {path.parent} ({exc.strerror})")
    try:
        aside = create_aside(path)
    except StorageError as exc:
        fail(str(exc))
    try:
        with Repository.open(aside) as repo:
            result = import_csv_bytes(repo, data, name)
        if publish(aside, path):
            return result
    except BaseException:
        discard(aside)
        raise
    discard(aside)  # another program created the file meanwhile: import into theirs
    with open_repository(arg, create=True) as repo:
        return import_csv_bytes(repo, data, name)
