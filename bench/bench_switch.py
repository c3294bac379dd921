"""In-process timings of the window: switching weeks as a user does, and re-linting an edit.

Run in a child process by `python -m bench` (so the driver never loads Qt), or alone:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_switch DB [--relint]

Each round opens a new main window (every cache of the window and the cards emptied) on a
week outside the bench weeks, then:

- jumps to the first realistic week: a first visit with nothing read ahead;
- steps with Next through the other realistic weeks, pausing between steps as a person
  does (`PAUSE_S`): first visits, where the window may have read the week ahead while idle;
- steps back through them: revisits;
- in a file with the stress week: jumps there, steps to its neighbour and back.

For every switch two times are taken from the call of `go_to`, as wall-clock and as
this process's CPU time (the suite judges the CPU time: on an idle machine the two are
the same, on a shared one the wall time counts the others' work): **painted**, when the last day
column has finished its first paint of the new week, and **findings**, when the findings
list has finished painting the new week's problems. The event loop runs until both have
happened, so work put off with timers is inside the figures. It prints one JSON object of
medians in milliseconds.

The floor: the same seven columns of the same cards, as plain `QListView`s over a
`QStandardItemModel` with Qt's own delegate, reset and painted: the least Qt can do to
show these cards.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
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
from bench.make_db import (
    REALISTIC_WEEKS,
    STRESS_WEEK,
    ZONE_NAME,
)

ROUNDS = 7
PAUSE_S = 0.3  # between two clicks on Next: the user looks at the week
START_WEEK = "2026-W38"  # where each round's window opens: none of the weeks measured
RELINT_ITEMS = 500
RELINT_RUNS = 100
SETTLE_S = 10.0  # a switch that has not shown its findings by then is reported as broken


def _lint_api() -> tuple[Callable[[WeekPlan, Any], list[Any]], Any] | None:
    """The rules engine and the database's settings, if the engine is there yet."""
    try:
        from app.rules.engine import lint
        from app.rules.settings import RuleSettings
    except ImportError:
        return None
    return lint, RuleSettings


class _Paints:
    """When the day columns and the findings list last finished painting (wall, CPU)."""

    def __init__(self) -> None:
        from app.ui import findings_panel, week_view

        self.days: dict[int, tuple[float, float]] = {}
        self.findings: tuple[float, float] | None = None
        day_paint = week_view.DayView.paintEvent
        tree_event = findings_panel.FindingsTree.viewportEvent
        paints = self

        def day(view: Any, event: Any) -> None:
            day_paint(view, event)
            paints.days.setdefault(id(view), (time.perf_counter(), time.process_time()))

        def tree(view: Any, event: Any) -> bool:
            handled = tree_event(view, event)
            if event.type() == event.Type.Paint:
                paints.findings = (time.perf_counter(), time.process_time())
            return bool(handled)

        week_view.DayView.paintEvent = day  # type: ignore[method-assign]
        findings_panel.FindingsTree.viewportEvent = tree  # type: ignore[method-assign]

    def reset(self) -> None:
        self.days.clear()
        self.findings = None


