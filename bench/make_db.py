"""Benchmark databases: 1,000 / 50,000 / 500,000 items over ten years of a blogger's life.

Posts and engagement slots spread over 2017-2026 on several platforms, with realistic
text and links (a growing blog archive, curated links, tracking parameters), some
repeating slots (most of them ended long ago) and ten years of done-marks: five daily
routines running since January 2017, ticked on most days (~12,800 marks).

The size of the file and the density of the weeks the benchmarks open are kept apart:
whatever the size, the weeks 2026-W44..W52 hold a realistic ~100 stored items each (~135
with the routines' occurrences), and from 50,000 items on, 2026-W30 is the stress week of
~1,400; the rest of the items fill the other weeks, more towards today. Built once per
size, schema and generator version, then reused from a cache folder: one transaction of
`executemany`, so 500,000 items take seconds, not minutes.

    .venv/bin/python -m bench.make_db 50000     # prints the cached file's path
"""

from __future__ import annotations

import os
import random
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from app.domain.items import Activity, Slot
from app.domain.recurrence import last_start
from app.domain.zones import from_epoch, to_epoch
from app.storage.database import open_database
from app.storage.schema import SCHEMA_VERSION

SIZES = (1_000, 50_000, 500_000)
# Bump when the generated content changes, so stale caches are rebuilt.
GENERATOR_VERSION = 3
ZONE_NAME = "Europe/Berlin"
FIRST_DAY = date(2017, 1, 2)  # a Monday: ten years, 2017-W01 to 2026-W52
WEEKS = 522
# The weeks the benchmarks open: a realistic week and its neighbours, whatever the size.
BENCH_WEEK = "2026-W48"
REALISTIC_WEEKS = tuple(f"2026-W{n}" for n in range(44, 53))
REALISTIC_STORED = 100  # posts and slots stored in each; the routines add 35 occurrences
# The stress week, only in files large enough to hold it.
STRESS_WEEK = "2026-W30"
STRESS_STORED = 1_400
STRESS_MIN_SIZE = 50_000
# Daily routines running since the first day, ticked on this share of the days until today.
ROUTINES = 5
ROUTINE_TICKED = 0.7
TODAY = date(2026, 11, 23)

# platform -> relative share of the posts (a blogger lives mostly on a few of them)
PLATFORM_SHARE = {
    "mastodon": 22, "x": 18, "linkedin": 14, "bluesky": 14, "instagram": 10,
    "threads": 8, "facebook": 6, "pinterest": 4, "youtube": 2, "reddit": 2,
}
KIND_SHARE = {"own": 35, "curated": 30, "conversation": 20, "promo": 15}
ACTIVITY_SHARE = {"reply": 35, "comment": 25, "listen": 15, "share": 15, "network": 10}
# One item in RECURRING_EVERY is a repeating slot.
RECURRING_EVERY = 500
SLOT_SHARE = 0.14

_SUBJECTS = (
    "Lisbon on foot", "a slow week in Porto", "night trains across the Alps", "the Camino's"
    " last stage", "Kyoto before breakfast", "packing light for a month", "the photo-walks"
    " course", "travel blogging and sponsors", "the Faroe Islands in winter", "walking Rome's"
    " aqueducts", "the best bakeries of Vienna", "cycling the Danube", "budgeting a slow year",
    "street photography ethics", "finding quiet in Venice", "rain days in Edinburgh",
)
_OPENERS = (
    "New on the blog:", "Question for you:", "Loved this piece on", "Behind the scenes of",
    "Five things I learnt from", "Early-bird places left for", "A thread on", "Reading:",
    "Still thinking about", "Worth your time:", "Last call for", "What would you add to",
)
_FILLERS = (
    "every hill had a view", "the trick is to start before the crowds", "bring a second pair"
    " of socks", "it took me three tries to get this right", "the locals were kinder than any"
    " guide", "map in the link", "comments open, tell me yours", "with a few photos I have"
    " never shared", "including where to rest your legs", "prices checked this month",
    "and why I would go again", "no sponsor, just honest notes", "👣 one step at a time",
    "日本語の地名も少し", "café recommendations welcome",
)
_TAGS = ("travel", "slowtravel", "photography", "walking", "lisbon", "trains", "budget",
         "question", "launch", "course", "writing", "europe", "japan")
_CURATED_SITES = (
    "https://walkingcities.example.org/essays", "https://photo.example.net/guides",
    "https://www.trainlife.example.com/stories", "https://quietplaces.example.org/notes",
    "https://news.example.com/travel", "https://longreads.example.net/2020",
)
_BLOG = "https://www.slowroads.blog"
_SHOP = f"{_BLOG}/shop"


def _week_index(label: str) -> int:
    year, week = label.split("-W")
    return (date.fromisocalendar(int(year), int(week), 1) - FIRST_DAY).days // 7


def cache_dir() -> Path:
    """`PRESENCE_BENCH_CACHE`, else a folder in the system's temporary directory."""
    env = os.environ.get("PRESENCE_BENCH_CACHE")
    return Path(env) if env else Path(tempfile.gettempdir()) / "presence-bench"


