"""no-engagement and engagement-gap: time kept to answer and listen."""

from __future__ import annotations

from datetime import date


def test_no_engagement_on_a_platform_with_posts_but_no_slot(plan) -> None:
    first = plan.post("instagram", plan.at(1, 19))
    second = plan.post("instagram", plan.at(5, 10), "promo")
    plan.slot("mastodon", plan.at(1, 8))
    [finding] = plan.run("no-engagement")
    assert finding.platform == "instagram" and finding.day is None
    assert finding.items == (first, second) and finding.severity == "warning"
    assert "Instagram" in finding.message
    assert finding.suggestion == (
        "Add a reply slot on Instagram on Tuesday after your 19:00 post; 15 minutes is a start."
    )


def test_any_slot_in_the_week_is_enough(plan) -> None:
    plan.post("instagram", plan.at(1, 19))
    plan.slot("instagram", plan.at(6, 21), "listen")
    assert plan.run("no-engagement") == []


def test_slots_outside_the_week_and_skipped_posts(plan) -> None:
    plan.post("instagram", plan.at(1, 19))
    plan.slot("instagram", plan.at(-1, 21))  # the Sunday before
    plan.slot("instagram", plan.at(7, 8))  # the Monday after
    plan.post("linkedin", plan.at(1, 8), status="skipped")
    findings = plan.run("no-engagement")
    assert [f.platform for f in findings] == ["instagram"]


def test_a_repeating_slot_counts_in_weeks_it_occurs(plan) -> None:
    plan.post("mastodon", plan.at(2, 9))
    plan.slot("mastodon", plan.at(-14, 8, 30), rrule="FREQ=WEEKLY;BYDAY=MO,WE")
    assert plan.run("no-engagement") == []


def test_engagement_gap_names_the_day_and_the_promo(plan) -> None:
    plan.slot("linkedin", plan.at(2, 13), "comment")
    launch = plan.post("linkedin", plan.at(1, 8), "promo")
    plan.post("linkedin", plan.at(1, 12), "own")
    plan.post("linkedin", plan.at(2, 8), "promo")  # Wednesday has a slot
    [finding] = plan.run("engagement-gap")
    assert finding.day == date(2026, 11, 24) and finding.items == (launch,)
    assert finding.suggestion == "Add a reply slot on LinkedIn on Tuesday after the 08:00 post."


def test_engagement_gap_uses_the_local_day_and_the_platform(plan) -> None:
    plan.post("x", plan.at(3, 23, 30), "promo")
    plan.slot("x", plan.at(4, 0, 15))  # after midnight: Friday, not Thursday
    plan.slot("linkedin", plan.at(3, 9))  # another platform
    [finding] = plan.run("engagement-gap")
    assert finding.day == date(2026, 11, 26)


def test_engagement_gap_ignores_non_promo_and_skipped(plan) -> None:
    plan.slot("x", plan.at(0, 9))
    plan.post("x", plan.at(1, 9), "own")
    plan.post("x", plan.at(1, 10), "promo", status="skipped")
    assert plan.run("engagement-gap") == []


def test_engagement_gap_groups_a_days_promos(plan) -> None:
    plan.slot("x", plan.at(0, 9))
    ids = [plan.post("x", plan.at(2, h), "promo") for h in (9, 15)]
    [finding] = plan.run("engagement-gap")
    assert finding.items == tuple(ids)
    assert finding.message.startswith("2 X promo posts on Wednesday have")
    assert "after the 15:00 post" in finding.suggestion
