"""`presence list [--week W] [--json] [--backlog]`: the week's posts and slots, or the ideas
waiting in the backlog (SPEC section 12).

`--json` prints `{"week", "items": [{"id", "type", "start", "zone", "platform", "account",
"kind", "status", "text", "link", "tags", "notes", ...}]}` (a slot has `duration_min`,
`repeat` and `done` for its occurrence; a post `evergreen` and `evergreen_of`);
with `--backlog`, `{"backlog": [{"id", "platform", "account", "kind", "text", "link",
"tags", "notes"}]}`. Read-only: the file is never written.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.cli.common import EXIT_OK, open_repository, parse_week


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--backlog", action="store_true",
                        help="list the ideas without a date (the backlog) instead of the week")


def _short(text: str, width: int = 60) -> str:
    words = " ".join(text.split())
    return words if len(words) <= width else words[:width - 1] + "…"


def run(args: argparse.Namespace) -> int:
    from app.domain.items import Post
    from app.storage import backlog

    with open_repository(args.db, readonly=True) as repo:
        names = {p.id: p.name for p in repo.platforms().values()}
        if args.backlog:
            ideas = backlog.ideas(repo)
            if args.json:
                rows = [{"id": i.id, "platform": i.platform, "account": i.account, "kind": i.kind.value,
                         "text": i.text, "link": i.link, "tags": list(i.tags), "notes": i.notes}
                        for i in ideas]
                sys.stdout.write(json.dumps({"backlog": rows}, indent=2, ensure_ascii=False) + "\n")
            elif not ideas:
                print("The backlog is empty.")
            else:
                print(f"Backlog: {len(ideas)} idea{'' if len(ideas) == 1 else 's'}")
                for i in ideas:
                    print(f"  {i.id:>5}  {names.get(i.platform, i.platform):<10} {i.kind.value:<12} "
                          f"{_short(i.text or i.link)}")
            return EXIT_OK
        week = parse_week(repo, args.week)
        plan = repo.load_plan(week)
        marks = backlog.evergreen(repo)
        sources = {run_id: source for source, runs in backlog.runs(repo).items() for run_id in runs}
    items: list[tuple[Any, dict[str, Any]]] = []
    for post in plan.week_posts():
        assert isinstance(post, Post)
        mark = marks.get(post.id or -1)
        items.append((post.start, {
            "id": post.id, "type": "post", "start": post.start.isoformat(timespec="minutes"),
            "zone": post.tz, "platform": post.platform, "account": post.account,
            "kind": post.kind.value, "status": post.status.value, "text": post.text,
            "link": post.link, "tags": list(post.tags), "notes": post.notes,
            "evergreen": None if mark is None else {
                "gap_days": mark.gap_days, "max_runs": mark.max_runs,
                "until": mark.until.isoformat() if mark.until else None},
            "evergreen_of": sources.get(post.id or -1),
        }))
    for occ in plan.week_occurrences():
        slot = occ.slot
        items.append((occ.start, {
            "id": slot.id, "type": "slot", "start": occ.start.isoformat(timespec="minutes"),
            "zone": slot.tz, "platform": slot.platform, "account": None,
            "kind": slot.activity.value, "status": "done" if occ.done else None, "text": "",
            "link": "", "tags": [], "notes": slot.notes, "duration_min": slot.duration_min,
            "repeat": slot.rrule, "done": occ.done,
        }))
    items.sort(key=lambda pair: (pair[0], pair[1]["id"] or 0))
    if args.json:
        document = {"week": week.label, "items": [row for _start, row in items]}
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    _print_days(week, items, names)
    return EXIT_OK


def _print_days(week: Any, items: list[tuple[Any, dict[str, Any]]], names: dict[str, str]) -> None:
    """A table per day, in the week's zone: time, platform, account, what, status, text, id."""
    posts = sum(row["type"] == "post" for _start, row in items)
    slots = len(items) - posts
    print(f"Week {week.label}: {posts} post{'' if posts == 1 else 's'}, "
          f"{slots} engagement slot{'' if slots == 1 else 's'}")
    by_day: dict[Any, list[tuple[Any, dict[str, Any]]]] = {day: [] for day in week.days}
    for start, row in items:
        by_day.setdefault(start.astimezone(week.zone).date(), []).append((start, row))
    for day, rows in by_day.items():
        print(f"\n{day:%A %d %B}" + ("" if rows else ": nothing planned"))
        for start, row in rows:
            seen = start.astimezone(week.zone)
            platform = names.get(row["platform"], row["platform"])
            if row["type"] == "post":
                what = row["kind"]
                state = "" if row["status"] == "scheduled" else row["status"]
                text = _short(row["text"] or row["link"], 50)
            else:
                what = f"{row['kind']} {row['duration_min']} min"
                state = "done" if row["done"] else ""
                text = ("repeats " if row["repeat"] else "") + _short(row["notes"], 40)
            print(f"  {seen.hour:02d}:{seen.minute:02d}  {platform:<10} {row['account'] or '':<14} "
                  f"{what:<14} {state:<9} {text:<50} #{row['id']}".rstrip())
