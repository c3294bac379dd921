"""`presence fill --week W [--dry-run] [--json]`: place backlog ideas and due evergreen
posts into the week's free posting times (SPEC section 11).

The fill never adds a warning or an error the week did not have (app/services/planning.py
checks every placement against the rules); it is written in one transaction, and
`--dry-run` shows the plan without writing anything (the file is opened read-only).
Nothing is placed before the present moment.
"""

from __future__ import annotations

import argparse
import json
import sys

from app.cli.common import EXIT_OK, open_repository, parse_week, plural, rule_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true",
                        help="show what would be placed where, and change nothing")
    parser.add_argument("--json", action="store_true",
                        help='print one JSON object: {"week", "applied", "free_times", '
                             '"placements": [{"start", "platform", "kind", "text", "link", "from", '
                             '"idea", "evergreen_of", "id"}], "left": [{"title", "platform", "reason"}]}')


def _line(start: str, platform: str, kind: str, what: str, text: str) -> str:
    words = " ".join(text.split())
    if len(words) > 48:
        words = words[:47] + "…"
    return f"  {start}  {platform:<10} {kind:<12} {what:<9} {words}"


def run(args: argparse.Namespace) -> int:
    from app.services import planning

    with open_repository(args.db, readonly=args.dry_run) as repo:
        week = parse_week(repo, args.week)
        settings = rule_settings(repo)
        plan = repo.load_plan(week)
        filled = planning.plan_fill(repo, plan, settings)
        names = {p.id: p.name for p in repo.platforms().values()}
        ids: list[int | None] = [None] * len(filled.placements)
        if not args.dry_run and filled.placements:
            applied = planning.apply_plan(repo, filled.change())
            ids = [p.id for p in applied.items.added]

    if args.json:
        document = filled.to_json()
        document["applied"] = bool(not args.dry_run and filled.placements)
        for row, new_id in zip(document["placements"], ids, strict=True):
            row["id"] = new_id
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK

    zone = week.zone
    placed = plural(len(filled.placements), "post")
    verb = "would place" if args.dry_run else "placed"
    print(f"Week {week.label}: {verb} {placed} in {plural(filled.free, 'free posting time')}.")
    for p in filled.placements:
        seen = p.post.start.astimezone(zone)
        when = f"{seen:%a %d %b} {seen.hour:02d}:{seen.minute:02d}"
        what = "idea" if p.idea is not None else "evergreen"
        print(_line(when, names.get(p.post.platform, p.post.platform), p.post.kind.value, what,
                    p.post.text or p.post.link))
    if filled.left:
        print("Not placed:")
        for x in filled.left:
            print(f"  {x.title[:48]!r} on {names.get(x.platform, x.platform)}: {x.reason}")
    if not filled.placements and not filled.left:
        print("The backlog is empty and no evergreen post is due.")
    if args.dry_run:
        print("Nothing written (--dry-run).")
    sys.stdout.flush()
    return EXIT_OK