class _Screen:
    """Presence's main window, offscreen, at the size of a laptop's screen."""

    def __init__(self, repo: Repository, settings_path: str, paints: _Paints, start: Week) -> None:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from app.ui.main_window import MainWindow

        self.app = QApplication.instance() or QApplication([])
        _clear_caches()
        self.paints = paints
        settings = QSettings(settings_path, QSettings.Format.IniFormat)
        self.window = MainWindow(repo, settings, start)
        self.window.resize(1400, 860)
        self.window.show()
        self.pause()

    def close(self) -> None:
        self.window.close()
        self.window.deleteLater()
        self.app.processEvents()

    def pause(self, seconds: float = PAUSE_S) -> None:
        """Let the event loop run as it does while the user looks (timers fire)."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    def _findings_of(self, week: Week) -> bool:
        advice = self.window.findings_panel.advice
        return advice is not None and advice is self.window.advice and advice.plan.week == week

    def switch(self, week: Week) -> dict[str, float]:
        """go_to(week), then the event loop until the week and its findings have painted."""
        paints = self.paints
        paints.reset()
        wall, cpu = time.perf_counter(), time.process_time()
        self.window.go_to(week)
        shown_at: float | None = None
        while True:
            if shown_at is None and self._findings_of(week):
                shown_at = time.perf_counter()  # set; its paint comes after this
            self.app.processEvents()
            now = time.perf_counter()
            # The columns on screen (a narrow window scrolls the others out of sight).
            visible = [v for v in self.window.week_view.views if not v.visibleRegion().isEmpty()]
            days_done = bool(visible) and all(id(v) in paints.days for v in visible)
            if days_done and shown_at is not None and paints.findings is not None \
                    and paints.findings[0] >= shown_at - 1e-9:
                break
            if now - wall > SETTLE_S:
                raise RuntimeError(f"{week.label}: the week or its findings never painted")
        painted = max(paints.days[id(v)] for v in visible)
        findings = paints.findings
        assert findings is not None
        return {"painted": (painted[0] - wall) * 1000, "painted_cpu": (painted[1] - cpu) * 1000,
                "findings": (findings[0] - wall) * 1000, "findings_cpu": (findings[1] - cpu) * 1000,
                "items": _items(self.window.plan)}


def _items(plan: WeekPlan | None) -> int:
    return 0 if plan is None else len(plan.week_posts()) + len(plan.week_occurrences())


def _clear_caches() -> None:
    """What a window keeps between weeks and across windows: a first visit starts without it."""
    from PySide6.QtGui import QPixmapCache

    QPixmapCache.clear()


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    keys = runs[0].keys()
    out = {k: statistics.median(r[k] for r in runs) for k in keys}
    out["runs"] = len(runs)
    return out


def visits(repo: Repository, settings_path: str) -> dict[str, Any]:
    """First visits (jump, next) and revisits of the realistic weeks; the stress week apart."""
    paints = _Paints()
    zone = get_zone(repo.setting("zone") or ZONE_NAME)
    weeks = [Week.parse(label, zone) for label in REALISTIC_WEEKS]
    stress = Week.parse(STRESS_WEEK, zone)
    has_stress = _items(repo.load_plan(stress)) > 1_000
    runs: dict[str, list[dict[str, float]]] = {
        "jump": [], "next": [], "revisit": [], "stress_first": [], "stress_revisit": []}
    for _ in range(ROUNDS):
        screen = _Screen(repo, settings_path, paints, Week.parse(START_WEEK, zone))
        try:
            if has_stress:
                runs["stress_first"].append(screen.switch(stress))
                screen.pause()
                screen.switch(stress.shifted(1))
                screen.pause()
                runs["stress_revisit"].append(screen.switch(stress))
            else:  # the window's first cards (the stress week's elsewhere): not timed; the
                # last bench week is long out of every cache when Next comes back to it
                screen.window.go_to(weeks[-1])
            screen.pause()
            runs["jump"].append(screen.switch(weeks[0]))
            screen.pause()
            for week in weeks[1:]:
                runs["next"].append(screen.switch(week))
                screen.pause()
            for week in reversed(weeks[:-1]):
                runs["revisit"].append(screen.switch(week))
                screen.pause()
        finally:
            screen.close()
    return {name: _median(r) if r else None for name, r in runs.items()}


def floor(repo: Repository) -> dict[str, float]:
    """The least Qt can do: seven plain list views of the week's items as one line each
    (uniform heights, Qt's own delegate), in a window of the same size: models reset, then
    the event loop paints what changed, as after a switch."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QGridLayout, QListView, QWidget

    app = QApplication.instance() or QApplication([])
    zone = get_zone(repo.setting("zone") or ZONE_NAME)
    plans = [repo.load_plan(Week.parse(label, zone)) for label in REALISTIC_WEEKS]
    window = QWidget()
    grid = QGridLayout(window)
    models = [QStandardItemModel(window) for _ in range(7)]
    views = []
    for col, model in enumerate(models):
        view = QListView(window)
        view.setModel(model)
        view.setUniformItemSizes(True)
        grid.addWidget(view, 0, col)
        views.append(view)
    window.resize(1400, 860)
    window.show()
    app.processEvents()
    times: list[float] = []
    cpu_times: list[float] = []
    for round_ in range(3):
        for plan in plans:
            days: list[list[str]] = [[] for _ in range(7)]
            for post in plan.week_posts():
                days[plan.week.days.index(post.start.astimezone(zone).date())].append(
                    f"{post.start:%H:%M} {post.platform} {post.text}")
            for occ in plan.week_occurrences():
                days[plan.week.days.index(occ.start.astimezone(zone).date())].append(
                    f"{occ.start:%H:%M} {occ.platform} {occ.activity.value}")
            start, cpu = time.perf_counter(), time.process_time()
            for model, texts in zip(models, days, strict=True):
                model.clear()
                for text in texts:
                    model.appendRow(QStandardItem(text))
            app.processEvents()
            if round_:
                times.append((time.perf_counter() - start) * 1000)
                cpu_times.append((time.process_time() - cpu) * 1000)
    window.close()
    return {"painted": statistics.median(times), "painted_cpu": statistics.median(cpu_times)}


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
    plan = _week_of(repo.load_plan(Week.parse(STRESS_WEEK, zone)), RELINT_ITEMS)
    posts = list(plan.posts)
    target = next(i for i, p in enumerate(posts) if plan.week.contains(p.start))
    times = []
    for n in range(RELINT_RUNS + 1):
        edited: Post = posts[target].with_(text=f"{posts[target].text} (edit {n})")
        start = time.process_time()
        posts[target] = edited
        lint(dataclasses.replace(plan, posts=tuple(posts)), settings)
        if n:
            times.append((time.process_time() - start) * 1000)
    week_items = len(plan.week_posts()) + len(plan.week_occurrences())
    return {"relint": statistics.median(times), "week_items": week_items, "db_items": None,
            "source": "bench"}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_switch")
    parser.add_argument("db")
    parser.add_argument("--relint", action="store_true", help="also time re-linting one edit")
    parser.add_argument("--no-floor", action="store_true", help="leave the bare-Qt floor out")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        # A copy: the window writes (notices, its daily marks) and the cached file must not change.
        db = os.path.join(tmp, "bench.db")
        shutil.copyfile(args.db, db)
        with Repository.open(db) as repo:
            result = _measure(repo, tmp, args.relint, not args.no_floor)
    json.dump(result, sys.stdout)
    print()
    return 0


def _measure(repo: Repository, tmp: str, relint: bool, with_floor: bool) -> dict[str, Any]:
    result: dict[str, Any] = {"switch": visits(repo, os.path.join(tmp, "layout.ini"))}
    if with_floor:
        result["floor"] = floor(repo)
    if relint:
        result["relint"] = relint_after_edit(repo)
    return result


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
