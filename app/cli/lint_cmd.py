"""`presence lint`: the week's findings, grouped by day, or as JSON (SPEC section 5).

Exit 0 when nothing is a warning or an error (notes alone are fine), 1 otherwise, 2 for
bad input. Kept light: no Qt, no sqlite-utils, so it starts about as fast as Python does.
"""

from __future__ import annotations

import argparse
import sys

from app.cli.common import EXIT_FINDINGS, EXIT_OK, fail, open_repository, parse_week


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true",
                        help='print one JSON object: {"week": ..., "findings": [...]}')


def run(args: argparse.Namespace) -> int:
    from app.rules.engine import lint
    from app.rules.settings import RuleSettings

    with open_repository(args.db, readonly=True) as repo:
        week = parse_week(repo, args.week)
        try:
            settings = RuleSettings.load(repo)
        except ValueError as exc:
            fail(f"{repo.path}: settings: {exc}")
        findings = lint(repo.load_plan(week), settings)
        names = {p.id: p.name for p in repo.platforms().values()}
    if args.json:
        import json

        document = {"week": week.label, "findings": [f.to_json() for f in findings]}
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    else:
        from app.cli.lint_report import render

        width = None
        if sys.stdout.isatty():
            import shutil

            width = shutil.get_terminal_size().columns
        sys.stdout.write(render(week, findings, names, width))
    sys.stdout.flush()
    return EXIT_FINDINGS if any(f.blocks for f in findings) else EXIT_OK
