"""Lint performance: the engine on a busy week, and `presence lint` as a whole process.

    .venv/bin/python -m bench.bench_lint [--runs N]

Builds (once, cached in the temporary folder) a database of 50,000 posts and slots over
four years, 500 of them in the benchmark week on 10 platforms, then prints:

- the engine re-linting that week: median milliseconds, warm (as on every keystroke:
  one post changed, link and length caches warm) and cold (all caches cleared);
- `presence lint` as a process beside `python -c 'import sqlite3 ...'` opening the same
  file and running one query, run alternately on the same interpreter, and their ratio.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from app.domain.items import Activity, Post, PostKind, PostStatus, Slot
from app.domain.weeks import Week
from app.domain.zones import get_zone
from app.storage.repository import Repository

ZONE = "Europe/Berlin"
WEEK = "2026-W48"
TOTAL = 50_000
IN_WEEK = 500
PLATFORMS = ("x", "bluesky", "mastodon", "threads", "linkedin", "facebook", "instagram",
             "pinterest", "tiktok", "youtube")
GENERATION = 1

_WORDS = ("Lisbon", "on foot", "slow travel", "night trains", "a quiet square", "blue hour",
          "the best bakery", "café", "日本の駅", "👣", "what would you add?", "seven walks")

BASELINE = """
import sqlite3, sys
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
conn.execute("SELECT * FROM items WHERE start_utc >= ? AND start_utc < ?",
             (int(sys.argv[2]), int(sys.argv[3]))).fetchall()
