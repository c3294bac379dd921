"""goal-shortfall: measurable weekly goals of post kinds or engagement activities."""

from __future__ import annotations


def test_activity_goal_counts_slot_occurrences(plan) -> None:
    plan.goal("linkedin", "comment", 5)
    slot = plan.slot("linkedin", plan.at(0, 13), "comment", rrule="FREQ=DAILY;COUNT=4")
    plan.slot("linkedin", plan.at(1, 13), "reply")
    plan.slot("x", plan.at(1, 13), "comment")
    [finding] = plan.run("goal-shortfall")
    assert finding.items == (slot,) and finding.platform == "linkedin" and finding.day is None
    assert finding.message == "Your LinkedIn goal is at least 5 comment slots this week; 4 are planned."
    assert finding.suggestion.startswith("Plan 1 more comment slot on LinkedIn, short ones")
    plan.slot("linkedin", plan.at(6, 9), "comment")
    assert plan.run("goal-shortfall") == []


def test_cap_goal_on_a_post_kind(plan) -> None:
    plan.goal("x", "promo", 2, "at_most")
    ids = [plan.post("x", plan.at(d, 9), "promo") for d in (0, 1)]
    plan.post("x", plan.at(2, 9), "promo", status="skipped")
    plan.post("x", plan.at(-1, 9), "promo")
    assert plan.run("goal-shortfall") == []
    ids.append(plan.post("x", plan.at(3, 9), "promo"))
    [finding] = plan.run("goal-shortfall")
    assert finding.items == tuple(ids)
    assert finding.message == "Your X goal is at most 2 promo posts this week; 3 are planned."
    assert finding.suggestion == "Turn 1 into something else or move it to next week."


def test_kind_goal_met_and_other_weeks_goals(plan) -> None:
    plan.goal("mastodon", "curated", 1)
    plan.post("mastodon", plan.at(1, 9), "curated", link="https://e.x/1")
    assert plan.run("goal-shortfall") == []
    from app.domain.items import Goal

    plan.goals.append(Goal("2026-W47", "mastodon", 9, "curated"))
    assert plan.run("goal-shortfall") == []


def test_zero_planned_is_a_shortfall_with_no_items(plan) -> None:
    plan.goal("bluesky", "conversation", 2)
    [finding] = plan.run("goal-shortfall")
    assert finding.items == ()
    assert "at least 2 conversation posts" in finding.message and "0 are planned" in finding.message
