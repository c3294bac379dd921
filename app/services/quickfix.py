"""Obvious remedies for findings, offered as one click the way an IDE offers quick fixes.

A fix is data: the items it adds and the edited versions of items it changes. Applying
it goes through `edits.apply_fix`, so it is one ordinary undoable edit.

Each fix does what its finding's suggestion says, and nothing more (SPEC section 8): the
label repeats the suggestion's action with the exact times. `validated_fix` is the only
way the window and `presence fix` get one: it applies the fix to the plan in memory,
lints again with the same settings, and offers the fix only if its finding is gone and
no new warning or error appeared. A fix never moves a post out of the week, never edits
an item outside it, and never touches a post already posted.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from app.domain.items import AccountUse, Activity, Occurrence, Post, PostKind, PostStatus, Slot
from app.domain.plan import WeekPlan
from app.domain.zones import local
from app.rules.context import DAY_NAMES
from app.rules.findings import Finding
from app.rules.limits import quiet_day
from app.rules.ratios import posts_to_skip
from app.rules.settings import RuleSettings

Item = Post | Slot

REPLY_MINUTES = 20  # an engagement-gap slot: time to answer one promo day
FIRST_REPLY_MINUTES = 15  # the no-engagement slot: "15 minutes is a start"
BURST_END = time(21, 0)  # a spread burst ends by evening ...
BURST_EARLIEST = time(7, 0)  # ... and starts no earlier than the morning
# How long after a post its reply slot starts; later tries keep the slot on the post's day.
_REPLY_DELAYS = (60, 30, 15, 5, 0)




@dataclass(frozen=True, slots=True)
class Fix:
    """A named remedy: items to add and edited versions of existing items."""

    label: str
    added: tuple[Item, ...] = ()
    updated: tuple[Item, ...] = ()


def _index(plan: WeekPlan) -> dict[int, Post]:
    """The plan's posts by id: a week at scale has ~300 findings over ~2,600 posts."""
    return {p.id: p for p in plan.posts if p.id is not None}


def _posts(index: dict[int, Post], ids: tuple[int, ...]) -> list[Post]:
    found = (index.get(i) for i in set(ids))
    return sorted((p for p in found if p is not None), key=lambda p: p.start)


def _seen(plan: WeekPlan, moment: datetime) -> datetime:
    return moment.astimezone(plan.week.zone)


