"""In-process timings: switching weeks (load, lint, repaint) and re-linting after one edit.

Run in a child process by `python -m bench` (so the driver never loads Qt), or alone:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_switch DB [--no-ui]

It prints one JSON object of medians in milliseconds.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
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
RELINT_RUNS = 30


def _lint_api() -> tuple[Callable[[WeekPlan, Any], list[Any]], Any] | None:
    """The rules engine and the database's settings, if the engine is there yet."""
    try:
        from app.rules.engine import lint
        from app.rules.settings import RuleSettings
    except ImportError:
        return None
    return lint, RuleSettings


class _Screen:
    """The week as the window paints it: the week view and the findings list, offscreen."""

    def __init__(self) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

        from app.ui.findings_panel import FindingsModel
        from app.ui.week_model import WeekModel
        from app.ui.week_view import WeekView

        self.app = QApplication.instance() or QApplication([])
        self.top = QWidget()
        layout = QHBoxLayout(self.top)
        self.model = WeekModel(self.top)
        self.view = WeekView(self.model)
        layout.addWidget(self.view, 3)
        self.findings = FindingsModel(self.top)
        self.top.resize(1400, 860)
        self.top.show()
        self.app.processEvents()

    def show(self, plan: WeekPlan, findings: list[Any]) -> None:
        self.model.set_plan(plan, findings)
        self.findings.set_findings(findings)
        self.top.repaint()  # paints now, with every child, as a frame would


def _screen(enabled: bool) -> _Screen | None:
    if not enabled:
        return None
    try:
        return _Screen()
    except ImportError:
        return None


def week_switch(repo: Repository, screen: _Screen | None) -> dict[str, Any]:
    """Medians of each step of showing another week, cycling through busy weeks."""
    api = _lint_api()
    settings = api[1].load(repo) if api else None
    zone = get_zone(repo.setting("zone") or ZONE_NAME)
    first = Week.parse(BENCH_WEEK, zone).shifted(-SWITCH_SPAN // 2)
    weeks = [first.shifted(i) for i in range(SWITCH_SPAN)]
    steps: dict[str, list[float]] = {"load": [], "lint": [], "view": [], "total": []}
    items: list[int] = []
    for round_ in range(SWITCH_ROUNDS + 1):
        for week in weeks:
            t0 = time.perf_counter()
            plan = repo.load_plan(week)
            t1 = time.perf_counter()
            findings = api[0](plan, settings) if api else []
            t2 = time.perf_counter()
            if screen is not None:
                screen.show(plan, findings)
            t3 = time.perf_counter()
            if round_ == 0:
                items.append(len(plan.week_posts()) + len(plan.week_occurrences()))
                continue  # warm-up: first reads of the file, first paint
            for name, value in (("load", t1 - t0), ("lint", t2 - t1), ("view", t3 - t2),
                                ("total", t3 - t0)):
                steps[name].append(value * 1000)
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
    try:  # the rules' own benchmark, when it offers the same measurement
        from bench import bench_lint  # type: ignore[attr-defined]

        shared = getattr(bench_lint, "relint_after_edit_ms", None)
    except ImportError:
        shared = None
    if shared is not None:
        return {"relint": shared(), "source": "bench/bench_lint.py"}
    lint, settings_type = api
    settings = settings_type.load(repo)
    zone = get_zone(repo.setting("zone") or ZONE_NAME)
    plan = _week_of(repo.load_plan(Week.parse(BENCH_WEEK, zone)), RELINT_ITEMS)
    posts = list(plan.posts)
    target = next(i for i, p in enumerate(posts) if plan.week.contains(p.start))
    times = []
    for n in range(RELINT_RUNS + 1):
        edited: Post = posts[target].with_(text=f"{posts[target].text} (edit {n})")
        start = time.perf_counter()
        posts[target] = edited
        lint(dataclasses.replace(plan, posts=tuple(posts)), settings)
        if n:
            times.append((time.perf_counter() - start) * 1000)
    week_items = len(plan.week_posts()) + len(plan.week_occurrences())
    return {"relint": statistics.median(times), "week_items": week_items, "source": "bench"}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_switch")
    parser.add_argument("db")
    parser.add_argument("--no-ui", action="store_true", help="leave the repaint out")
    parser.add_argument("--relint", action="store_true", help="also time re-linting one edit")
    args = parser.parse_args(argv)
    with Repository.open(args.db, readonly=True) as repo:
        result: dict[str, Any] = {"switch": week_switch(repo, _screen(not args.no_ui))}
        if args.relint:
            result["relint"] = relint_after_edit(repo)
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
