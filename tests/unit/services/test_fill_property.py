"""A fill never makes the week worse (SPEC section 11): on generated weeks (posts, slots,
goals, thresholds and switched-off rules drawn at random, bursts and crowded days on
purpose), the week with every placement of `fill` has no warning or error it did not
have before, by rule, platform and day, and none that names a placed post (a goal that
asks for more posts excepted: a placed post helps it)."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.ideas import Evergreen, Idea
from app.domain.items import Activity, Goal, GoalMetric, Post, PostKind, PostStatus, Slot
from app.domain.plan import MARGIN, WeekPlan
from app.domain.platforms import BUILTIN_BY_ID
from app.domain.recurrence import expand
from app.domain.weeks import Week
from app.domain.zones import local
from app.rules.engine import lint
from app.rules.findings import Finding
from app.rules.settings import PRESETS, RULE_IDS, RuleSettings
from app.services.planning import EvergreenSource, fill

BERLIN = ZoneInfo("Europe/Berlin")
PLATFORMS = ("x", "linkedin", "mastodon")
LINKS = ("", "https://slowroads.blog/lisbon", "https://www.slowroads.blog/lisbon/?utm_source=x",
         "https://example.org/essay", "https://slowroads.blog/shop")
TEXTS = ("Seven walks in Lisbon.", "Worth a read: the part on getting lost is gold.",
         "Which city surprised you on foot? " * 12)  # the last is too long for X
TIMES = {
    "x": ((0, time(9)), (0, time(13)), (1, time(9)), (2, time(9)), (2, time(13)), (3, time(9)),
          (4, time(9)), (4, time(13)), (5, time(10))),
    "linkedin": ((1, time(8, 30)), (3, time(8, 30))),
    "mastodon": tuple((d, time(h)) for d in range(7) for h in (8, 12, 18)),
}
FIRST_WEEK = date(2100, 1, 4)
_weeks = itertools.count()
_ids = itertools.count(1)

kinds = st.sampled_from(PostKind)
post_rows = st.lists(st.tuples(
    st.sampled_from(PLATFORMS), st.integers(-3, 9), st.integers(7 * 4, 22 * 4).map(lambda q: q * 15),
    kinds, st.sampled_from(PostStatus), st.sampled_from(TEXTS), st.sampled_from(LINKS)), max_size=16)
burst_rows = st.lists(st.tuples(st.sampled_from(PLATFORMS), st.integers(0, 6),
                                st.sampled_from((time(9), time(13))), st.sampled_from(LINKS),
                                st.integers(2, 4)), max_size=2)
slot_rows = st.lists(st.tuples(
    st.sampled_from(PLATFORMS), st.integers(0, 6), st.integers(7 * 4, 21 * 4).map(lambda q: q * 15),
    st.sampled_from((None, None, "FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,WE"))), max_size=4)
idea_rows = st.lists(st.tuples(st.sampled_from(PLATFORMS), kinds, st.sampled_from(TEXTS),
                               st.sampled_from(LINKS)), min_size=1, max_size=10)
goal_rows = st.lists(st.tuples(st.sampled_from(PLATFORMS), st.sampled_from(["promo", "own", "curated"]),
                               st.integers(0, 4), st.sampled_from(GoalMetric)), max_size=2)
evergreen_rows = st.lists(st.tuples(st.sampled_from(PLATFORMS), kinds, st.sampled_from(LINKS),
                                    st.integers(-40, -1), st.integers(1, 30)), max_size=2)
rule_settings = st.tuples(
    st.sampled_from([RuleSettings(), RuleSettings(promo_ratio=PRESETS["80/20"]),
                     RuleSettings(link_repeat_hours=24.0, post_burst_max=2)]),
    st.frozensets(st.sampled_from(RULE_IDS), max_size=3),
)


def _at(week: Week, day: int, minutes: int) -> datetime:
    minutes = min(minutes, 23 * 60 + 59)
    return local(week.monday + timedelta(days=day), time(minutes // 60, minutes % 60), BERLIN)


def _signature(f: Finding) -> tuple[str, str | None, date | None]:
    return (f.rule, f.platform, f.day)


@settings(max_examples=520)
@given(post_rows, burst_rows, slot_rows, st.sets(st.sampled_from(PLATFORMS)), idea_rows, goal_rows,
       evergreen_rows, rule_settings)
def test_fill_never_adds_a_warning_or_an_error(posts, bursts, slots, daily, ideas, goals, evergreens,
                                               chosen) -> None:
    week = Week(FIRST_WEEK + timedelta(weeks=2 * next(_weeks)), BERLIN)
    rules, off = chosen
    rules = replace(rules, disabled=off)
    planned = [Post(p, _at(week, d, m), k, s, t, link, id=next(_ids))
               for p, d, m, k, s, t, link in posts]
    for p, d, at, link, n in bursts:  # a crowded posting time: several posts at once
        planned += [Post(p, local(week.monday + timedelta(days=d), at, BERLIN), PostKind.PROMO,
                         text="Launch!", link=link, id=next(_ids)) for _ in range(n)]
    sources = []
    for p, k, link, days_ago, gap in evergreens:
        original = Post(p, _at(week, days_ago, 10 * 60), k, PostStatus.POSTED, "An old favourite",
                        link, id=next(_ids))
        planned.append(original)
        sources.append(EvergreenSource(original, Evergreen(gap), (original.start,)))
    routine = [Slot(p, _at(week, d, m), 20, Activity.REPLY, rule, id=next(_ids))
               for p, d, m, rule in slots]
    # A daily reply slot on some platforms, as a blogger who keeps time to answer plans it.
    routine += [Slot(p, _at(week, -1, 17 * 60), 20, Activity.REPLY, "FREQ=DAILY", id=next(_ids))
                for p in sorted(daily)]
    start, end = week.start - MARGIN, week.end + MARGIN
    plan = WeekPlan(week, tuple(sorted(planned, key=lambda p: p.start)),
                    tuple(expand(routine, start, end)), BUILTIN_BY_ID,
                    goals=tuple(Goal(week.label, p, n, s, m) for p, s, n, m in goals))
    backlog = [Idea(p, k, t, link, id=n) for n, (p, k, t, link) in enumerate(ideas, 1)]

    result = fill(plan, backlog, sources, TIMES, rules)

    before = lint(plan, rules)
    placed = [p.post.with_(id=10_000_000 + n) for n, p in enumerate(result.placements)]
    after_plan = replace(plan, posts=tuple(sorted((*plan.posts, *placed), key=lambda p: p.start)))
    after = lint(after_plan, rules)
    loud_before = Counter(_signature(f) for f in before if f.blocks)
    loud_after = Counter(_signature(f) for f in after if f.blocks)
    assert not loud_after - loud_before, (loud_after - loud_before, result.placements)
    new_ids = {p.id for p in placed}
    for f in after:
        if f.blocks and f.rule != "goal-shortfall":
            assert not new_ids & set(f.items), f
    # Each placement is in the week, at one of its platform's posting times, one per time.
    seen = set()
    for p in result.placements:
        local_start = p.post.start.astimezone(BERLIN)
        assert week.contains(p.post.start)
        assert (local_start.weekday(), local_start.time()) in TIMES[p.post.platform]
        assert (p.post.platform, local_start) not in seen
        seen.add((p.post.platform, local_start))
    assert len(result.placements) + len(result.left) <= len(backlog) + len(sources)
