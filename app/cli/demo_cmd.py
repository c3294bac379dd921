"""`presence demo`: fill the database with a realistic sample week."""

from __future__ import annotations

import argparse

from app.cli.common import open_repository, parse_week


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # only --db and --week


def run(args: argparse.Namespace) -> int:
    from app.services.demo import fill_demo

    with open_repository(args.db, create=True) as repo:
        week = parse_week(repo, args.week)
        with repo.transaction():  # the whole week or nothing (a full disk halfway)
            added = fill_demo(repo, week)
    if added:
        print(f"Added the demo week {week.label}: {added} posts and slots.")
    else:
        print(f"Week {week.label} is already planned; the demo was not added.")
    return 0
