"""`presence goal add|list|remove`: weekly goals, standing or for one week (SPEC 11, 12).

A goal counts posts of a kind or engagement slots of an activity on one platform, at least
or at most N a week. Without `--week` it is standing: it holds every week from this one
until removed; a goal given for one week overrides the standing one of the same platform,
subject and bound that week. Values are checked as the Goals dialog checks them (a shown
platform, a target from 0 to 500); bad input is one line and exit 2, and nothing changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.cli.common import EXIT_OK, fail, open_repository, parse_week, plural


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add", help="add a goal: standing (every week from this one) or, with --week, for one week",
        description="Add a goal on one platform: at least or at most N posts of a kind, or "
                    "engagement slots of an activity, a week. Without --week it holds every "
                    "week from this one until removed; with --week it is that week's only and "
                    "overrides a standing goal of the same platform, kind or activity and bound.")
    add.add_argument("--platform", required=True, metavar="P", help="a platform id or name: x, linkedin…")
    subject = add.add_mutually_exclusive_group(required=True)
    subject.add_argument("--kind", metavar="K",
                         help="count posts of this kind: promo, own, curated, conversation")
    subject.add_argument("--activity", metavar="A",
                         help="count engagement slots of this activity: reply, comment, share, listen, "
                              "network")
    bound = add.add_mutually_exclusive_group(required=True)
    bound.add_argument("--at-least", metavar="N", help="the week should have at least N")
    bound.add_argument("--at-most", metavar="N", help="the week should have at most N")
    lst = sub.add_parser("list", help="the goals in force in a week, standing or for that week only",
                         description="List the goals in force in a week (default: this week), each "
                                     "marked standing (every week) or for that week only.")
    lst.add_argument("--json", action="store_true",
                     help='print {"week", "goals": [{"id", "platform", "kind", "activity", "metric", '
                          '"target", "standing", "since", "week"}]}')
    rm = sub.add_parser("remove", help="remove a goal by the id `goal list` shows",
                        description="Remove a goal by its id; a standing goal leaves every week.")
    rm.add_argument("id", metavar="ID")
    for command in (add, lst, rm):
        command.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                             help="the database file (default: PRESENCE_DB, else the user's data folder)")
    for command in (add, lst):
        command.add_argument("--week", metavar="W", default=argparse.SUPPRESS,
                             help="ISO week like 2026-W48, or any date in it (default: this week)")


def describe(goal: Any, names: dict[str, str]) -> str:
    """"at least 10 comment slots on LinkedIn"."""
    from app.domain.items import GoalMetric

    bound = "at least" if goal.metric is GoalMetric.AT_LEAST else "at most"
    noun = f"{goal.subject} post" if goal.counts_posts else f"{goal.subject} slot"
    return f"{bound} {plural(goal.target, noun)} on {names.get(goal.platform, goal.platform)}"


def _when(goal: Any) -> str:
    return f"every week since {goal.since}" if goal.standing else f"{goal.week} only"


def run(args: argparse.Namespace) -> int:
    if args.action == "add":
        return _add(args)
    if args.action == "list":
        return _list(args)
    return _remove(args)


def _target(text: str, flag: str) -> int:
    from app.domain.items import MAX_GOAL_TARGET

    text = text.strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_GOAL_TARGET:
        fail(f"{flag}: {text!r} is not a whole number from 0 to {MAX_GOAL_TARGET}")
    return int(text)


def _subject(args: argparse.Namespace) -> str:
    from app.domain.items import Activity, PostKind
    from app.exchange.lenient import choice

    if args.kind is not None:
        kinds = [k.value for k in PostKind]
        kind = choice(args.kind, kinds)
        if kind is None:
            fail(f"--kind: {args.kind!r} is not a post kind ({', '.join(kinds)})")
        return kind
    activities = [a.value for a in Activity]
    activity = choice(args.activity, activities)
    if activity is None:
        fail(f"--activity: {args.activity!r} is not an engagement activity ({', '.join(activities)})")
    return activity


def _add(args: argparse.Namespace) -> int:
    from app.domain.items import Goal, GoalMetric
    from app.domain.weeks import Week
    from app.exchange.lenient import resolve_platform
    from app.services.preferences import user_zone, week_start

    subject = _subject(args)
    if args.at_least is not None:
        metric, target = GoalMetric.AT_LEAST, _target(args.at_least, "--at-least")
    else:
        metric, target = GoalMetric.AT_MOST, _target(args.at_most, "--at-most")
    with open_repository(args.db) as repo:
        platforms = repo.platforms()
        platform = resolve_platform(args.platform, platforms)
        if platform is None:
            shown = ", ".join(p for p, info in platforms.items() if not info.hidden)
            fail(f"--platform: unknown platform {args.platform!r} (known: {shown})")
        if platforms[platform].hidden:
            fail(f"--platform: {platform!r} is hidden; show it first with "
                 f"`presence config platforms.{platform}.shown yes`")
        standing = not args.week
        week = Week.current(user_zone(repo), week_start(repo)) if standing else parse_week(repo, args.week)
        goal = Goal(week.label, platform, target, subject, metric,
                    since=week.label if standing else None)
        names = {p: info.name for p, info in platforms.items()}
        if standing:
            same = [g for g in repo.standing_goals() if g.key == goal.key]
        else:
            same = [g for g in repo.goals(week.label) if not g.standing and g.key == goal.key]
        if same:
            fail(f"goal {same[0].id} is already {describe(same[0], names)}, {_when(same[0])}; "
                 f"remove it first (`presence goal remove {same[0].id}`)")
        overridden = [g for g in repo.goals(week.label) if g.standing and g.key == goal.key]
        saved = repo.save_goal(goal)
    note = f"; it overrides standing goal {overridden[0].id} that week" if overridden else ""
    print(f"Added goal {saved.id}: {describe(saved, names)}, "
          f"{'every week from ' + week.label if standing else week.label + ' only'}{note}.")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    with open_repository(args.db, readonly=True) as repo:
        week = parse_week(repo, args.week)
        goals = repo.goals(week.label)
        names = {p: info.name for p, info in repo.platforms().items()}
    if args.json:
        rows = [{"id": g.id, "platform": g.platform,
                 "kind": g.subject if g.counts_posts else None,
                 "activity": None if g.counts_posts else g.subject,
                 "metric": g.metric.value, "target": g.target, "standing": g.standing,
                 "since": g.since, "week": None if g.standing else g.week} for g in goals]
        sys.stdout.write(json.dumps({"week": week.label, "goals": rows}, indent=2) + "\n")
        return EXIT_OK
    if not goals:
        print(f"No goals in {week.label}. Add one: presence goal add --platform P "
              "(--kind K | --activity A) (--at-least N | --at-most N) [--week W]")
        return EXIT_OK
    print(f"Goals in {week.label}:")
    texts = [describe(g, names) for g in goals]
    width = max(len(t) for t in texts)
    for goal, text in zip(goals, texts, strict=True):
        print(f"  {goal.id:>4}  {text:<{width}}  {_when(goal)}")
    return EXIT_OK


def _remove(args: argparse.Namespace) -> int:
    text = args.id.strip().lstrip("#")
    if not (text.isascii() and text.isdigit()):
        fail(f"{args.id!r} is not a goal id (see `presence goal list`)")
    with open_repository(args.db) as repo:
        goal = repo.goal(int(text))
        if goal is None:
            fail(f"no goal has the id {text} (see `presence goal list`)")
        names = {p: info.name for p, info in repo.platforms().items()}
        repo.delete_goal(int(text))
    print(f"Removed goal {text}: {describe(goal, names)}, {_when(goal)}.")
    return EXIT_OK
