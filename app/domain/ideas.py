"""Planning faster (SPEC section 11): ideas without a date, evergreen posts, posting times.

An idea is a post that has no day yet; it waits in the backlog until it is dragged onto a
day or placed by a fill. An evergreen post may run again (a copy of it, a "run") after a
minimum gap, at most so many times, until an end date. Posting times are the weekly times
a user likes to post on a platform ("mon-fri 09:00,13:00; sat 10:00").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from app.domain.items import Post, PostKind, PostStatus


@dataclass(frozen=True, slots=True)
class Idea:
    """A post without a date, waiting in the backlog."""

    platform: str
    kind: PostKind
    text: str = ""
    link: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""
    account: str | None = None
    id: int | None = None
    position: int = 0  # order in the backlog, oldest first

    def with_(self, **changes: object) -> Idea:
        return replace(self, **changes)  # type: ignore[arg-type]

    def as_post(self, start: datetime, status: PostStatus = PostStatus.SCHEDULED) -> Post:
        """The idea planned at `start` (a new post: no id)."""
        return Post(self.platform, start, self.kind, status, self.text, self.link, self.tags,
                    self.notes, self.account)

    @classmethod
    def of_post(cls, post: Post) -> Idea:
        """A post taken back to the backlog: its day is dropped, the rest kept."""
        return cls(post.platform, post.kind, post.text, post.link, post.tags, post.notes,
                   post.account)

    @property
    def title(self) -> str:
        """The first line of the text, or the link, for lists."""
        first = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first or self.link or "(no text)"


@dataclass(frozen=True, slots=True)
class Evergreen:
    """How an evergreen post may run again: `gap_days` after its last run at the soonest,
    at most `max_runs` runs (None: no limit), not after `until` (a local date; None: no end)."""

    gap_days: int = 30
    max_runs: int | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.gap_days < 1:
            raise ValueError("the gap between runs must be at least 1 day")
        if self.max_runs is not None and self.max_runs < 1:
            raise ValueError("the number of runs must be at least 1 (or no limit)")

    def describe(self) -> str:
        parts = [f"every {self.gap_days} day{'s' if self.gap_days != 1 else ''} at the soonest"]
        if self.max_runs is not None:
            parts.append(f"at most {self.max_runs} run{'s' if self.max_runs != 1 else ''}")
        if self.until is not None:
            parts.append(f"until {self.until.isoformat()}")
        return ", ".join(parts)


# -- posting times ----------------------------------------------------------------------

DAY_WORDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LONG_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")

PostingTimes = tuple[tuple[int, time], ...]  # (weekday, time), Monday = 0, sorted
POSTING_TIMES_EXAMPLE = "mon-fri 09:00,13:00; sat 10:00"


def _day(word: str) -> int:
    w = word.strip().lower()
    for number, (short, long) in enumerate(zip(DAY_WORDS, _LONG_DAYS, strict=True)):
        if w in (short, long, long[:2]) or (len(w) >= 3 and long.startswith(w)):
            return number
    raise ValueError(f"{word.strip()!r} is not a day (mon, tue, wed, thu, fri, sat, sun)")


def _days(text: str) -> list[int]:
    days: list[int] = []
    for part in text.split(","):
        if not part.strip():
            raise ValueError(f"an empty day in {text.strip()!r}")
        if "-" in part:
            first, _, last = part.partition("-")
            a, b = _day(first), _day(last)
            span = list(range(a, b + 1)) if a <= b else [*range(a, 7), *range(0, b + 1)]
            days.extend(span)
        else:
            days.append(_day(part))
    return days


def _time(text: str) -> time:
    m = _TIME.match(text.strip())
    if m is None or int(m[1]) > 23 or int(m[2]) > 59:
        raise ValueError(f"{text.strip()!r} is not a 24-hour time like 09:00")
    return time(int(m[1]), int(m[2]))


def parse_posting_times(text: str) -> PostingTimes:
    """`mon-fri 09:00,13:00; sat 10:00`: groups separated by `;`, each days then times;
    days by name (`mon`..`sun`), ranges with `-`, lists with `,`. Empty text: none.
    ValueError says what is wrong, in one line."""
    found: set[tuple[int, time]] = set()
    for group in text.split(";"):
        group = group.strip()
        if not group:
            continue
        # Days, then times: the times start at the first word that starts with a digit,
        # so "Monday, Wednesday 9:30" reads as people write it.
        words = group.split()
        first_time = next((n for n, w in enumerate(words) if w[0].isdigit()), len(words))
        if first_time == 0 or first_time == len(words):
            raise ValueError(f"{group!r} needs days then times, like {POSTING_TIMES_EXAMPLE!r}")
        days_text, times_text = "".join(words[:first_time]), " ".join(words[first_time:])
        days = _days(days_text)
        times = [_time(t) for t in re.split(r"[,\s]+", times_text.strip()) if t]
        found.update((d, t) for d in days for t in times)
    return tuple(sorted(found))


def show_posting_times(times: PostingTimes) -> str:
    """The canonical text of posting times (days with the same times grouped, ranges
    where days follow each other): `parse_posting_times` reads it back to the same."""
    by_times: dict[tuple[time, ...], list[int]] = {}
    per_day: dict[int, list[time]] = {}
    for day, at in times:
        per_day.setdefault(day, []).append(at)
    for day in sorted(per_day):
        by_times.setdefault(tuple(sorted(per_day[day])), []).append(day)
    groups = []
    for ats, days in sorted(by_times.items(), key=lambda kv: kv[1][0]):
        runs: list[list[int]] = []
        for d in days:
            if runs and runs[-1][-1] == d - 1:
                runs[-1].append(d)
            else:
                runs.append([d])
        day_text = ",".join(DAY_WORDS[r[0]] if len(r) == 1 else
                            (f"{DAY_WORDS[r[0]]},{DAY_WORDS[r[1]]}" if len(r) == 2
                             else f"{DAY_WORDS[r[0]]}-{DAY_WORDS[r[-1]]}") for r in runs)
        groups.append(f"{day_text} " + ",".join(f"{t.hour:02d}:{t.minute:02d}" for t in ats))
    return "; ".join(groups)
