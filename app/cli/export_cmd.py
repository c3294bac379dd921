"""`presence export`: the week(s) as CSV, iCalendar, or a Hootsuite / Buffer hand-off file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.common import fail, open_repository, parse_week

FORMATS = ("csv", "ics", "hootsuite", "buffer")
SCHEDULERS = ("hootsuite", "buffer")


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


def run(args: argparse.Namespace) -> int:
    if args.weeks < 1:
        fail(f"--weeks must be 1 or more, not {args.weeks}")
    if args.weeks > MAX_WEEKS:
        fail(f"--weeks must be {MAX_WEEKS} or fewer, not {args.weeks}")
    if args.format not in SCHEDULERS and (args.platform or args.account or not args.neutralise):
        fail("--platform, --account and --no-neutralise only go with --format hootsuite or buffer")
    if args.bom and args.format == "ics":
        fail("--bom only goes with the CSV formats (csv, hootsuite, buffer)")
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
    write_atomically(Path(args.output), text)
    return 0


def render(repo, fmt: str, start, end, *, bom: bool = False, label: str = "") -> str:  # type: ignore[no-untyped-def]
    """The CSV or iCalendar text of [start, end)."""
    import io

    from app.domain.recurrence import expand

    if fmt == "csv":  # posts as plain rows: a year of a large archive is tens of thousands
        from app.exchange.csv_format import write_stored_csv

        buffer = io.StringIO()
        write_stored_csv(buffer, repo.post_rows_between(start, end),
                         expand(repo.slots_between(start, end), start, end), bom=bom)
        return buffer.getvalue()
    posts, slots = repo.items_between(start, end)
    if fmt == "ics":
        from app.exchange.ics import calendar_id, slots_in_range, to_ics

        name = f"Presence {label}".strip()
        return to_ics(posts, slots_in_range(slots, start, end), repo.platforms(),
                      calendar_id(repo), name=name)
    fail(f"--format {fmt} is not available")


def scheduler_files(repo, fmt: str, week, weeks: int, *, bom: bool = False,  # type: ignore[no-untyped-def]
                    platform: str | None = None, account: str | None = None,
                    safe: bool = True) -> list[Any]:
    """The hand-off files of a scheduler for `weeks` weeks from `week`, filtered."""
    from app.exchange.schedulers import hand_off
    from app.services.preferences import user_zone

    posts, _ = repo.items_between(week.start, week.shifted(weeks).start)
    if platform:
        posts = [p for p in posts if p.platform == platform]
    if account:
        posts = [p for p in posts if p.account == account]
    label = week.label if weeks == 1 else f"{week.label}-{weeks}w"
    return hand_off(fmt, posts, user_zone(repo), label, bom=bom, safe=safe)


def _run_scheduler(args: argparse.Namespace) -> int:
    with open_repository(args.db, readonly=True) as repo:
        week = parse_week(repo, args.week)
        if args.platform and args.platform not in repo.platforms():
            fail(f"--platform: unknown platform {args.platform!r} "
                 f"(known: {', '.join(repo.platforms())})")
        files = scheduler_files(repo, args.format, week, args.weeks, bom=args.bom,
                                platform=args.platform, account=args.account,
                                safe=args.neutralise)
    changed = sum(f.neutralised for f in files)
    if changed:
        print(f"presence: {changed} post(s) start with = + - @ or a tab and were written with a "
              "leading ' so that spreadsheets do not run them as formulas; remove it in the "
              "scheduler, or export with --no-neutralise", file=sys.stderr)
    target = None if args.output == "-" else Path(args.output)
    if target is not None and target.is_dir():
        write_all_atomically([(target / f.name, f.text) for f in files])
        for f in files:
            print(f"{target / f.name}: {f.posts} post(s) for {f.profile}", file=sys.stderr)
        if not files:
            print(f"presence: no posts to hand off in {week.label}; no file written", file=sys.stderr)
        return 0
    if len(files) > 1:
        profiles = ", ".join(f.profile for f in files)
        fail(f"{args.format} takes one file per platform and account and this week has "
             f"{len(files)} ({profiles}); give -o FOLDER, or --platform and --account")
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
