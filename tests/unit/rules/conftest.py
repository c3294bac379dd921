"""A small builder of week plans for rule tests: posts and slots on the days of one week."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.items import (
    Account,
    AccountUse,
    Activity,
    Goal,
    GoalMetric,
    Post,
    PostKind,
    PostStatus,
    Slot,
)
from app.domain.plan import MARGIN, WeekPlan
from app.domain.platforms import BUILTIN_BY_ID, Platform
from app.domain.recurrence import expand
from app.domain.weeks import Week
from app.domain.zones import local
from app.rules.engine import lint
from app.rules.findings import Finding
from app.rules.settings import RuleSettings


class PlanBuilder:
    """Items placed by day offset from the week's Monday (negative or past 6: the margins)."""

    def __init__(self, week: str = "2026-W48", zone: str = "Europe/Berlin") -> None:
        self.zone = ZoneInfo(zone)
        self.week = Week.parse(week, self.zone)
        self.posts: list[Post] = []
        self.slots: list[Slot] = []
        self.accounts: list[Account] = []
        self.goals: list[Goal] = []
        self.platforms: dict[str, Platform] = dict(BUILTIN_BY_ID)
        self._next = 1

    def at(self, day: int, hh: int, mm: int = 0) -> datetime:
        return local(self.week.monday + timedelta(days=day), time(hh, mm), self.zone)

    def _id(self) -> int:
        self._next += 1
        return self._next - 1

    def post(
        self, platform: str, when: datetime, kind: str = "own", status: str = "scheduled",
        text: str = "A note from the road.", link: str = "", account: str | None = None,
    ) -> int:
        item_id = self._id()
        self.posts.append(Post(platform, when, PostKind(kind), PostStatus(status), text, link,
                               account=account, id=item_id))
        return item_id

    def slot(self, platform: str, when: datetime, activity: str = "reply", minutes: int = 20,
             rrule: str | None = None) -> int:
        item_id = self._id()
        self.slots.append(Slot(platform, when, minutes, Activity(activity), rrule, id=item_id))
        return item_id

    def account(self, platform: str, handle: str, use: str) -> None:
        self.accounts.append(Account(platform, handle, AccountUse(use)))

    def goal(self, platform: str, subject: str, target: int, metric: str = "at_least") -> None:
        self.goals.append(Goal(self.week.label, platform, target, subject, GoalMetric(metric)))

    def plan(self) -> WeekPlan:
        start, end = self.week.start - MARGIN, self.week.end + MARGIN
        posts = sorted((p for p in self.posts if start <= p.start < end), key=lambda p: p.start)
        return WeekPlan(self.week, tuple(posts), tuple(expand(self.slots, start, end)),
                        self.platforms, tuple(self.accounts), tuple(self.goals))

    def run(self, rule: str, settings: RuleSettings | None = None) -> list[Finding]:
        """Findings of one rule, through the whole engine (as the window and CLI see them)."""
        return [f for f in lint(self.plan(), settings or RuleSettings()) if f.rule == rule]


@pytest.fixture
def plan() -> PlanBuilder:
    """The week 2026-W48 in Berlin (Monday 23 November)."""
    return PlanBuilder()


@pytest.fixture
def plan_for() -> type[PlanBuilder]:
    """Builders of other weeks or zones: `plan_for("2026-W49", zone="Europe/Lisbon")`."""
    return PlanBuilder
