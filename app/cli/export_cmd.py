"""`presence export`: one or more weeks as CSV, iCalendar, or a Hootsuite / Buffer hand-off file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.cli.common import fail, open_repository, parse_week, plural
from app.services.export import SCHEDULERS, render, scheduler_files

FORMATS = ("csv", "ics", *SCHEDULERS)


MAX_WEEKS = 520  # ten years; far more would run past the last year Python can count to


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--weeks", type=int, default=1, metavar="N",
                        help="N consecutive weeks starting with --week (default 1)")
    parser.add_argument("--format", choices=FORMATS, default="csv",
                        help="csv (default), ics (iCalendar), or a scheduler's bulk CSV: "
                             "hootsuite, buffer (one file per platform and account)")
    parser.add_argument("-o", "--output", metavar="FILE", default="-",
                        help="where to write; - or nothing for stdout; for hootsuite and "
                             "buffer, a folder gets one file per platform and account")
    parser.add_argument("--bom", action="store_true",
                        help="start CSV files with a UTF-8 byte order mark (for Excel)")
    parser.add_argument("--platform", metavar="ID",
                        help="hootsuite/buffer: only this platform's posts")
    parser.add_argument("--account", metavar="HANDLE",
                        help="hootsuite/buffer: only this account's posts")
    parser.add_argument("--no-neutralise", dest="neutralise", action="store_false",
                        help="hootsuite/buffer: write text starting with = + - @ as it is, "
                             "without the leading ' that keeps spreadsheets from running it")
    parser.add_argument("--include-drafts", action="store_true",
                        help="hootsuite/buffer: hand off drafts and ideas too (by default only "
                             "scheduled posts go out)")
    parser.add_argument("--force", action="store_true",
                        help="hootsuite/buffer: hand off posts longer than their platform takes "
                             "too (by default they are left out and named)")


def run(args: argparse.Namespace) -> int:
    if args.weeks < 1:
        fail(f"--weeks must be 1 or more, not {args.weeks}")
    if args.weeks > MAX_WEEKS:
        fail(f"--weeks must be {MAX_WEEKS} or fewer, not {args.weeks}")
    if args.format not in SCHEDULERS and (args.platform or args.account or not args.neutralise
                                          or args.include_drafts or args.force):
        fail("--platform, --account, --no-neutralise, --include-drafts and --force only go with "
             "--format hootsuite or buffer")
    if args.bom and args.format == "ics":
        fail("--bom only goes with the CSV formats (csv, hootsuite, buffer)")
    if args.output != "-" and args.output.endswith(("/", os.sep)) and not Path(args.output).is_dir():
        fail(f"-o {args.output}: that folder does not exist; create it first, or give a file name")
    if args.output != "-":  # before the database is opened: -o naming it changes nothing
        from app.exchange.files import ExportWriteError, refuse_database

        try:
            refuse_database(Path(args.output))
        except ExportWriteError as exc:
            fail(str(exc))
    if args.format in SCHEDULERS:
        return _run_scheduler(args)
    with open_repository(args.db, readonly=args.format != "ics") as repo:
        week = parse_week(repo, args.week)
        start, end = week.start, week.shifted(args.weeks).start
        label = week.label if args.weeks == 1 else f"{week.label} +{args.weeks - 1}"
        text = render(repo, args.format, start, end, bom=args.bom, label=label)
    if args.output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    target = Path(args.output)
    if target.is_dir():  # a folder: the file takes the name the window suggests
        suffix = f"-{args.weeks}w" if args.weeks > 1 else ""
        target = target / f"presence-{week.label}{suffix}.{args.format}"
        print(f"{target}: written", file=sys.stderr)
    write_atomically(target, text)
    return 0


def _run_scheduler(args: argparse.Namespace) -> int:
    from app.exchange.lenient import resolve_platform

    with open_repository(args.db, readonly=True) as repo:
        week = parse_week(repo, args.week)
        platforms = repo.platforms()
        platform = None
        if args.platform:
            platform = resolve_platform(args.platform, platforms)
            if platform is None:
                fail(f"--platform: unknown platform {args.platform!r} (known: {', '.join(platforms)})")
        files, selection = scheduler_files(
            repo, args.format, week, args.weeks, bom=args.bom, platform=platform,
            account=args.account, safe=args.neutralise, include_drafts=args.include_drafts,
            force=args.force)
    target = None if args.output == "-" else Path(args.output)
    folder = target is not None and target.is_dir()
    if len(files) > 1 and not folder:
        profiles = ", ".join(f.profile for f in files)
        where = "give -o an existing folder"
        if target is not None and not target.exists() and not target.suffix:
            where = f"the folder {target} does not exist (create it first)"
        fail(f"{args.format} takes one file per platform and account and this week has "
             f"{len(files)} ({profiles}); {where}, or narrow it with --platform and --account")
    for note in selection.notes(platforms, drafts_hint="--include-drafts",
                                force_hint="shorten it, or give --force"):
        print(f"presence: {note}", file=sys.stderr)
    changed = sum(f.neutralised for f in files)
    if changed:
        print(f"presence: {plural(changed, 'post')} {'starts' if changed == 1 else 'start'} with "
              "= + - @ or a tab and got a leading ' so that spreadsheets do not run "
              f"{'it' if changed == 1 else 'them'} as a formula; remove it in the scheduler, or "
              "export with --no-neutralise", file=sys.stderr)
    if target is not None and folder:
        write_all_atomically([(target / f.name, f.text) for f in files])
        for f in files:
            print(f"{target / f.name}: {plural(f.posts, 'post')} for {f.profile}", file=sys.stderr)
        if not files:
            print(f"presence: no posts to hand off in {week.label}; no file written", file=sys.stderr)
        return 0
    text = files[0].text if files else ""
    if target is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomically(target, text)
    return 0


def write_atomically(path: Path, text: str) -> None:
    """Write next to the target, then rename: a failed export never leaves half a file."""
    write_all_atomically([(path, text)])


def write_all_atomically(targets: list[tuple[Path, str]]) -> None:
    """Every file or none; exit 2 with one line naming the file that failed."""
    from app.exchange.files import ExportWriteError, write_files_atomically

    try:
        write_files_atomically(targets)
    except ExportWriteError as exc:
        fail(str(exc))
