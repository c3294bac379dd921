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


def test_text_limit_has_no_automatic_fix(demo: Repository) -> None:
    plan = demo.load_plan(WEEK)
    finding = next(f for f in lint(plan) if f.rule == "text-limit")
    assert fix_for(finding, plan) is None


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
