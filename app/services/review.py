"""The weekly review: what was planned against what happened, and the last 12 weeks.

A post is planned when it has a time in the week and a text or a link (ideas aside). It
is then posted, skipped, missed (not marked by the end of its day) or still to come.
Engagement minutes are planned per slot occurrence and done when that occurrence is
ticked. A goal is met by what happened: posts of its kind posted, slot occurrences of
its activity done. No Qt here: `presence review` and the window share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from app.domain.items import Post, PostKind, PostStatus
from app.domain.plan import WeekPlan
from app.domain.weeks import Week
from app.domain.zones import local
from app.services.summary import KINDS, GoalProgress
from app.storage.repository import Repository

TREND_WEEKS = 12


@dataclass(slots=True)
class Counts:
    planned: int = 0
    posted: int = 0
    skipped: int = 0
    missed: int = 0

    @property
    def to_come(self) -> int:
        return self.planned - self.posted - self.skipped - self.missed


@dataclass(slots=True)
class PlatformReview:
    platform: str
    name: str
    colour: str
    posts: Counts = field(default_factory=Counts)
    kinds: dict[str, Counts] = field(default_factory=lambda: {k.value: Counts() for k in KINDS})
    engagement_min_planned: int = 0
    engagement_min_done: int = 0

    def to_json(self) -> dict[str, int]:
        return {
            "planned": self.posts.planned,
            "posted": self.posts.posted,
            "skipped": self.posts.skipped,
            "missed": self.posts.missed,
            "engagement_min_planned": self.engagement_min_planned,
            "engagement_min_done": self.engagement_min_done,
        }


@dataclass(frozen=True, slots=True)
class GoalReview:
    text: str
    target: int
    actual: int
    met: bool

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "target": self.target, "actual": self.actual, "met": self.met}


@dataclass(slots=True)
class WeekReview:
    week: Week
    platforms: list[PlatformReview]
    goals: list[GoalReview]
    posted_kinds: dict[str, int]  # posts that went out, per kind

    @property
    def totals(self) -> Counts:
        out = Counts()
        for p in self.platforms:
            out.planned += p.posts.planned
            out.posted += p.posts.posted
            out.skipped += p.posts.skipped
            out.missed += p.posts.missed
        return out

    @property
    def engagement_min_planned(self) -> int:
        return sum(p.engagement_min_planned for p in self.platforms)

    @property
    def engagement_min_done(self) -> int:
        return sum(p.engagement_min_done for p in self.platforms)

    @property
    def goals_met(self) -> int:
        return sum(1 for g in self.goals if g.met)

    def share(self, kind: PostKind) -> float | None:
        """The kind's share of the posts that went out; None when none did."""
        total = sum(self.posted_kinds.values())
        return self.posted_kinds.get(kind.value, 0) / total if total else None

    def to_json(self) -> dict[str, Any]:
        """SPEC section 10's shape, exactly."""
        return {
            "week": self.week.label,
            "platforms": {p.platform: p.to_json() for p in self.platforms},
            "goals": [g.to_json() for g in self.goals],
        }


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One week of the trend; shares are None in a week where nothing was posted."""

    week: Week
    promo_share: float | None
    curated_share: float | None
    engagement_min_planned: int
    engagement_min_done: int
    goals_met: int
    goals_total: int
    posted: int
    planned: int


def planned(post: Post) -> bool:
    return post.status is not PostStatus.IDEA and bool(post.link or post.text.strip())


def review_plan(plan: WeekPlan, now: datetime) -> WeekReview:
    """The review of a loaded week, as it stands at `now`."""
    zone = plan.week.zone
    rows: dict[str, PlatformReview] = {}

    def row(pid: str) -> PlatformReview:
        if pid not in rows:
            p = plan.platforms.get(pid)
            rows[pid] = PlatformReview(pid, p.name if p else pid, p.colour if p else "#808080")
        return rows[pid]

    posted_kinds = {k.value: 0 for k in KINDS}
    posted_posts: list[Post] = []
    for post in plan.week_posts():
        if not planned(post):
            continue
        r = row(post.platform)
        for counts in (r.posts, r.kinds[post.kind.value]):
            counts.planned += 1
            if post.status is PostStatus.POSTED:
                counts.posted += 1
            elif post.status is PostStatus.SKIPPED:
                counts.skipped += 1
            else:
                day_end = local(post.start.astimezone(zone).date() + timedelta(days=1),
                                datetime.min.time(), zone)
                if now >= day_end:
                    counts.missed += 1
        if post.status is PostStatus.POSTED:
            posted_kinds[post.kind.value] += 1
            posted_posts.append(post)
    occs = plan.week_occurrences()
    for occ in occs:
        r = row(occ.platform)
        r.engagement_min_planned += occ.duration_min
        if occ.done:
            r.engagement_min_done += occ.duration_min
    goals = []
    for goal in plan.goals:
        if goal.counts_posts:
            actual = sum(1 for p in posted_posts
                         if p.platform == goal.platform and p.kind.value == goal.subject)
        else:
            actual = sum(1 for o in occs if o.done and o.platform == goal.platform
                         and o.activity.value == goal.subject)
        progress = GoalProgress(goal, actual)
        platform = plan.platforms.get(goal.platform)
        text = progress.label(platform.name if platform else goal.platform)
        goals.append(GoalReview(text, goal.target, actual, progress.met))
    order = list(plan.platforms)
    platforms = sorted(rows.values(),
                       key=lambda r: order.index(r.platform) if r.platform in order else len(order))
    return WeekReview(plan.week, platforms, goals, posted_kinds)


def review_week(repo: Repository, week: Week, now: datetime) -> WeekReview:
    return review_plan(repo.load_plan(week, timedelta(0)), now)


def trend(repo: Repository, week: Week, now: datetime, weeks: int = TREND_WEEKS) -> list[TrendPoint]:
    """The last `weeks` weeks up to and including `week`, oldest first."""
    points = []
    for back in range(weeks - 1, -1, -1):
        review = review_week(repo, week.shifted(-back), now)
        totals = review.totals
        points.append(TrendPoint(
            review.week, review.share(PostKind.PROMO), review.share(PostKind.CURATED),
            review.engagement_min_planned, review.engagement_min_done,
            review.goals_met, len(review.goals), totals.posted, totals.planned))
    return points


def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"
