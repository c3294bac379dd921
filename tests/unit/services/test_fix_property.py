"""Every quick fix Presence offers keeps its promise (SPEC section 8), on generated weeks
and on the demo week: applied through the database as `presence fix` applies it, its
finding is gone, no new warning or error appears, no post leaves the week, and undoing
it gives back the week as it was."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from datetime import date, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
from app.domain.weeks import Week
from app.domain.zones import local
from app.rules.findings import Finding
from app.rules.settings import PRESETS, RuleSettings
from app.services import edits
from app.services.advice import Advice, advise
from app.services.demo import fill_demo
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")
PLATFORMS = ("x", "mastodon", "linkedin", "instagram", "bluesky")
LINKS = ("", "https://www.slowroads.blog/lisbon", "https://slowroads.blog/lisbon/?utm_source=x",
         "https://example.org/essay", "https://example.net/guide", "https://slowroads.blog/shop")
TEXTS = ("", "Worth a read: the part on getting lost is gold.", "Seven walks in Lisbon.",
         "Which city surprised you on foot? " * 12)  # the last is too long for X and Bluesky
# Accounts are per database, so every generated week shares these.
ACCOUNTS = (Account("x", "slowroads", AccountUse.BUSINESS), Account("x", "ana", AccountUse.PERSONAL),
            Account("linkedin", "ana-lopes", AccountUse.BUSINESS),
            Account("linkedin", "ana", AccountUse.PERSONAL),
            Account("instagram", "ana", AccountUse.PERSONAL))
HANDLES = {p: [None, *(a.handle for a in ACCOUNTS if a.platform == p)] for p in PLATFORMS}
FIRST_WEEK = date(2100, 1, 4)  # a Monday; each example plans its own week, two weeks apart
_weeks = itertools.count()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Repository]:
    """One real database for all examples (a new file per example would cost more than the test)."""
    repo = Repository.open(tmp_path_factory.mktemp("fixes") / "presence.db")
    repo.set_setting("zone", "Europe/Berlin")
    for account in ACCOUNTS:
        repo.save_account(account)
    yield repo
    repo.close()


# -- generated weeks ---------------------------------------------------------------------

@st.composite
def posts(draw: st.DrawFn) -> list[tuple[object, ...]]:
    """Posts as (platform, day, minute of day, kind, status, text, link, handle); days -3..9
    reach into the margins. Bursts (several posts minutes apart, often one link) are drawn
    on purpose, since random times seldom crowd an hour."""
    platform = st.sampled_from(PLATFORMS)
    single = st.tuples(
        platform, st.integers(-3, 9), st.integers(6 * 4, 23 * 4).map(lambda q: q * 15),
        st.sampled_from(PostKind), st.sampled_from(PostStatus), st.sampled_from(TEXTS),
        st.sampled_from(LINKS), st.integers(0, 2),
    )
    drawn = draw(st.lists(single, max_size=18))
    for _ in range(draw(st.integers(0, 2))):  # a burst
        p = draw(platform)
        day, start = draw(st.integers(0, 6)), draw(st.integers(7 * 60, 22 * 60))
        link = draw(st.sampled_from(LINKS))
        for step in range(draw(st.integers(3, 5))):
            drawn.append((p, day, start + step * draw(st.integers(0, 20)),
                          draw(st.sampled_from(PostKind)), draw(st.sampled_from(PostStatus)),
                          draw(st.sampled_from(TEXTS)), link, draw(st.integers(0, 2))))
    return drawn


slots = st.lists(st.tuples(
    st.sampled_from(PLATFORMS), st.integers(-1, 7), st.integers(6 * 4, 22 * 4).map(lambda q: q * 15),
    st.sampled_from((15, 20, 30)), st.sampled_from(Activity),
    # Series end (COUNT): every example plans its own week in the one shared database.
    st.sampled_from((None, None, None, "FREQ=DAILY;COUNT=9", "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4")),
), max_size=6)

goals = st.lists(st.tuples(
    st.sampled_from(PLATFORMS), st.sampled_from(["promo", "own", "curated", "reply", "comment"]),
    st.integers(0, 4), st.sampled_from(GoalMetric),
), max_size=2)

rule_settings = st.sampled_from([
    RuleSettings(), RuleSettings(promo_ratio=PRESETS["80/20"]),
    RuleSettings(link_repeat_hours=24.0, post_burst_max=2),
])


def _plan_week(repo: Repository, post_rows: list[tuple[object, ...]],
               slot_rows: list[tuple[object, ...]], goal_rows: list[tuple[object, ...]]) -> Week:
    week = Week(FIRST_WEEK + timedelta(weeks=2 * next(_weeks)), BERLIN)

    def at(day: object, minutes: object) -> object:
        assert isinstance(day, int) and isinstance(minutes, int)
        minutes = min(minutes, 23 * 60 + 59)
        return local(week.monday + timedelta(days=day), time(minutes // 60, minutes % 60), BERLIN)

    items: list[Post | Slot] = []
    for platform, day, minutes, kind, status, text, link, handle in post_rows:
        assert isinstance(platform, str) and isinstance(handle, int)
        handles = HANDLES[platform]
        items.append(Post(platform, at(day, minutes), kind, status, str(text), str(link),  # type: ignore[arg-type]
                          account=handles[handle % len(handles)]))
    for platform, day, minutes, duration, activity, rrule in slot_rows:
        items.append(Slot(platform, at(day, minutes), duration, activity, rrule))  # type: ignore[arg-type]
    repo.add_many(items)
    for platform, subject, target, metric in goal_rows:
        repo.save_goal(Goal(week.label, platform, target, subject, metric))  # type: ignore[arg-type]
    return week


# -- the promise -------------------------------------------------------------------------

def _loud(findings: list[Finding]) -> Counter[tuple[str, str | None, date | None]]:
    return Counter((f.rule, f.platform, f.day) for f in findings if f.blocks)


def _snapshot(repo: Repository, week: Week) -> tuple[object, ...]:
    plan = repo.load_plan(week)
    return (plan.posts, tuple((o.slot, o.start) for o in plan.occurrences))


def check_every_fix(repo: Repository, week: Week, rules: RuleSettings) -> int:
    """Apply each offered fix in turn, check what it did, undo it; returns how many."""
    advice: Advice = advise(repo.load_plan(week), rules)
    before_findings = [e.finding for e in advice.entries]
    original = _snapshot(repo, week)
    applied = 0
    for entry in advice.entries:
        fix = advice.fix(entry.key)
        if fix is None:
            continue
        finding = entry.finding
        assert fix.label and (fix.added or fix.updated), finding
        for slot in fix.added:  # one slot, not a series
            assert isinstance(slot, Slot) and slot.rrule is None, fix.label
            assert week.contains(slot.start), fix.label
        for item in fix.updated:
            assert week.contains(item.start), f"{fix.label} moves a post out of the week"
        change = edits.apply_fix(repo, fix.added, fix.updated)
        after = advise(repo.load_plan(week), rules)
        left = [f for f in (e.finding for e in after.entries)
                if f.rule == finding.rule and f.platform == finding.platform
                and set(f.items) & set(finding.items)]
        assert not left, f"{fix.label!r} leaves {left[0].message!r}"
        loud_before, loud_after = _loud(before_findings), _loud([e.finding for e in after.entries])
        grown = {sig: n for sig, n in loud_after.items() if n > loud_before[sig]}
        assert not grown, f"{fix.label!r} brings new warnings or errors: {grown}"
        edits.apply(repo, change.inverse())
        assert _snapshot(repo, week) == original, f"undoing {fix.label!r} does not restore the week"
        applied += 1
    return applied


@settings(max_examples=1000)
@given(post_rows=posts(), slot_rows=slots, goal_rows=goals, rules=rule_settings)
def test_every_offered_fix_keeps_its_promise_on_generated_weeks(
    shared: Repository, post_rows: list[tuple[object, ...]], slot_rows: list[tuple[object, ...]],
    goal_rows: list[tuple[object, ...]], rules: RuleSettings,
) -> None:
    week = _plan_week(shared, post_rows, slot_rows, goal_rows)
    check_every_fix(shared, week, rules)


@pytest.mark.parametrize("label", ["2026-W48", "2026-W13", "2026-W44"])  # W13 and W44 change the clocks
def test_every_offered_fix_keeps_its_promise_on_the_demo_week(tmp_path: Path, label: str) -> None:
    with Repository.open(tmp_path / "demo.db") as repo:
        week = Week.parse(label, BERLIN)
        fill_demo(repo, week)
        applied = check_every_fix(repo, week, RuleSettings())
    # The demo week's fixes: the link burst, the reply slots, the LinkedIn promos, the account.
    assert applied >= 6
