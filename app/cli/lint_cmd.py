"""`presence lint`: the week's problems, most important first, or every finding as JSON
(SPEC sections 5 and 8).

Exit 0 when no warning or error is left (notes, and whatever the user set aside, are
fine), 1 otherwise, 2 for bad input. Kept light: no Qt, no sqlite-utils, so it starts
about as fast as Python does.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from app.cli.common import EXIT_FINDINGS, EXIT_OK, open_repository, parse_week, rule_settings, week_advice

if TYPE_CHECKING:
    from app.domain.weeks import Week
    from app.services.advice import Advice


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true",
                        help='print one JSON object: {"week": ..., "findings": [...]}')
    parser.add_argument("--all", action="store_true",
                        help="include the findings set aside (with --json, each says whether it is)")


def run(args: argparse.Namespace) -> int:
    advice, week, names = load_advice(args)
    if args.json:
        import json

        # Every finding, folded ones included (scripts rely on them); what the user set aside
        # only with --all, each then saying whether it is.
        entries = [e for e in advice.entries if args.all or not e.ignored]
        document = {
            "week": week.label,
            "findings": [e.to_json(advice.fix(e.key), with_ignored=args.all) for e in entries],
        }
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    else:
        from app.cli.lint_report import render

        width = None
        if sys.stdout.isatty():
            import shutil

            width = shutil.get_terminal_size().columns
        sys.stdout.write(render(week, advice, names, width, advice.fix, show_set_aside=args.all))
    sys.stdout.flush()
    return EXIT_FINDINGS if advice.blocks else EXIT_OK


def load_advice(args: argparse.Namespace) -> tuple[Advice, Week, dict[str, str]]:
    """The advice on --week of --db, with the user's thresholds and what they set aside."""
    with open_repository(args.db, readonly=True) as repo:
        week = parse_week(repo, args.week)
        advice = week_advice(repo, week, rule_settings(repo))
        names = {p.id: p.name for p in repo.platforms().values()}
    return advice, week, names
