"""`presence ignore --week W KEY` and `presence unignore --week W KEY`: set a finding aside
until one of its items changes, or bring it back (SPEC section 8).

The key names the finding and the content of its items, so editing any of them makes a
new finding that is not set aside. Exit 2 with one line when the week has no such
finding (for `unignore`: none set aside under that key); nothing is changed then.
"""

from __future__ import annotations

import argparse

from app.cli.common import EXIT_OK, fail, open_repository, parse_week, rule_settings, week_advice


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("key", metavar="KEY", help="the finding's key, as `presence lint` prints it")


def run(args: argparse.Namespace) -> int:
    from app.rules.explain import rule_name

    unignore = args.command == "unignore"
    with open_repository(args.db) as repo:
        week = parse_week(repo, args.week)
        advice = week_advice(repo, week, rule_settings(repo))
        ignored = repo.ignored_keys(week.label)
        entry = advice.entry(args.key)
        if unignore:
            if args.key not in ignored:
                fail(f"{args.key}: nothing set aside under this key in week {week.label} "
                     f"(presence lint --week {week.label} --all lists what is)")
            repo.unignore(args.key)
            what = rule_name(entry.finding.rule) if entry else "It"
            print(f"{what}: back in the list of week {week.label}."
                  if entry else f"{args.key}: no longer set aside (its items have changed since).")
            return EXIT_OK
        if entry is None:
            fail(f"{args.key}: no such finding in week {week.label} (presence lint --week "
                 f"{week.label} lists the keys)")
        finding = entry.finding
        repo.ignore(args.key, week.label, finding.rule, finding.message)
        folded = advice.folded(args.key)
        also = f", with the {len(folded)} folded into it" if folded else ""
        print(f"Set aside{also} until its posts or slots change: {rule_name(finding.rule)}. "
              f"presence unignore --week {week.label} {args.key} brings it back.")
    return EXIT_OK
