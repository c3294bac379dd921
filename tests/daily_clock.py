"""The injected clock of the daily-loop tests (services and window): times on Tuesday
24 November 2026 in Berlin, and a clock the test moves."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.conftest import BERLIN

DAY = datetime(2026, 11, 24, tzinfo=BERLIN)  # Tuesday


def at(hour: int, minute: int = 0, day: int = 0) -> datetime:
    return (DAY + timedelta(days=day)).replace(hour=hour, minute=minute)


class Clock:
    """The time the code under test sees; the test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now
