"""post-burst: more than 3 posts on one platform within any 60 minutes."""

from __future__ import annotations

from datetime import date


def test_four_posts_within_an_hour_is_a_burst(plan) -> None:
    ids = [plan.post("bluesky", plan.at(1, 12, m)) for m in (0, 15, 30, 59)]
    [finding] = plan.run("post-burst")
    assert finding.severity == "warning" and finding.items == tuple(ids)
    assert finding.day == date(2026, 11, 24)
    assert "4 Bluesky posts within 59 minutes, Tuesday 12:00 to 12:59" in finding.message


def test_three_posts_within_an_hour_is_fine(plan) -> None:
    for m in (0, 1, 2):
        plan.post("bluesky", plan.at(1, 12, m))
    assert plan.run("post-burst") == []


def test_fourth_post_just_outside_the_hour(plan) -> None:
    for m in (0, 20, 40):
        plan.post("bluesky", plan.at(1, 12, m))
    plan.post("bluesky", plan.at(1, 13, 0))
    assert plan.run("post-burst") == []


def test_skipped_and_other_platforms_do_not_count(plan) -> None:
    for m in (0, 10, 20):
        plan.post("bluesky", plan.at(1, 12, m))
    plan.post("bluesky", plan.at(1, 12, 30), status="skipped")
    plan.post("mastodon", plan.at(1, 12, 30))
    assert plan.run("post-burst") == []


def test_overlapping_windows_make_one_finding(plan) -> None:
    ids = [plan.post("x", plan.at(1, 12, m)) for m in (0, 10, 20, 30, 50)]
    ids.append(plan.post("x", plan.at(1, 13, 15)))
    [finding] = plan.run("post-burst")
    assert finding.items == tuple(ids)


def test_burst_straddling_sunday_midnight_belongs_to_both_weeks(plan_for) -> None:
    this = plan_for("2026-W48")
    for m in (30, 45):
        this.post("x", this.at(6, 23, m))
    for m in (0, 10):
        this.post("x", this.at(7, 0, m))
    [here] = this.run("post-burst")
    assert here.day == date(2026, 11, 29)
    following = plan_for("2026-W49")
    following.posts = this.posts
    [there] = following.run("post-burst")
    assert there.day == date(2026, 11, 30) and there.items == here.items


def test_burst_size_is_a_setting(plan) -> None:
    from app.rules.settings import RuleSettings

    for m in (0, 10, 20):
        plan.post("x", plan.at(1, 12, m))
    assert plan.run("post-burst", RuleSettings(post_burst_max=2))
    assert plan.run("post-burst", RuleSettings(post_burst_max=2, post_burst_minutes=15)) == []
