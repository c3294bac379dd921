"""The week's mix per platform and the progress of its goals, for the window's chart."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.items import Goal, GoalMetric, PostKind
from app.domain.plan import WeekPlan

KINDS = (PostKind.PROMO, PostKind.OWN, PostKind.CURATED, PostKind.CONVERSATION)


@dataclass(slots=True)
class PlatformMix:
    """Counted posts per kind (skipped ones never count) and minutes kept for engagement."""

    platform: str
    name: str
    colour: str
    kinds: dict[str, int] = field(default_factory=lambda: {k.value: 0 for k in KINDS})
    engagement_min: int = 0

    @property
    def posts(self) -> int:
        return sum(self.kinds.values())


@dataclass(frozen=True, slots=True)
class GoalProgress:
    goal: Goal
    planned: int

    @property
    def met(self) -> bool:
        if self.goal.metric is GoalMetric.AT_MOST:
            return self.planned <= self.goal.target
        return self.planned >= self.goal.target

    def label(self, platform_name: str) -> str:
        bound = "at most" if self.goal.metric is GoalMetric.AT_MOST else "at least"
        noun = f"{self.goal.subject} posts" if self.goal.counts_posts else f"{self.goal.subject} slots"
        return f"{platform_name}: {bound} {self.goal.target} {noun}"


def week_mix(plan: WeekPlan) -> list[PlatformMix]:
    """One row per platform that has anything planned this week, in the platforms' order."""
    rows: dict[str, PlatformMix] = {}

    def row(pid: str) -> PlatformMix:
        if pid not in rows:
            p = plan.platforms.get(pid)
            rows[pid] = PlatformMix(pid, p.name if p else pid, p.colour if p else "#808080")
        return rows[pid]

    for post in plan.week_posts():
        if post.counts:
            row(post.platform).kinds[post.kind.value] += 1
    for occ in plan.week_occurrences():
        row(occ.platform).engagement_min += occ.duration_min
    order = list(plan.platforms)
    return sorted(rows.values(), key=lambda r: order.index(r.platform) if r.platform in order else 999)


def goal_progress(plan: WeekPlan) -> list[GoalProgress]:
    """What the week plans towards each goal: posts of the kind, or slot occurrences."""
    out: list[GoalProgress] = []
    posts = [p for p in plan.week_posts() if p.counts]
    occs = plan.week_occurrences()
    for goal in plan.goals:
        if goal.counts_posts:
            planned = sum(1 for p in posts if p.platform == goal.platform and p.kind.value == goal.subject)
        else:
            planned = sum(1 for o in occs if o.platform == goal.platform and o.activity.value == goal.subject)
        out.append(GoalProgress(goal, planned))
    return out