def _hm(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _on(plan: WeekPlan, moment: datetime) -> str:
    return DAY_NAMES[_seen(plan, moment).weekday()]


def _when(plan: WeekPlan, moment: datetime) -> str:
    seen = _seen(plan, moment)
    return f"{DAY_NAMES[seen.weekday()]} {_hm(seen)}"


def _name(plan: WeekPlan, platform: str) -> str:
    known = plan.platforms.get(platform)
    return known.name if known else platform


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _movable(plan: WeekPlan, post: Post) -> bool:
    """A post a fix may edit: inside the week and not yet posted."""
    return plan.week.contains(post.start) and post.status is not PostStatus.POSTED


def _reply_start(plan: WeekPlan, post: Post) -> datetime | None:
    """A reply slot's start after `post` on the same local day (an hour later if it fits)."""
    day = _seen(plan, post.start).date()
    for minutes in _REPLY_DELAYS:
        start = post.start + timedelta(minutes=minutes)
        if _seen(plan, start).date() == day:
            return start
    return None  # pragma: no cover - a delay of 0 always stays on the day


def _reply_slot_after(plan: WeekPlan, post: Post, minutes: int, notes: str, whose: str) -> Fix | None:
    """A reply slot of `minutes` on the post's platform once the post is out, if the day has room."""
    start = _reply_start(plan, post)
    if start is None:
        return None
    slot = Slot(post.platform, start, minutes, Activity.REPLY, notes=notes)
    return Fix(f"Add a {minutes}-min reply slot on {_name(plan, post.platform)} on "
               f"{_on(plan, start)} at {_hm(_seen(plan, start))}, after {whose} "
               f"{_hm(_seen(plan, post.start))} post", added=(slot,))


def _reply_after_last(posts: list[Post], plan: WeekPlan) -> Fix | None:
    """engagement-gap: "Add a reply slot on P on DAY after the HH:MM post" (the day's last promo)."""
    promos = [p for p in posts if p.kind is PostKind.PROMO] or posts
    if not promos:
        return None
    return _reply_slot_after(plan, promos[-1], REPLY_MINUTES, "Answer the replies to the promo post before.",
                             "the")


def _first_reply_slot(posts: list[Post], plan: WeekPlan) -> Fix | None:
    """no-engagement: "Add a reply slot on P on DAY after your HH:MM post; 15 minutes is a start"."""
    in_week = [p for p in posts if plan.week.contains(p.start)]
    if not in_week:
        return None
    return _reply_slot_after(plan, in_week[0], FIRST_REPLY_MINUTES, "Answer comments and mentions.", "your")


def _spread_repeats(posts: list[Post], plan: WeekPlan, hours: float) -> Fix | None:
    """link-repeat: keep the first post; each later one at least `hours` after the one before.

    The suggestion names the new time for a pair ("Move the Tuesday 09:00 post to Friday
    09:00 or later"); the fix moves it exactly there. A post that would leave the week, or
    is already posted, or lies in the week's margins, makes the fix unavailable.
    """
    if len(posts) < 2:
        return None
    gap = timedelta(hours=hours)
    previous = posts[0].start
    moves: list[tuple[Post, Post]] = []
    for post in posts[1:]:
        earliest = _whole_minute(previous.astimezone(UTC) + gap)  # elapsed time, as the rule counts
        if post.start >= earliest:
            previous = post.start
            continue
        if not _movable(plan, post):
            return None
        start = earliest.astimezone(post.start.tzinfo)
        if not plan.week.contains(start):
            return None
        moves.append((post, post.with_(start=start)))
        previous = start
    if not moves:
        return None
    updated = tuple(after for _, after in moves)
    if len(posts) == 2:
        before, after = moves[0]
        return Fix(f"Move the {_when(plan, before.start)} post to {_when(plan, after.start)}",
                   updated=updated)
    each = ", ".join(f"the {_when(plan, b.start)} post to {_when(plan, a.start)}" for b, a in moves)
    return Fix(f"Keep the {_when(plan, posts[0].start)} post and space the others {hours:g} h "
               f"apart: {each}", updated=updated)


def _whole_minute(moment: datetime) -> datetime:
    """Rounded up to the minute: stored times are whole minutes, and earlier would be a repeat."""
    if moment.second or moment.microsecond:
        return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return moment


def _drop_burst(posts: list[Post], plan: WeekPlan) -> Fix | None:
    """link-burst: "Keep the HH:MM post and drop the other N": they are marked skipped."""
    if len(posts) < 2:
        return None
    keep, others = posts[0], posts[1:]
    if not all(_movable(plan, p) for p in others):
        return None
    return Fix(f"Keep the {_hm(_seen(plan, keep.start))} post and drop the other {len(others)} "
               "(marked skipped)",
               updated=tuple(p.with_(status=PostStatus.SKIPPED) for p in others))


def _spread_burst(posts: list[Post], plan: WeekPlan, settings: RuleSettings) -> Fix | None:
    """post-burst: "Spread them over the day": evenly from the first post to the evening.

    Each post at least `post_burst_minutes` after the one before, in quarter hours, all on
    the burst's day; the posts start earlier than planned only if the evening is too close.
    """
    if len(posts) < 2 or not all(_movable(plan, p) for p in posts):
        return None
    zone = plan.week.zone
    first = _seen(plan, posts[0].start)
    day = first.date()
    end = BURST_END.hour * 60 + BURST_END.minute
    earliest = BURST_EARLIEST.hour * 60 + BURST_EARLIEST.minute
    begin = first.hour * 60 + first.minute
    gaps = len(posts) - 1
    least = math.ceil(settings.post_burst_minutes / 15) * 15
    step = max((end - begin) // gaps // 15 * 15, least)
    if begin + step * gaps > end:
        begin = end - step * gaps
        if begin < earliest:
            return None
    minutes = [begin + step * i for i in range(len(posts))]
    starts = [local(day, time(m // 60, m % 60), zone) for m in minutes]
    if begin == first.hour * 60 + first.minute:
        starts[0] = posts[0].start  # the first post keeps its exact time
    changed = tuple(p.with_(start=s.astimezone(p.start.tzinfo))
                    for s, p in zip(starts, posts, strict=True) if s != p.start)
    if not changed:
        return None
    apart = f"{step // 60} h" + (f" {step % 60:02d} min" if step % 60 else "")
    return Fix(f"Spread the {len(posts)} posts over {DAY_NAMES[day.weekday()]}, "
               f"{_hm(_seen(plan, starts[0]))} to {_hm(_seen(plan, starts[-1]))}, {apart} apart",
               updated=changed)


def _skip_promos(finding: Finding, plan: WeekPlan, ratio: float) -> Fix | None:
    """promo-ratio: "... or skip N of them": the latest unposted promo posts, marked skipped."""
    counted = [p for p in plan.week_posts() if p.platform == finding.platform and p.counts]
    chosen = posts_to_skip(counted, ratio)
    if not chosen:
        return None
    days = _join([_when(plan, p.start) for p in chosen])
    noun = "promo post" if len(chosen) == 1 else f"{len(chosen)} promo posts"
    return Fix(f"Skip the {noun} of {days} (marked skipped, kept in the plan)",
               updated=tuple(p.with_(status=PostStatus.SKIPPED) for p in chosen))


def _business_account(posts: list[Post], plan: WeekPlan) -> Fix | None:
    """account-mix: "Post it from your business account"."""
    promos = [p for p in posts if p.kind is PostKind.PROMO]
    if not promos or not all(_movable(plan, p) for p in promos):
        return None
    platform = promos[0].platform
    business = [a for a in plan.accounts if a.platform == platform and a.use is AccountUse.BUSINESS]
    if not business:
        return None
    handle = business[0].handle
    return Fix(f"Post it from your business account {handle}",
               updated=tuple(p.with_(account=handle) for p in promos))


def _move_extras(finding: Finding, posts: list[Post], plan: WeekPlan) -> Fix | None:
    """daily-cap: "Move N to a quieter day, for example to DAY": the day's last N, same time."""
    platform = plan.platforms.get(finding.platform or "")
    if platform is None or platform.daily_cap is None or finding.day is None:
        return None
    cap = platform.daily_cap
    per_day: Counter[date] = Counter(
        _seen(plan, p.start).date() for p in plan.week_posts()
        if p.platform == finding.platform and p.counts
    )
    target = quiet_day(per_day, finding.day, plan.week.days, cap)
    extra = len(posts) - cap
    if target is None or extra < 1 or per_day[target] + extra > cap:
        return None
    chosen = posts[-extra:]
    if not all(_movable(plan, p) for p in chosen):
        return None
    moved = []
    for post in chosen:
        seen = _seen(plan, post.start)
        start = local(target, seen.time().replace(tzinfo=None), plan.week.zone)
        moved.append(post.with_(start=start.astimezone(post.start.tzinfo)))
    times = _join([_hm(_seen(plan, p.start)) for p in chosen])
    noun = "post" if extra == 1 else "posts"
    return Fix(f"Move the {times} {noun} to {DAY_NAMES[target.weekday()]}, same time",
               updated=tuple(moved))


def _split_into_thread(posts: list[Post], plan: WeekPlan) -> Fix | None:
    """text-limit: "... or split it into a short thread": at sentence, then word boundaries."""
    from app.domain.items import THREAD_PLATFORMS, join_thread
    from app.services.threads import split_thread_text

    if len(posts) != 1 or posts[0].platform not in THREAD_PLATFORMS or not _movable(plan, posts[0]):
        return None
    post = posts[0]
    platform = plan.platforms.get(post.platform)
    if platform is None:
        return None
    parts = split_thread_text(post.text, post.link, platform)
    if parts is None or len(parts) < 2:
        return None
    return Fix(f"Split it into a thread of {len(parts)} parts, at sentence ends",
               updated=(post.with_(text=join_thread(parts)),))


def fix_for(finding: Finding, plan: WeekPlan, promo_ratio: float | None = None,
            index: dict[int, Post] | None = None, settings: RuleSettings | None = None) -> Fix | None:
    """The remedy a finding's suggestion describes, not yet checked (see `validated_fix`).

    `index` is the plan's posts by id, when the caller already has it.
    """
    settings = settings or RuleSettings()
    ratio = settings.promo_ratio if promo_ratio is None else promo_ratio
    posts = _posts(index if index is not None else _index(plan), finding.items)
    rule = finding.rule
    if rule == "engagement-gap":
        return _reply_after_last(posts, plan)
    if rule == "no-engagement":
        return _first_reply_slot(posts, plan)
    if rule == "link-repeat":
        return _spread_repeats(posts, plan, settings.link_repeat_hours)
    if rule == "link-burst":
        return _drop_burst(posts, plan)
    if rule == "post-burst":
        return _spread_burst(posts, plan, settings)
    if rule == "promo-ratio" and finding.platform:
        return _skip_promos(finding, plan, ratio)
    if rule == "account-mix":
        return _business_account(posts, plan)
    if rule == "daily-cap":
        return _move_extras(finding, posts, plan)
    if rule == "text-limit":
        return _split_into_thread(posts, plan)
    return None


def fixes_for(findings: Sequence[Finding], plan: WeekPlan,
              promo_ratio: float | None = None,
              settings: RuleSettings | None = None) -> dict[int, Fix]:
    """The unchecked fix of each finding that has one, by position (prefer `Advice.fix`)."""
    index = _index(plan)
    fixes: dict[int, Fix] = {}
    for position, finding in enumerate(findings):
        fix = fix_for(finding, plan, promo_ratio, index, settings)
        if fix is not None:
            fixes[position] = fix
    return fixes


def plan_with(plan: WeekPlan, item: Item) -> WeekPlan:
    """The plan as it would be with `item` saved (added, or replacing its stored version).

    Used to lint while the user types in an editor, before anything is written.
    """
    from app.domain.recurrence import occurrences

    if isinstance(item, Post):
        posts = (*tuple(p for p in plan.posts if item.id is None or p.id != item.id), item)
        return replace(plan, posts=tuple(sorted(posts, key=lambda p: p.start)))
    others = [o for o in plan.occurrences if item.id is None or o.id != item.id]
    start, end = plan.week.start - plan.margin, plan.week.end + plan.margin
    fresh: list[Occurrence] = occurrences(item, start, end)
    merged = sorted([*others, *fresh], key=lambda o: o.start)
    return replace(plan, occurrences=tuple(merged))


def plan_with_fix(plan: WeekPlan, fix: Fix) -> WeekPlan:
    """The plan as it would be once the fix is applied; new items get ids no item has."""
    from app.domain.recurrence import occurrences

    posts = {p.id: p for p in plan.posts}
    for item in fix.updated:
        if isinstance(item, Post):
            posts[item.id] = item
    new_posts = [p for p in fix.added if isinstance(p, Post)]
    occs = list(plan.occurrences)
    changed_slots = {s.id: s for s in fix.updated if isinstance(s, Slot)}
    start, end = plan.week.start - plan.margin, plan.week.end + plan.margin
    if changed_slots:
        occs = [o for o in occs if o.id not in changed_slots]
        for slot in changed_slots.values():
            occs.extend(occurrences(slot, start, end))
    taken = max([0, *(i for i in posts if i is not None), *(o.id or 0 for o in occs)])
    for n, item in enumerate(fix.added, 1):
        if isinstance(item, Slot):
            occs.extend(occurrences(item.with_(id=taken + n), start, end))
    all_posts = [*(p for p in posts.values()), *(p.with_(id=taken + 100_000 + n)
                                                 for n, p in enumerate(new_posts, 1))]
    return replace(plan, posts=tuple(sorted(all_posts, key=lambda p: p.start)),
                   occurrences=tuple(sorted(occs, key=lambda o: o.start)))


def _signature(finding: Finding) -> tuple[str, str | None, date | None]:
    return (finding.rule, finding.platform, finding.day)


def _stays_in_week(plan: WeekPlan, fix: Fix) -> bool:
    """Every added or moved item starts inside the week, and every edited post was in it."""
    before = _index(plan)
    for item in fix.updated:
        old = before.get(item.id) if isinstance(item, Post) and item.id is not None else None
        if isinstance(item, Post) and (old is None or not plan.week.contains(old.start)):
            return False
        if not plan.week.contains(item.start):
            return False
    return all(plan.week.contains(item.start) for item in fix.added)


def validated_fix(finding: Finding, plan: WeekPlan, settings: RuleSettings,
                  findings: Sequence[Finding] | None = None,
                  index: dict[int, Post] | None = None) -> Fix | None:
    """The finding's fix, only if applying it removes the finding and adds no warning or error.

    `findings` is the plan's current lint (computed here when not given). The check is a
    re-lint of the plan with the fix applied, so it is done only when a fix is asked for.
    """
    fix = fix_for(finding, plan, None, index, settings)
    if fix is None or not _stays_in_week(plan, fix):
        return None
    from app.rules.engine import lint

    platform = finding.platform
    if platform is not None and all(i.platform == platform for i in (*fix.added, *fix.updated)):
        # Every rule that warns or errs looks at one platform at a time, so the platform's
        # own items tell the whole story: a tenth of the work on a ten-platform week.
        plan = plan.only(platform)
        if findings is not None:
            findings = [f for f in findings if f.platform == platform]
    before = lint(plan, settings) if findings is None else findings
    after = lint(plan_with_fix(plan, fix), settings)
    items = set(finding.items)
    for found in after:
        if found.rule == finding.rule and found.platform == finding.platform and (
            items & set(found.items) if items else found.day == finding.day
        ):
            return None  # the finding (or what is left of it) is still there
    loud_before = Counter(_signature(f) for f in before if f.blocks)
    loud_after = Counter(_signature(f) for f in after if f.blocks)
    if any(count > loud_before[sig] for sig, count in loud_after.items()):
        return None
    return fix
