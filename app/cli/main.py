"""`presence`: the window without a sub-command, else one of the sub-commands.

Sub-command modules are imported only when used, so `presence lint` never loads Qt.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from app import __version__
from app.storage.errors import StorageError

# name -> (module under app.cli, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "import": ("import_cmd", "import posts and slots from a Presence CSV file (all or nothing)"),
    "export": ("export_cmd", "write one or more weeks as CSV, iCalendar, or a Hootsuite / Buffer bulk file"),
    "demo": ("demo_cmd", "fill the database with a realistic sample week"),
    "checklist": ("checklist_cmd", "write the printable one-page weekly checklist (PDF or HTML)"),
    "lint": ("lint_cmd", "list what in the week looks like a megaphone, and what to do instead"),
    "fix": ("fix_cmd", "apply the quick fix of one finding, named by its key from `presence lint`"),
    "ignore": ("ignore_cmd", "set a finding aside until its posts or slots change"),
    "unignore": ("ignore_cmd", "bring back a finding set aside with `presence ignore`"),
    "restore": ("restore_cmd", "list the daily copies of the database, or restore one"),
    "config": ("config_cmd", "list the settings, print one, or set one (checked as the window checks it)"),
    "fill": ("fill_cmd", "place backlog ideas and due evergreen posts in the week's free posting times"),
    "list": ("list_cmd", "the week's posts and slots, or with --backlog the ideas without a date"),
    "mark": ("mark_cmd", "record what happened: a post posted (when, where) or skipped (why), a slot done"),
    "review": ("review_cmd", "the week planned against what happened, and the trend of the last 12 weeks"),
    "sync": ("sync_cmd", "publish the plan to a CalDAV calendar (posts with an alarm, slots repeating)"),
    "account": ("account_cmd", "add, list or remove accounts, each used for business or personally"),
    "goal": ("goal_cmd", "add, list or remove weekly goals, standing (every week) or for one week"),
}


def _common(parser: argparse.ArgumentParser, *, week: bool = True, top: bool = False) -> None:
    # A sub-command's --db must not overwrite the one given before it
    # (`presence --db F lint`): only the top level sets a default.
    parser.add_argument(
        "--db", metavar="PATH", default=None if top else argparse.SUPPRESS,
        help="the database file (default: PRESENCE_DB, else presence.db in the user's data folder)",
    )
    if week:
        parser.add_argument(
            "--week", metavar="W",
            help="ISO week like 2026-W48, or any date in it like 2026-11-24 (default: this week)",
        )


def _chosen(argv: Sequence[str]) -> str | None:
    """The sub-command named in `argv`, if any (the value of --db is not one)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--db":
            skip = True
        elif arg in COMMANDS:
            return arg
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Every sub-command; only the one named in `argv` (all of them when None) gets its
    arguments, so only its module is imported: the window and each command start
    without the others' imports (the export module alone is ~30 ms)."""
    chosen = None if argv is None else _chosen(argv)
    parser = argparse.ArgumentParser(
        prog="presence",
        description="Plan your social presence week by week; without a command, open the window.",
    )
    parser.add_argument("--version", action="version", version=f"presence {__version__}")
    _common(parser, week=False, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
        _common(command, week=name not in ("import", "restore", "config", "mark", "account"))
        if argv is None or name == chosen:
            module = importlib.import_module(f"app.cli.{module_name}")
            module.add_arguments(command)
            command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args, rest = parser.parse_known_args(argv)
    if args.command is None:
        from app.ui.launch import run_window

        return int(run_window(args.db, rest))  # the rest is Qt's (-platform, -style, ...)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    from app.cli.common import failure_line, guard_streams, one_line

    guard_streams(stdout_is_data=args.command == "export")
    try:
        return int(args.run(args) or 0)
    except BrokenPipeError:
        # `presence export | head` is fine; stop quietly.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
    except StorageError as exc:  # damage found while reading (a row, a setting): one line
        print(f"presence: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except Exception as exc:  # a full disk, a memory limit, a value no Presence writes
        print(f"presence: {one_line(failure_line(exc, args.db))}", file=sys.stderr)
        return 2