"""


def _items(rng: random.Random, start: datetime, span: timedelta, count: int) -> list[Post | Slot]:
    zone = get_zone(ZONE)
    items: list[Post | Slot] = []
    seconds = int(span.total_seconds())
    for _ in range(count):
        when = (start + timedelta(seconds=rng.randrange(0, seconds, 300))).astimezone(zone)
        platform = rng.choice(PLATFORMS)
        if rng.random() < 0.2:
            items.append(Slot(platform, when, rng.choice((15, 20, 30)), rng.choice(list(Activity))))
            continue
        kind = rng.choice(list(PostKind))
        text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 30)))
        link = "" if kind is PostKind.CONVERSATION else (
            f"https://www.slowroads.blog/post-{rng.randrange(300)}"
            + rng.choice(("", "/", "?utm_source=x", "?utm_source=m&utm_medium=social")))
        status = rng.choice((PostStatus.SCHEDULED, PostStatus.DRAFT, PostStatus.IDEA,
                             PostStatus.POSTED, PostStatus.SKIPPED))
        items.append(Post(platform, when, kind, status, text, link))
    return items


def database() -> Path:
    """The benchmark database, built on first use."""
    folder = Path(tempfile.gettempdir()) / "presence-bench-lint"
    folder.mkdir(exist_ok=True)
    path = folder / f"lint-{TOTAL}-gen{GENERATION}.db"
    if path.exists():
        return path
    print(f"bench: building {TOTAL:,} items in {path} ...", file=sys.stderr, flush=True)
    rng = random.Random(48)
    week = Week.parse(WEEK, get_zone(ZONE))
    tmp = path.with_suffix(".tmp")
    for leftover in folder.glob(tmp.name + "*"):
        leftover.unlink()
    repo = Repository.open(tmp)
    try:
        repo.set_setting("zone", ZONE)
        repo.add_many(_items(rng, week.start, timedelta(days=7), IN_WEEK))
        before = _items(rng, week.start - timedelta(weeks=156), timedelta(weeks=156),
                        (TOTAL - IN_WEEK) * 3 // 4)
        after = _items(rng, week.end, timedelta(weeks=52), TOTAL - IN_WEEK - len(before))
        # Keep the margins of the week as busy as an ordinary week, not a second bench week.
        repo.add_many(before)
        repo.add_many(after)
        repo.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        repo.close()
    os.replace(tmp, path)
    return path


def _timed_ms(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(median, best) milliseconds; the best shows the cost when no one else wants the CPU."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, min(times) * 1000


def engine(path: Path, runs: int) -> dict[str, Any]:
    from app.rules import links, ratios, text_length
    from app.rules.engine import lint
    from app.rules.settings import RuleSettings

    with Repository.open(path, readonly=True) as repo:
        week = Week.parse(WEEK, get_zone(ZONE))
        plan = repo.load_plan(week)
        settings = RuleSettings.load(repo)
    in_week = len(plan.week_posts()) + len({o.id for o in plan.week_occurrences()})
    platforms = len({p.platform for p in plan.week_posts()})
    posts = list(plan.posts)
    target = next(i for i, p in enumerate(posts) if week.contains(p.start))
    counter = [0]

    def keystroke() -> None:
        counter[0] += 1
        posts[target] = posts[target].with_(text=posts[target].text + "x")
        lint(dataclasses.replace(plan, posts=tuple(posts)), settings)

    def cold() -> None:
        for cached in (links.normalise_link, links._link_in_text, text_length._count,
                       text_length._at_most, text_length.link_candidates, ratios.has_commentary):
            cached.cache_clear()
        lint(plan, settings)

    return {
        "items_in_week": in_week,
        "platforms": platforms,
        "posts_with_margins": len(plan.posts),
        "warm_ms": _timed_ms(keystroke, runs),
        "cold_ms": _timed_ms(cold, max(10, runs // 10)),
        "findings": len(lint(plan, settings)),
    }


def process(path: Path, runs: int) -> dict[str, Any]:
    week = Week.parse(WEEK, get_zone(ZONE))
    lo, hi = int(week.start.timestamp()), int(week.end.timestamp())
    lint_cmd = [sys.executable, "-m", "app", "lint", "--db", str(path), "--week", WEEK]
    base_cmd = [sys.executable, "-c", BASELINE, str(path), str(lo), str(hi)]
    timings: dict[str, list[float]] = {"lint": [], "baseline": []}
    for _ in range(runs):  # alternate, so a change in machine load hits both alike
        for name, argv in (("lint", lint_cmd), ("baseline", base_cmd)):
            start = time.perf_counter()
            done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  check=False)
            timings[name].append(time.perf_counter() - start)
            if done.returncode not in (0, 1):
                raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()}")
    lint_ms = statistics.median(timings["lint"]) * 1000
    base_ms = statistics.median(timings["baseline"]) * 1000
    best_lint, best_base = min(timings["lint"]) * 1000, min(timings["baseline"]) * 1000
    return {"lint_ms": (lint_ms, best_lint), "baseline_ms": (base_ms, best_base),
            "ratio": lint_ms / base_ms, "best_ratio": best_lint / best_base}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="engine runs (default 200)")
    parser.add_argument("--process-runs", type=int, default=21,
                        help="process runs of each command (default 21)")
    args = parser.parse_args(argv)
    path = database()
    e = engine(path, args.runs)
    print(f"database: {path} ({TOTAL:,} items)")
    print(f"week {WEEK}: {e['items_in_week']} posts and slots on {e['platforms']} platforms, "
          f"{e['posts_with_margins']} posts with the 72 h margins, {e['findings']} findings")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print("engine, after one edit (warm caches): median {:.2f} ms, best {:.2f} ms "
          "(budget 5 ms)".format(*e["warm_ms"]))
    print("engine, all caches cleared:            median {:.2f} ms, best {:.2f} ms".format(
        *e["cold_ms"]))
    p = process(path, args.process_runs)
    print("presence lint (whole process):      median {:.1f} ms, best {:.1f} ms".format(
        *p["lint_ms"]))
    print("python -c 'import sqlite3' + query: median {:.1f} ms, best {:.1f} ms".format(
        *p["baseline_ms"]))
    print(f"ratio: {p['ratio']:.2f}x of medians, {p['best_ratio']:.2f}x of bests (budget 5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
