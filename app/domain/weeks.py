"""Weeks as the user lives them: seven local calendar days in the user's zone.

A week that crosses a DST change therefore lasts 167 or 169 hours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from app.domain.zones import UTC, local

MONDAY = 0
SUNDAY = 6

_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{2})$", re.IGNORECASE)


@lru_cache(maxsize=256)
def _midnight(day: date, zone: ZoneInfo) -> datetime:
    """Local midnight of a day; remembered, since views and rules ask for it per item."""
    return local(day, time(0), zone)


@dataclass(frozen=True, slots=True)
class Week:
    """A week of seven local days; `monday` names it, `first_day` says where it starts."""

    monday: date
    zone: ZoneInfo
    first_day: int = MONDAY  # MONDAY or SUNDAY

    @classmethod
    def containing(cls, day: date, zone: ZoneInfo, first_day: int = MONDAY) -> Week:
        """The week a local calendar day falls in."""
        if first_day == SUNDAY:
            first = day - timedelta(days=(day.weekday() + 1) % 7)
            return cls(first + timedelta(days=1), zone, first_day)
        return cls(day - timedelta(days=day.weekday()), zone, first_day)

    @classmethod
    def parse(cls, text: str, zone: ZoneInfo, first_day: int = MONDAY) -> Week:
        """`2026-W48` (ISO week) or any date in it (`2026-11-24`); ValueError otherwise."""
        text = text.strip()
        match = _ISO_WEEK.match(text)
        if match:
            year, number = int(match[1]), int(match[2])
            try:
                monday = date.fromisocalendar(year, number, 1)
            except ValueError:
                raise ValueError(f"{text!r} is not an ISO week ({year} has no week {number})") from None
            return cls(monday, zone, first_day)
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"{text!r} is neither an ISO week like 2026-W48 nor a date like 2026-11-24"
            ) from None
        return cls.containing(day, zone, first_day)

    @classmethod
    def current(cls, zone: ZoneInfo, first_day: int = MONDAY) -> Week:
        return cls.containing(datetime.now(zone).date(), zone, first_day)

    @property
    def label(self) -> str:
        """The ISO label, for example `2026-W48`."""
        year, number, _ = self.monday.isocalendar()
        return f"{year}-W{number:02d}"

    @property
    def first(self) -> date:
        return self.monday - timedelta(days=1) if self.first_day == SUNDAY else self.monday

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range(7)]

    @property
    def start(self) -> datetime:
        """Local midnight at the start of the first day."""
        return _midnight(self.first, self.zone)

    @property
    def end(self) -> datetime:
        """Local midnight after the last day (exclusive)."""
        return _midnight(self.first + timedelta(days=7), self.zone)

    @property
    def hours(self) -> float:
        """Elapsed hours, 167 or 169 across a DST change."""
        elapsed = self.end.astimezone(UTC) - self.start.astimezone(UTC)
        return elapsed.total_seconds() / 3600

    def shifted(self, weeks: int) -> Week:
        return Week(self.monday + timedelta(weeks=weeks), self.zone, self.first_day)

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def day_of(self, moment: datetime) -> date:
        """The local calendar day of a moment, in the week's zone."""
        return moment.astimezone(self.zone).date()
