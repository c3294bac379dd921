"""Obvious remedies for findings, offered as one click the way an IDE offers quick fixes.

A fix is data: the items it adds and the edited versions of items it changes. Applying
it goes through `edits.apply_fix`, so it is one ordinary undoable edit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Protocol

from app.domain.items import Activity, Occurrence, Post, PostKind, PostStatus, Slot
from app.domain.plan import WeekPlan
from app.domain.zones import local

Item = Post | Slot

REPLY_MINUTES = 20
REPEAT_GAP = timedelta(hours=72)
BURST_END = time(21, 0)


class FindingLike(Protocol):
    rule: str
    platform: str | None
    items: tuple[int, ...]

    @property
    def day(self) -> object: ...


@dataclass(frozen=True, slots=True)
class Fix:
    """A named remedy: items to add and edited versions of existing items."""

    label: str
    added: tuple[Item, ...] = ()
    updated: tuple[Item, ...] = ()


def _weekday(moment: datetime) -> str:
    return moment.strftime("%A")


def _index(plan: WeekPlan) -> dict[int, Post]:
    """The plan's posts by id: a week at scale has ~300 findings over ~2,600 posts."""
    return {p.id: p for p in plan.posts if p.id is not None}


def _posts(index: dict[int, Post], ids: tuple[int, ...]) -> list[Post]:
    found = (index.get(i) for i in set(ids))
    return sorted((p for p in found if p is not None), key=lambda p: p.start)


def _reply_after(posts: list[Post], plan: WeekPlan) -> Fix | None:
    promos = [p for p in posts if p.kind is PostKind.PROMO] or posts
    if not promos:
        return None
    first = promos[0]
    start = first.start + timedelta(hours=1)
    seen = start.astimezone(plan.week.zone)
    slot = Slot(first.platform, start, REPLY_MINUTES, Activity.REPLY,
                notes="Answer the replies to the post before.")
    return Fix(f"Add a {REPLY_MINUTES}-min reply slot on {_weekday(seen)} at {seen:%H:%M}",
               added=(slot,))


def _daily_replies(platform: str, plan: WeekPlan) -> Fix | None:
    posts = sorted((p for p in plan.week_posts() if p.platform == platform and p.counts),
                   key=lambda p: p.start)
    if not posts:
        return None
    seen = (posts[0].start + timedelta(hours=1)).astimezone(plan.week.zone)
    first_day = plan.week.days[0]
    start = local(first_day, seen.time(), plan.week.zone)
    name = plan.platforms[platform].name if platform in plan.platforms else platform
    slot = Slot(platform, start, 15, Activity.REPLY, "FREQ=DAILY",
                "Answer comments and mentions.")
    return Fix(f"Keep 15 min every day at {seen:%H:%M} to reply on {name}", added=(slot,))


def _spread_repeats(posts: list[Post]) -> Fix | None:
    if len(posts) < 2:
        return None
    first = posts[0]
    # Only the posts whose time changes are copied (a copy costs ~8 µs; a chain can be long).
    starts = ((p, first.start + REPEAT_GAP * i) for i, p in enumerate(posts[1:], 1))
    moved = tuple(p.with_(start=start) for p, start in starts if start != p.start)
    if not moved:
        return None
    when = moved[0].start
    tail = f" and {len(moved) - 1} more 72 h apart" if len(moved) > 1 else ""
    return Fix(f"Move the repeat to {_weekday(when)} {when:%H:%M}, 72 h after the first{tail}",
               updated=moved)


