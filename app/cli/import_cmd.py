"""`presence import FILE.csv`: all rows or none; every bad row named by line and field."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import EXIT_BAD_INPUT, db_path, fail, open_repository, plural


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", metavar="FILE.csv",
        help="a CSV with the Presence columns; - for stdin. Platform names in any case or as "
             "common aliases (Twitter, fb, ig, li, bsky); an empty timezone is the default zone "
             "(`presence config zone`); repeat: daily, weekdays, weekends, weekly (on the row's "
             "day) or an RRULE body. A new --db file is created.")


def run(args: argparse.Namespace) -> int:
    from app.exchange.csv_format import CsvImportError
    from app.services.importing import import_csv_bytes

    name = "<stdin>" if args.file == "-" else args.file
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        fail(f"{name}: cannot read ({exc.strerror})")
    path = db_path(args.db)
    created = not path.exists()
    failed: CsvImportError | None = None
    with open_repository(args.db, create=True) as repo:
        try:
            result = import_csv_bytes(repo, data, name)
        except CsvImportError as exc:
            failed = exc
    if failed is not None:
        if created:  # a refused file leaves no new, empty database behind either
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
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
