"""`presence export`: the week(s) as CSV or iCalendar, to a file or stdout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import fail, open_repository, parse_week

FORMATS = ("csv", "ics")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--weeks", type=int, default=1, metavar="N",
                        help="N consecutive weeks starting with --week (default 1)")
    parser.add_argument("--format", choices=FORMATS, default="csv", help="csv (default) or ics")
    parser.add_argument("-o", "--output", metavar="FILE", default="-",
                        help="where to write; - or nothing for stdout")
    parser.add_argument("--bom", action="store_true",
                        help="start the CSV with a UTF-8 byte order mark (for Excel)")


def run(args: argparse.Namespace) -> int:
    if args.weeks < 1:
        fail(f"--weeks must be 1 or more, not {args.weeks}")
    with open_repository(args.db, readonly=True) as repo:
        week = parse_week(repo, args.week)
        start, end = week.start, week.shifted(args.weeks).start
        text = render(repo, args.format, start, end, bom=args.bom)
    if args.output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    write_atomically(Path(args.output), text)
    return 0


def render(repo, fmt: str, start, end, *, bom: bool = False) -> str:  # type: ignore[no-untyped-def]
    import io

    from app.domain.recurrence import expand

    posts, slots = repo.items_between(start, end)
    occurrences = expand(slots, start, end)
    if fmt == "csv":
        from app.exchange.csv_format import write_csv

        buffer = io.StringIO()
        write_csv(buffer, posts, occurrences, bom=bom)
        return buffer.getvalue()
    fail(f"--format {fmt} is not available yet")


def write_atomically(path: Path, text: str) -> None:
    """Write next to the target, then rename: a failed export never leaves half a file."""
    import os
    import tempfile

    if not path.parent.is_dir():
        fail(f"{path}: folder {path.parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        fail(f"{path}: cannot write ({exc.strerror})")