def _spread_burst(posts: list[Post], plan: WeekPlan) -> Fix | None:
    if len(posts) < 2:
        return None
    zone = plan.week.zone
    first = posts[0].start.astimezone(zone)
    end = local(first.date(), BURST_END, zone)
    span = max(end - first, timedelta(hours=2 * (len(posts) - 1)))
    step = span / (len(posts) - 1)
    step = timedelta(minutes=int(step.total_seconds() // 60) // 15 * 15)
    starts = (((first + step * i).astimezone(p.start.tzinfo), p) for i, p in enumerate(posts))
    changed = tuple(p.with_(start=start) for start, p in starts if start != p.start)
    if not changed:
        return None
    return Fix(f"Spread the {len(posts)} posts across {_weekday(first)}, "
               f"{int(step.total_seconds() // 3600)} h {int(step.total_seconds() % 3600 // 60):02d} apart",
               updated=changed)


def _set_aside_promo(finding: FindingLike, plan: WeekPlan, ratio: float) -> Fix | None:
    """Skip the latest unposted promo posts, as many as the share allows (skipped never count)."""
    counted = [p for p in plan.week_posts() if p.platform == finding.platform and p.counts]
    promos = [p for p in counted if p.kind is PostKind.PROMO]
    if ratio >= 1:
        return None
    need = math.ceil((len(promos) - ratio * len(counted)) / (1 - ratio) - 1e-9)
    candidates = [p for p in promos if p.status is not PostStatus.POSTED]
    if need < 1 or need > len(candidates):
        return None
    chosen = sorted(candidates, key=lambda p: p.start)[-need:]
    days = ", ".join(_weekday(p.start) for p in chosen)
    noun = "promo post" if need == 1 else f"{need} promo posts"
    return Fix(f"Set aside the {days} {noun} (mark skipped)",
               updated=tuple(p.with_(status=PostStatus.SKIPPED) for p in chosen))


def _business_account(posts: list[Post], plan: WeekPlan) -> Fix | None:
    promos = [p for p in posts if p.kind is PostKind.PROMO]
    if not promos:
        return None
    platform = promos[0].platform
    business = [a for a in plan.accounts if a.platform == platform and a.use.value == "business"]
    if not business:
        return None
    handle = business[0].handle
    return Fix(f"Post it from the business account {handle}",
               updated=tuple(p.with_(account=handle) for p in promos))


def fix_for(finding: FindingLike, plan: WeekPlan, promo_ratio: float = 1 / 3,
            index: dict[int, Post] | None = None) -> Fix | None:
    """The obvious remedy for a finding, or None when it needs the user's judgement.

    `index` is the plan's posts by id, when the caller already has it (see `fixes_for`).
    """
    posts = _posts(index if index is not None else _index(plan), finding.items)
    rule = finding.rule
    if rule == "engagement-gap":
        return _reply_after(posts, plan)
    if rule == "no-engagement" and finding.platform:
        return _daily_replies(finding.platform, plan)
    if rule in ("link-repeat", "link-burst"):
        return _spread_repeats(posts)
    if rule == "post-burst":
        return _spread_burst(posts, plan)
    if rule == "promo-ratio" and finding.platform:
        return _set_aside_promo(finding, plan, promo_ratio)
    if rule == "account-mix":
        return _business_account(posts, plan)
    return None


def fixes_for(findings: Sequence[FindingLike], plan: WeekPlan,
              promo_ratio: float = 1 / 3) -> dict[int, Fix]:
    """The fix of each finding that has one, by position: the posts are indexed once."""
    index = _index(plan)
    fixes: dict[int, Fix] = {}
    for position, finding in enumerate(findings):
        fix = fix_for(finding, plan, promo_ratio, index)
        if fix is not None:
            fixes[position] = fix
    return fixes


def plan_with(plan: WeekPlan, item: Item) -> WeekPlan:
    """The plan as it would be with `item` saved (added, or replacing its stored version).

    Used to lint while the user types in an editor, before anything is written.
    """
    from dataclasses import replace

    from app.domain.recurrence import occurrences

    if isinstance(item, Post):
        posts = (*tuple(p for p in plan.posts if item.id is None or p.id != item.id), item)
        return replace(plan, posts=tuple(sorted(posts, key=lambda p: p.start)))
    others = [o for o in plan.occurrences if item.id is None or o.id != item.id]
    start, end = plan.week.start - plan.margin, plan.week.end + plan.margin
    fresh: list[Occurrence] = occurrences(item, start, end)
    merged = sorted([*others, *fresh], key=lambda o: o.start)
    return replace(plan, occurrences=tuple(merged))
