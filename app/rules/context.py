"""What every rule needs, computed once per lint: counted items, their instants and days.

Built in one pass so that linting on every keystroke stays well under a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from app.domain.items import Occurrence, Post, PostKind, PostStatus
from app.domain.plan import WeekPlan
from app.rules.settings import RuleSettings

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class PostEntry:
    """A counted post with its instant (epoch seconds) and local time in the week's zone."""

    __slots__ = ("in_week", "local", "post", "ts")

    def __init__(self, post: Post, ts: float, local: datetime, in_week: bool) -> None:
        self.post = post
        self.ts = ts
        self.local = local
        self.in_week = in_week

    @property
    def id(self) -> int | None:
        return self.post.id

    @property
    def day(self) -> date:
        return self.local.date()


class SlotEntry:
    """One engagement slot occurrence inside the week."""

    __slots__ = ("local", "occurrence")

    def __init__(self, occurrence: Occurrence, local: datetime) -> None:
        self.occurrence = occurrence
        self.local = local

    @property
    def id(self) -> int | None:
        return self.occurrence.slot.id

    @property
    def day(self) -> date:
        return self.local.date()


class Context:
    """The week's counted posts (with margins) and slot occurrences, grouped as rules want."""

    def __init__(self, plan: WeekPlan, settings: RuleSettings) -> None:
        self.plan = plan
        self.settings = settings
        self.week = plan.week
        zone = self.zone = plan.week.zone
        lo, hi = plan.week.start.timestamp(), plan.week.end.timestamp()
        self.cache: dict[str, Any] = {}

        posts: list[PostEntry] = []
        skipped = PostStatus.SKIPPED
        for post in plan.posts:
            if post.status is skipped:
                continue
            start = post.start
            ts = start.timestamp()
            moment = start if start.tzinfo is zone else start.astimezone(zone)
            posts.append(PostEntry(post, ts, moment, lo <= ts < hi))
        posts.sort(key=_ts)
        self.posts = posts
        week_posts: list[PostEntry] = []
        by_platform: dict[str, list[PostEntry]] = {}
        week_by_platform: dict[str, list[PostEntry]] = {}
        for entry in posts:
            platform = entry.post.platform
            group = by_platform.get(platform)
            if group is None:
                group = by_platform[platform] = []
            group.append(entry)
            if entry.in_week:
                week_posts.append(entry)
                group = week_by_platform.get(platform)
                if group is None:
                    group = week_by_platform[platform] = []
                group.append(entry)
        self.week_posts = week_posts
        self.by_platform = by_platform
        self.week_by_platform = week_by_platform

        slots: list[SlotEntry] = []
        for occ in plan.occurrences:
            start = occ.start
            ts = start.timestamp()
            if lo <= ts < hi:
                slots.append(SlotEntry(occ, start if start.tzinfo is zone else start.astimezone(zone)))
        self.slots = slots
        slots_by_platform: dict[str, list[SlotEntry]] = {}
        for slot in slots:
            slots_by_platform.setdefault(slot.occurrence.slot.platform, []).append(slot)
        self.slots_by_platform = slots_by_platform

    def kinds(self, platform: str) -> dict[PostKind, list[PostEntry]]:
        """The platform's posts in the week by kind (computed once, shared by four rules)."""
        cached: dict[str, dict[PostKind, list[PostEntry]]] = self.cache.setdefault("kinds", {})
        found = cached.get(platform)
        if found is None:
            found = {kind: [] for kind in PostKind}
            for entry in self.week_by_platform.get(platform, ()):
                found[entry.post.kind].append(entry)
            cached[platform] = found
        return found

    def days(self, platform: str) -> dict[date, list[PostEntry]]:
        """The platform's posts in the week by local day, in time order."""
        cached: dict[str, dict[date, list[PostEntry]]] = self.cache.setdefault("days", {})
        found = cached.get(platform)
        if found is None:
            found = {}
            for entry in self.week_by_platform.get(platform, ()):
                day = entry.local.date()
                group = found.get(day)
                if group is None:
                    group = found[day] = []
                group.append(entry)
            cached[platform] = found
        return found

    # -- wording helpers shared by the rules ----------------------------------------------

    def name(self, platform: str) -> str:
        """The platform's display name ("LinkedIn"), or its id if unknown."""
        known = self.plan.platforms.get(platform)
        return known.name if known else platform

    def when(self, moment: datetime) -> str:
        """"Tuesday 08:00" inside the week, "Sunday 22 Nov 20:00" in its margins."""
        # Formatted from fields: strftime imports `time` on every call (~3 µs with Qt loaded).
        return f"{self.on(moment.date())} {moment.hour:02d}:{moment.minute:02d}"

    def on(self, day: date) -> str:
        """"Tuesday" inside the week, "Sunday 22 Nov" outside it."""
        name = DAY_NAMES[day.weekday()]
        first = self.week.first
        if 0 <= (day - first).days < 7:
            return name
        return f"{name} {day.day} {SHORT_MONTHS[day.month - 1]}"


def _ts(entry: PostEntry) -> float:
    return entry.ts


def item_ids(entries: Iterable[PostEntry] | Iterable[SlotEntry]) -> tuple[int, ...]:
    """Ids in order, each once (a repeating slot's occurrences share the slot's id)."""
    seen = dict.fromkeys(entry.id for entry in entries)
    seen.pop(None, None)
    return tuple(seen)  # type: ignore[arg-type]


def plural(count: int, word: str, words: str | None = None) -> str:
    """"1 post", "3 posts"."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def span_text(entries: Sequence[PostEntry]) -> str:
    """How long a cluster of posts lasts, for a message: "44 minutes", "the same minute"."""
    minutes = round((entries[-1].ts - entries[0].ts) / 60)
    return plural(minutes, "minute") if minutes else "the same minute"


def first_day_in_week(entries: Iterable[PostEntry]) -> date | None:
    """The day a window finding belongs to: that of its first item inside the week."""
    for entry in entries:
        if entry.in_week:
            return entry.day
    return None
