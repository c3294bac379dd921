"""`presence fix --week W KEY`: apply the quick fix of one finding, as the window does.

The fix is the one `presence lint` names (checked the same way: it removes its finding and
adds no warning or error), written in one transaction. Exit 2 with one line for a key
that is not in the week or a finding without a fix; nothing is changed then.
"""

from __future__ import annotations

import argparse
import sys

from app.cli.common import EXIT_OK, fail, open_repository, parse_week, rule_settings, week_advice


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("key", metavar="KEY", help="the finding's key, as `presence lint` prints it")


def run(args: argparse.Namespace) -> int:
    from app.services import edits

    with open_repository(args.db) as repo:
        week = parse_week(repo, args.week)
        settings = rule_settings(repo)
        advice = week_advice(repo, week, settings)
        entry = advice.entry(args.key)
        if entry is None:
            fail(f"{args.key}: no such finding in week {week.label} (presence lint --week "
                 f"{week.label} lists the keys)")
        fix = advice.fix(args.key)
        if fix is None:
            fail(f"{args.key}: this finding has no quick fix; {entry.finding.suggestion}")
        change = edits.apply_fix(repo, fix.added, fix.updated)
        after = week_advice(repo, week, settings)
    print(f"Done: {fix.label}.")
    changed = len(change.added) + len(change.updated)
    left = after.summary() or "nothing left to change"
    print(f"{changed} item{'' if changed == 1 else 's'} changed; week {week.label}: {left}.")
    sys.stdout.flush()
    return EXIT_OK
