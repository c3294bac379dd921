"""`presence review --week W [--json]`: the week planned against what happened (SPEC 10).

Per platform and kind: planned, posted, skipped and missed posts (missed: not marked by
the end of its day); engagement minutes planned and done; goals met; then the trend of
the last 12 weeks. `--json` prints SPEC section 10's object, exactly.
"""

from __future__ import annotations

import argparse
import json
import sys

from app.cli.common import EXIT_OK, open_repository, parse_week


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true",
                        help='print one JSON object: {"week", "platforms": {...}, "goals": [...]}')


def run(args: argparse.Namespace) -> int:
    from app.services.daily import system_clock
    from app.services.review import review_week, trend

    with open_repository(args.db, readonly=True) as repo:
        week = parse_week(repo, args.week)
        now = system_clock().astimezone(week.zone)
        review = review_week(repo, week, now)
        if args.json:
            sys.stdout.write(json.dumps(review.to_json(), indent=2, ensure_ascii=False) + "\n")
        else:
            from app.services.review_report import render

            sys.stdout.write(render(review, trend(repo, week, now)))
    sys.stdout.flush()
    return EXIT_OK