def db_name(size: int) -> str:
    return f"items-{size}-schema{SCHEMA_VERSION}-gen{GENERATOR_VERSION}.db"


def _weighted(share: dict[str, int]) -> tuple[list[str], list[int]]:
    keys = list(share)
    total = 0
    cumulative = []
    for key in keys:
        total += share[key]
        cumulative.append(total)
    return keys, cumulative


class _Generator:
    """Deterministic rows for the `items` and `slot_done` tables."""

    def __init__(self, size: int, accounts: dict[str, int], personal: dict[str, int]) -> None:
        self.size = size
        self.rng = random.Random(size)
        self.zone = ZoneInfo(ZONE_NAME)
        self.accounts = accounts
        self.personal = personal
        self.platforms = _weighted(PLATFORM_SHARE)
        self.kinds = _weighted(KIND_SHARE)
        self.activities = _weighted(ACTIVITY_SHARE)
        # The blog grows: one article a week or so, each shared again and again.
        self.articles = [
            f"{_BLOG}/{self.rng.choice(_SUBJECTS).lower().replace(' ', '-').replace(chr(39), '')}"
            f"-{n}" for n in range(600)
        ]
        self.done: list[tuple[int, int]] = []

    def pick(self, table: tuple[list[str], list[int]]) -> str:
        return self.rng.choices(table[0], cum_weights=table[1])[0]

    def instant(self, day: date, hour: int, minute: int) -> int:
        local = datetime.combine(day, time(hour, minute), self.zone)
        return int(local.timestamp())

    def text(self, kind: str) -> str:
        rng = self.rng
        words = [rng.choice(_OPENERS), rng.choice(_SUBJECTS) + ":", rng.choice(_FILLERS)]
        for _ in range(rng.choice((0, 0, 1, 2, 4))):
            words.append(rng.choice(_FILLERS))
        if kind == "conversation":
            words.append("What was yours?")
        return " ".join(words) + "."

    def link(self, kind: str, week_index: int) -> str:
        rng = self.rng
        if kind == "conversation" and rng.random() < 0.8:
            return ""
        if kind == "curated":
            return f"{rng.choice(_CURATED_SITES)}/{rng.randrange(5000)}"
        if kind == "promo":
            url = f"{_SHOP}/{rng.choice(('photo-walks-course', 'lisbon-guide-pdf', 'presets'))}"
        else:
            published = max(1, week_index * len(self.articles) // WEEKS)
            url = self.articles[rng.randrange(max(0, published - 20), published)]
        if rng.random() < 0.3:
            url += f"?utm_source={rng.choice(tuple(PLATFORM_SHARE))}&utm_medium=social"
        elif rng.random() < 0.2:
            url += "/"
        return url

    def rrule(self, start: date) -> str:
        """A repeating rule that ends after weeks or months, as most routines do."""
        rng = self.rng
        days = ",".join(sorted(rng.sample(("MO", "TU", "WE", "TH", "FR"), rng.randint(1, 5)),
                               key=("MO", "TU", "WE", "TH", "FR").index))
        roll = rng.random()
        if roll < 0.45:
            until = start + timedelta(weeks=rng.randint(2, 26))
            return f"FREQ=WEEKLY;BYDAY={days};UNTIL={until:%Y%m%d}T220000Z"
        if roll < 0.75:
            return f"FREQ=DAILY;COUNT={rng.randint(5, 60)}"
        if roll < 0.9:
            return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={days};COUNT={rng.randint(3, 20)}"
        return f"FREQ=MONTHLY;BYMONTHDAY={rng.randint(1, 28)};COUNT={rng.randint(3, 12)}"

    def week_counts(self) -> list[int]:
        """Stored items per week: fixed in the bench weeks, the rest growing towards today."""
        fixed: dict[int, int] = {}
        for label in REALISTIC_WEEKS:
            fixed[_week_index(label)] = REALISTIC_STORED
        if self.size >= STRESS_MIN_SIZE:
            fixed[_week_index(STRESS_WEEK)] = STRESS_STORED
        rest = self.size - ROUTINES - sum(fixed.values())
        if rest < 0:
            raise ValueError(f"{self.size} items cannot hold the bench weeks")
        # The blog grows: later weeks hold more than early ones (1x to 2x).
        free = [i for i in range(WEEKS) if i not in fixed]
        weights = [1 + i / WEEKS for i in free]
        total = sum(weights)
        counts = [0] * WEEKS
        running = 0.0
        given = 0
        for i, weight in zip(free, weights, strict=True):
            running += weight
            upto = round(rest * running / total)
            counts[i] = upto - given
            given = upto
        for i, count in fixed.items():
            counts[i] = count
        return counts

    def items(self) -> Iterator[tuple[object, ...]]:
        """Rows in time order, so ids grow with time as they do in real use."""
        rng = self.rng
        today_week = (TODAY - FIRST_DAY).days // 7
        # Series begun in the year before the bench weeks would run into them and make the
        # realistic week's density depend on the file's size: that year has none.
        quiet_from = _week_index(REALISTIC_WEEKS[0]) - 53
        item_id = 0
        for week_index, count in enumerate(self.week_counts()):
            monday = FIRST_DAY + timedelta(weeks=week_index)
            past = week_index < today_week
            if week_index == 0:  # routines begun in the first week that never ended
                for _ in range(ROUTINES):
                    item_id += 1
                    yield self.slot(item_id, monday, week_index, past, "FREQ=DAILY", routine=True)
            for _ in range(count):
                item_id += 1
                day = monday + timedelta(days=rng.randrange(7))
                if item_id % RECURRING_EVERY == 0 and week_index < quiet_from:
                    yield self.slot(item_id, day, week_index, past, self.rrule(day))
                elif rng.random() < SLOT_SHARE:
                    yield self.slot(item_id, day, week_index, past, None)
                else:
                    yield self.post(day, week_index, past)

    def post(self, day: date, week_index: int, past: bool) -> tuple[object, ...]:
        rng = self.rng
        platform = self.pick(self.platforms)
        kind = self.pick(self.kinds)
        if past:
            status = "skipped" if rng.random() < 0.05 else "posted"
        else:
            status = rng.choice(("scheduled", "scheduled", "draft", "idea"))
        account = self.accounts.get(platform)
        if kind != "promo" and platform in self.personal and rng.random() < 0.3:
            account = self.personal[platform]
        tags = ";".join(rng.sample(_TAGS, rng.choice((0, 1, 1, 2, 3))))
        notes = "check the photo credits" if rng.random() < 0.05 else ""
        start = self.instant(day, rng.randrange(7, 22), rng.choice((0, 0, 15, 30, 45, 5, 50)))
        return ("post", platform, account, start, ZONE_NAME, kind, status, None, None,
                self.text(kind), self.link(kind, week_index), tags, notes, None)

    def slot(self, item_id: int, day: date, week_index: int, past: bool,
             rrule: str | None, routine: bool = False) -> tuple[object, ...]:
        rng = self.rng
        platform = self.pick(self.platforms)
        start = self.instant(day, rng.choice((8, 9, 12, 13, 17, 18)), rng.choice((0, 30)))
        if routine:  # ticked on most days since it began, as a habit is
            moment = from_epoch(start, self.zone)
            for n in range((TODAY - day).days):
                if rng.random() < ROUTINE_TICKED:
                    self.done.append((item_id, to_epoch(moment + timedelta(days=n))))
        elif past and (rrule is not None or rng.random() < 0.7):
            self.done.append((item_id, start))
        notes = "reply to every comment on the latest article" if rng.random() < 0.1 else ""
        activity = self.pick(self.activities)
        duration = rng.choice((10, 15, 20, 30, 45, 60))
        last = None
        if rrule is not None:  # what the repository stores for a repeating slot
            slot = Slot(platform, from_epoch(start, self.zone), duration, Activity(activity), rrule)
            end = last_start(slot)
            last = None if end is None else to_epoch(end)
        return ("slot", platform, None, start, ZONE_NAME, activity, None, duration, rrule,
                "", "", "", notes, last)


def build(size: int, target: Path) -> None:
    """Write a fresh database of `size` items to `target` (which must not exist)."""
    conn = open_database(target)
    try:
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN IMMEDIATE")
        accounts: dict[str, int] = {}
        personal: dict[str, int] = {}
        for platform in PLATFORM_SHARE:
            accounts[platform] = conn.execute(
                "INSERT INTO accounts (platform, handle, use) VALUES (?, 'slowroads', 'business')"
                " RETURNING id", (platform,)).fetchone()[0]
        for platform in ("x", "linkedin"):
            personal[platform] = conn.execute(
                "INSERT INTO accounts (platform, handle, use) VALUES (?, 'ana-lopes', 'personal')"
                " RETURNING id", (platform,)).fetchone()[0]
        gen = _Generator(size, accounts, personal)
        conn.executemany(
            "INSERT INTO items (type, platform, account_id, start_utc, tz, kind, status,"
            " duration_min, rrule, text, link, tags, notes, last_utc)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            gen.items(),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO slot_done (item_id, occurrence_utc) VALUES (?, ?)", gen.done)
        conn.execute("INSERT INTO settings (key, value) VALUES ('zone', ?)", (f'"{ZONE_NAME}"',))
        conn.execute("COMMIT")
        count = conn.execute("SELECT count(*) FROM items").fetchone()[0]
        if count != size:
            raise RuntimeError(f"built {count} items, wanted {size}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def database(size: int, *, quiet: bool = False) -> Path:
    """The cached database of `size` items, built first if missing."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / db_name(size)
    if path.exists():
        return path
    if not quiet:
        print(f"bench: building {size:,} items in {path} ...", file=sys.stderr, flush=True)
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        build(size, tmp)
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
    return path


def row_count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM items").fetchone()[0])
    finally:
        conn.close()


def main(argv: list[str]) -> int:
    sizes = [int(a.replace(",", "").replace("_", "")) for a in argv] or list(SIZES)
    for size in sizes:
        print(database(size))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
