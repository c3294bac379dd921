"""Quick fixes: applied to the demo week, the finding they answer goes away."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from app.domain.items import Post, PostKind
from app.domain.weeks import Week
from app.rules.engine import lint
from app.services import edits
from app.services.demo import fill_demo
from app.services.quickfix import fix_for, fixes_for, plan_with
from app.services.summary import goal_progress, week_mix
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week.parse("2026-W48", BERLIN)


@pytest.fixture
def demo(repo: Repository) -> Repository:
    fill_demo(repo, WEEK)
    return repo


def _keys(repo: Repository) -> set[tuple[str, str | None, object]]:
    return {(f.rule, f.platform, f.day) for f in lint(repo.load_plan(WEEK))}


@pytest.mark.parametrize("rule", ["engagement-gap", "no-engagement", "link-burst", "post-burst",
                                  "promo-ratio", "account-mix"])
def test_the_fix_removes_its_finding(demo: Repository, rule: str) -> None:
    plan = demo.load_plan(WEEK)
    finding = next(f for f in lint(plan) if f.rule == rule)
    fix = fix_for(finding, plan)
    assert fix is not None, f"{rule} offers no fix"
    before = _keys(demo)
    change = edits.apply_fix(demo, fix.added, fix.updated)
    after = _keys(demo)
    assert (finding.rule, finding.platform, finding.day) in before
    assert (finding.rule, finding.platform, finding.day) not in after, fix.label
    # ... and undoing it brings the finding back, exactly as before.
    edits.apply(demo, change.inverse())
    assert _keys(demo) == before


def test_fixes_for_a_week_match_one_finding_at_a_time(demo: Repository) -> None:
    plan = demo.load_plan(WEEK)
    findings = lint(plan)
    fixes = fixes_for(findings, plan)
    one_by_one = {i: fix_for(f, plan) for i, f in enumerate(findings)}
    assert fixes == {i: fix for i, fix in one_by_one.items() if fix is not None}
    assert len(fixes) >= 6  # the demo week has a fix for every rule that offers one


def test_text_limit_fix_splits_the_post_into_a_thread(demo: Repository) -> None:
    plan = demo.load_plan(WEEK)
    finding = next(f for f in lint(plan) if f.rule == "text-limit")
    fix = fix_for(finding, plan)
    assert fix is not None and fix.label.startswith("Split it into a thread of 2 parts")
    (post,) = fix.updated
    assert isinstance(post, Post) and len(post.parts) == 2 and post.id == finding.items[0]


def test_engagement_gap_fix_names_the_day(demo: Repository) -> None:
    plan = demo.load_plan(WEEK)
    finding = next(f for f in lint(plan) if f.rule == "engagement-gap")
    fix = fix_for(finding, plan)
    assert fix is not None
    assert f"{finding.day:%A}" in fix.label


def test_plan_with_an_edited_post_lints_as_if_saved(demo: Repository) -> None:
    plan = demo.load_plan(WEEK)
    long_post = next(p for p in plan.week_posts() if p.platform == "x" and len(p.text) > 280)
    assert any(f.rule == "text-limit" for f in lint(plan))
    shorter = long_post.with_(text="The photo-walks course is open.")
    assert not any(f.rule == "text-limit" for f in lint(plan_with(plan, shorter)))
    fresh = Post("x", long_post.start, PostKind.OWN, text="x" * 400)
    assert sum(f.rule == "text-limit" for f in lint(plan_with(plan, fresh))) == 2


def test_week_mix_counts_kinds_and_minutes(demo: Repository) -> None:
    plan = demo.load_plan(WEEK)
    mix = {row.platform: row for row in week_mix(plan)}
    assert mix["x"].kinds == {"promo": 4, "own": 1, "curated": 1, "conversation": 0}
    assert mix["mastodon"].engagement_min == 5 * 20 + 30  # skipped promo never counts
    assert mix["mastodon"].kinds["promo"] == 0
    assert mix["instagram"].engagement_min == 0
    goals = {g.goal.platform: g for g in goal_progress(plan)}
    assert (goals["linkedin"].planned, goals["linkedin"].met) == (1, False)
    assert (goals["x"].planned, goals["x"].met) == (4, False)
    assert goals["mastodon"].met


# -- each fix does what its suggestion says, and nothing more (SPEC section 8) -----------

def _offered(repo: Repository, rule: str, platform: str | None = None):  # type: ignore[no-untyped-def]
    from app.rules.settings import RuleSettings
    from app.services.advice import advise

    advice = advise(repo.load_plan(WEEK), RuleSettings())
    entry = next(e for e in advice.entries
                 if e.finding.rule == rule and platform in (None, e.finding.platform))
    return entry.finding, advice.fix(entry.key)


def test_a_reply_slot_fix_adds_one_slot_that_day_after_the_post_not_a_series(demo: Repository) -> None:
    finding, fix = _offered(demo, "engagement-gap", "linkedin")
    assert finding.suggestion == "Add a reply slot on LinkedIn on Monday after the 08:00 post."
    assert fix is not None and not fix.updated and len(fix.added) == 1
    assert fix.label == "Add a 20-min reply slot on LinkedIn on Monday at 09:00, after the 08:00 post"
    slot = fix.added[0]
    assert slot.rrule is None and slot.start.astimezone(BERLIN).date() == finding.day


def test_no_engagement_fix_is_the_one_slot_its_suggestion_names(demo: Repository) -> None:
    finding, fix = _offered(demo, "no-engagement", "instagram")
    assert "on Instagram on Tuesday after your 19:00 post" in finding.suggestion
    assert fix is not None and len(fix.added) == 1 and fix.added[0].rrule is None
    assert fix.label == "Add a 15-min reply slot on Instagram on Tuesday at 20:00, after your 19:00 post"


def test_a_link_burst_fix_keeps_the_first_post_and_skips_the_rest_in_place(demo: Repository) -> None:
    finding, fix = _offered(demo, "link-burst")
    assert finding.suggestion.startswith("Keep the 09:16 post and drop the other 3")
    assert fix is not None and fix.label.startswith("Keep the 09:16 post and drop the other 3")
    plan = demo.load_plan(WEEK)
    before = {p.id: p for p in plan.posts}
    for post in fix.updated:
        assert isinstance(post, Post)
        assert post.start == before[post.id].start  # nothing moves, let alone out of the week
        assert post.status.value == "skipped"


def test_promo_ratio_fix_skips_the_posts_its_suggestion_counts(demo: Repository) -> None:
    finding, fix = _offered(demo, "promo-ratio", "linkedin")
    assert finding.suggestion.endswith("or skip 3 of them.")
    assert fix is not None and fix.label.startswith("Skip the 3 promo posts")
    assert len(fix.updated) == 3


def test_a_fix_that_would_bring_a_new_warning_is_not_offered(demo: Repository) -> None:
    # Skipping X's latest promos would leave two of the burst's posts a repeat of each other.
    finding, fix = _offered(demo, "promo-ratio", "x")
    assert fix is None
    assert fix_for(finding, demo.load_plan(WEEK)) is not None  # a candidate, refused on checking


def _week_of(repo: Repository, posts: list[Post]) -> None:
    from app.domain.items import Activity, Slot

    repo.add_many([*posts, Slot("x", posts[0].start, 20, Activity.REPLY)])


def _at(day: int, hh: int, mm: int = 0):  # type: ignore[no-untyped-def]
    from datetime import time, timedelta

    from app.domain.zones import local

    return local(WEEK.monday + timedelta(days=day), time(hh, mm), BERLIN)


def test_a_repeated_link_moves_to_the_time_the_suggestion_names(repo: Repository) -> None:
    link = "https://slowroads.blog/lisbon"
    _week_of(repo, [Post("x", _at(0, 9), PostKind.OWN, text="Seven walks.", link=link),
                    Post("x", _at(1, 9), PostKind.OWN, text="Seven walks, again.", link=link)])
    finding, fix = _offered(repo, "link-repeat")
    assert "Move the Tuesday 09:00 post to Thursday 09:00 or later" in finding.suggestion
    assert fix is not None and fix.label == "Move the Tuesday 09:00 post to Thursday 09:00"


def test_a_repeat_is_never_moved_out_of_the_week(repo: Repository) -> None:
    link = "https://slowroads.blog/lisbon"
    _week_of(repo, [Post("x", _at(4, 9), PostKind.OWN, text="Seven walks.", link=link),
                    Post("x", _at(5, 9), PostKind.OWN, text="Seven walks, again.", link=link)])
    finding, fix = _offered(repo, "link-repeat")
    assert "to Monday 30 Nov 09:00 or later" in finding.suggestion  # next week: no one click
    assert fix is None


def test_a_crowded_day_moves_its_last_post_to_the_day_the_suggestion_names(repo: Repository) -> None:
    _week_of(repo, [Post("linkedin", _at(1, h), PostKind.CURATED, text="Worth it.",
                         link=f"https://example.org/{h}") for h in (8, 12, 17)]
             + [Post("linkedin", _at(0, 8), PostKind.OWN, text="Mine.")])
    finding, fix = _offered(repo, "daily-cap")
    assert finding.suggestion == "Move 1 to a quieter day, for example to Wednesday."
    assert fix is not None and fix.label == "Move the 17:00 post to Wednesday, same time"


def test_a_late_burst_is_spread_over_its_own_day(repo: Repository) -> None:
    _week_of(repo, [Post("x", _at(2, 20, m), kind, text="Evening thoughts.", link=f"https://e.org/{m}")
                    for m, kind in zip((0, 5, 10, 15), (PostKind.OWN, PostKind.CURATED,
                                                        PostKind.CURATED, PostKind.CONVERSATION),
                                       strict=True)])
    finding, fix = _offered(repo, "post-burst")
    assert finding.suggestion.startswith("Spread them over the day")
    assert fix is not None and fix.label.startswith("Spread the 4 posts over Wednesday")
    assert all(p.start.astimezone(BERLIN).date() == finding.day for p in fix.updated)
