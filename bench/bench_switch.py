"""In-process timings: switching weeks (load, lint, repaint) and re-linting after one edit.

Run in a child process by `python -m bench` (so the driver never loads Qt), or alone:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_switch DB [--no-ui]

It prints one JSON object of medians in milliseconds of CPU time (see `clock`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from app.domain.items import Post
from app.domain.plan import WeekPlan
from app.domain.weeks import Week
from app.domain.zones import get_zone
from app.storage.repository import Repository
from bench.make_db import BENCH_WEEK, ZONE_NAME

# Weeks the switch cycles through: the current one and its neighbours (the busiest).
SWITCH_SPAN = 8
SWITCH_ROUNDS = 3
RELINT_ITEMS = 500
RELINT_RUNS = 100
# CPU time of this process: on an idle machine the same as wall time, and steady when
# other work shares the cores (wall time then measures the other work too).
clock = time.process_time


def _lint_api() -> tuple[Callable[[WeekPlan, Any], list[Any]], Any] | None:
    """The rules engine and the database's settings, if the engine is there yet."""
    try:
        from app.rules.engine import lint
        from app.rules.settings import RuleSettings
    except ImportError:
        return None
    return lint, RuleSettings


class _Screen:
    """Presence's main window, offscreen: switching is `go_to(week)`, a forced repaint and
    the pending events after it."""

    def __init__(self, repo: Repository, settings_path: str) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from app.ui.main_window import MainWindow

        self.app = QApplication.instance() or QApplication([])
        settings = QSettings(settings_path, QSettings.Format.IniFormat)
        self.window = MainWindow(repo, settings)
        self.window.resize(1400, 860)
        self.window.show()
        self.app.processEvents()

    def show(self, week: Week) -> None:
        self.window.go_to(week)  # load, lint, quick fixes, cards, findings, mix chart
        self.window.repaint()  # paints now, with every child, as the next frame would
        # ... and what the event loop still does after it (delayed layouts, a second paint):
        # the user waits for that too.
        self.app.processEvents()


def _screen(repo: Repository, enabled: bool, settings_path: str) -> _Screen | None:
    if not enabled:
        return None
    try:
        return _Screen(repo, settings_path)
    except ImportError:
        return None


def week_switch(repo: Repository, screen: _Screen | None) -> dict[str, Any]:
    """Medians of showing another week, cycling through busy weeks.

    With the window, `total` is the window's own switch (go_to and a repaint); `load` and
    `lint` are the same steps timed alone just before, so `view` is the rest: quick fixes,
    cards, findings list, mix chart and painting.
    """
    api = _lint_api()
    settings = api[1].load(repo) if api else None
    zone = get_zone(repo.setting("zone") or ZONE_NAME)
    first = Week.parse(BENCH_WEEK, zone).shifted(-SWITCH_SPAN // 2)
    weeks = [first.shifted(i) for i in range(SWITCH_SPAN)]
    steps: dict[str, list[float]] = {"load": [], "lint": [], "view": [], "total": []}
    items: list[int] = []
    for round_ in range(SWITCH_ROUNDS + 1):
        for week in weeks:
            t0 = clock()
            plan = repo.load_plan(week)
            t1 = clock()
            if api:
                api[0](plan, settings)
            t2 = clock()
            if screen is not None:
                screen.show(week)
            t3 = clock()
            if round_ == 0:
                items.append(len(plan.week_posts()) + len(plan.week_occurrences()))
                continue  # warm-up: first reads of the file, first paint
            load, lint = (t1 - t0) * 1000, (t2 - t1) * 1000
            total = (t3 - t2) * 1000 if screen is not None else load + lint
            steps["load"].append(load)
            steps["lint"].append(lint)
            steps["view"].append(max(0.0, total - load - lint))
            steps["total"].append(total)
    out: dict[str, Any] = {name: statistics.median(v) for name, v in steps.items()}
    out["week_items"] = int(statistics.median(items))
    out["lint"] = out["lint"] if api else None
    out["view"] = out["view"] if screen is not None else None
    return out


def _week_of(plan: WeekPlan, count: int) -> WeekPlan:
    """The plan cut down to `count` items inside the week (posts first), margins kept."""
    inside = plan.week_posts()
    posts = inside[:count]
    occurrences = plan.week_occurrences()[: max(0, count - len(posts))]
    margin = [p for p in plan.posts if not plan.week.contains(p.start)]
    return dataclasses.replace(plan, posts=tuple(sorted([*posts, *margin], key=lambda p: p.start)),
                               occurrences=tuple(occurrences))


def relint_after_edit(repo: Repository) -> dict[str, Any] | None:
    """Median of re-linting a week of 500 items after one post's text changed."""
    api = _lint_api()
    if api is None:
        return None
    try:  # the rules' own benchmark measures exactly this: reuse it, do not duplicate it
        from bench import bench_lint
    except ImportError:
        bench_lint = None
    if bench_lint is not None:
        result = bench_lint.engine(bench_lint.database(), RELINT_RUNS)
        return {"relint": result["warm_ms"][0], "week_items": result["items_in_week"],
                "db_items": bench_lint.TOTAL, "source": "bench/bench_lint.py"}
    lint, settings_type = api
    settings = settings_type.load(repo)
    zone = get_zone(repo.setting("zone") or ZONE_NAME)
    plan = _week_of(repo.load_plan(Week.parse(BENCH_WEEK, zone)), RELINT_ITEMS)
    posts = list(plan.posts)
    target = next(i for i, p in enumerate(posts) if plan.week.contains(p.start))
    times = []
    for n in range(RELINT_RUNS + 1):
        edited: Post = posts[target].with_(text=f"{posts[target].text} (edit {n})")
        start = clock()
        posts[target] = edited
        lint(dataclasses.replace(plan, posts=tuple(posts)), settings)
        if n:
            times.append((clock() - start) * 1000)
    week_items = len(plan.week_posts()) + len(plan.week_occurrences())
    return {"relint": statistics.median(times), "week_items": week_items, "db_items": None,
            "source": "bench"}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_switch")
    parser.add_argument("db")
    parser.add_argument("--no-ui", action="store_true", help="leave the repaint out")
    parser.add_argument("--relint", action="store_true", help="also time re-linting one edit")
    args = parser.parse_args(argv)
    with Repository.open(args.db, readonly=True) as repo, tempfile.TemporaryDirectory() as tmp:
        screen = _screen(repo, not args.no_ui, os.path.join(tmp, "layout.ini"))
        result: dict[str, Any] = {"switch": week_switch(repo, screen)}
        if args.relint:
            result["relint"] = relint_after_edit(repo)
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
