"""A week's plan as the rules and views see it: items of the week and its margins."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta

from app.domain.items import Account, Goal, Occurrence, Post
from app.domain.platforms import Platform
from app.domain.weeks import Week

# Rules that look across time (a repeated link within 72 h) need the days around the week.
MARGIN = timedelta(hours=72)


@dataclass(frozen=True, slots=True)
class WeekPlan:
    """Posts and slot occurrences from `week.start - margin` to `week.end + margin`."""

    week: Week
    posts: tuple[Post, ...]
    occurrences: tuple[Occurrence, ...]
    platforms: Mapping[str, Platform]
    accounts: tuple[Account, ...] = ()
    goals: tuple[Goal, ...] = ()
    margin: timedelta = field(default=MARGIN)

    def week_posts(self) -> list[Post]:
        """Posts inside the week itself, all statuses, in time order."""
        start, end = self.week.start, self.week.end
        return [p for p in self.posts if start <= p.start < end]

    def week_occurrences(self) -> list[Occurrence]:
        start, end = self.week.start, self.week.end
        return [o for o in self.occurrences if start <= o.start < end]

    def only(self, platform: str) -> WeekPlan:
        """The plan with one platform's posts, slots and goals (accounts and platforms kept)."""
        return replace(
            self,
            posts=tuple(p for p in self.posts if p.platform == platform),
            occurrences=tuple(o for o in self.occurrences if o.slot.platform == platform),
            goals=tuple(g for g in self.goals if g.platform == platform),
        )
