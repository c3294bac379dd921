"""The engine as the window and the command line use it: a stored week, in order."""

from __future__ import annotations

from datetime import date, time, timedelta

from app.domain.items import Activity, Post, PostKind, PostStatus, Slot
from app.domain.weeks import Week
from app.domain.zones import get_zone, local
from app.rules.engine import RULES, lint
from app.rules.findings import Finding, Severity
from app.rules.settings import RULE_IDS, RuleSettings
from app.services.demo import fill_demo

BERLIN = get_zone("Europe/Berlin")
GUIDE = "https://www.slowroads.blog/lisbon-on-foot"


def at(day: date, hh: int, mm: int = 0):  # type: ignore[no-untyped-def]
    return local(day, time(hh, mm), BERLIN)


def test_every_spec_rule_is_wired() -> None:
    assert tuple(RULES) == RULE_IDS


def test_findings_sorted_by_severity_then_day(plan) -> None:
    plan.post("x", plan.at(3, 9), text="a" * 400)  # error on Thursday
    plan.post("x", plan.at(1, 9), "promo")  # warnings: ratio (week), gap (Tuesday)
    found = lint(plan.plan(), RuleSettings())
    ranks = [(f.severity.rank, f.day or date.min) for f in found]
    assert ranks == sorted(ranks)
    assert found[0].rule == "text-limit" and found[0].severity is Severity.ERROR


def test_disabled_rules_stay_quiet(plan) -> None:
    plan.post("x", plan.at(1, 9), "promo")
    rules = {f.rule for f in lint(plan.plan(), RuleSettings())}
    assert {"promo-ratio", "no-engagement", "engagement-gap"} <= rules
    quiet = RuleSettings(disabled=frozenset({"promo-ratio", "engagement-gap"}))
    assert {f.rule for f in lint(plan.plan(), quiet)} == rules - {"promo-ratio", "engagement-gap"}


def test_to_json_is_the_spec_shape() -> None:
    finding = Finding("link-repeat", Severity.WARNING, "x", date(2026, 11, 23), (4, 9),
                      "The same link twice.", "Move the second.")
    assert finding.to_json() == {
        "rule": "link-repeat", "severity": "warning", "platform": "x", "day": "2026-11-23",
        "items": [4, 9], "message": "The same link twice.", "suggestion": "Move the second.",
    }
    week_wide = Finding("cross-blast", Severity.INFO, None, None, (), "m", "s").to_json()
    assert week_wide["platform"] is None and week_wide["day"] is None and week_wide["items"] == []


def test_a_stored_week_sees_its_neighbours_margins(repo) -> None:
    """Sunday evening and Monday morning of the next week: a repeat for both weeks."""
    this = Week.parse("2026-W48", BERLIN)
    sunday, monday = this.days[-1], this.days[-1] + timedelta(days=1)
    first, second = repo.add_many([
        Post("mastodon", at(sunday, 20), PostKind.OWN, link=GUIDE),
        Post("mastodon", at(monday, 8), PostKind.OWN, link=GUIDE + "/?utm_source=m"),
    ])
    for week, day in ((this, sunday), (this.shifted(1), monday)):
        [finding] = [f for f in lint(repo.load_plan(week)) if f.rule == "link-repeat"]
        assert finding.items == (first.id, second.id) and finding.day == day
    assert not [f for f in lint(repo.load_plan(this.shifted(2))) if f.rule == "link-repeat"]


def test_repeating_slot_at_nine_across_spring_forward(repo) -> None:
    """2026-W13 in Berlin has 167 hours; a daily 09:00 reply slot covers each promo day."""
    week = Week.parse("2026-W13", BERLIN)
    assert week.hours == 167
    repo.add(Slot("x", at(week.days[0], 9), 20, Activity.REPLY, "FREQ=DAILY"))
    repo.add_many([Post("x", at(day, 12), PostKind.PROMO) for day in week.days[4:]])
    repo.add_many([Post("x", at(day, 13), PostKind.OWN) for day in week.days])
    found = lint(repo.load_plan(week))
    assert not [f for f in found if f.rule in ("engagement-gap", "no-engagement")]
    assert not [f for f in found if f.rule == "daily-cap"]


def test_skipped_posts_never_count(repo) -> None:
    week = Week.parse("2026-W48", BERLIN)
    repo.add_many([
        Post("x", at(week.days[2], 9, m), PostKind.PROMO, PostStatus.SKIPPED, "a" * 400, GUIDE)
        for m in (0, 1, 2, 3, 4)
    ])
    assert lint(repo.load_plan(week)) == []


def test_the_demo_week_shows_its_deliberate_problems(repo) -> None:
    week = Week.parse("2026-W48", get_zone("Europe/Lisbon"))
    fill_demo(repo, week)
    found = lint(repo.load_plan(week), RuleSettings.load(repo))
    by_rule: dict[str, list[Finding]] = {}
    for finding in found:
        by_rule.setdefault(finding.rule, []).append(finding)
    assert {f.platform for f in by_rule["promo-ratio"]} == {"linkedin", "x"}
    assert [f.platform for f in by_rule["link-repeat"]] == ["linkedin"]
    assert [(f.platform, len(f.items)) for f in by_rule["link-burst"]] == [("x", 4)]
    assert [f.platform for f in by_rule["post-burst"]] == ["x"]
    assert [f.platform for f in by_rule["no-engagement"]] == ["instagram"]
    assert [f.platform for f in by_rule["text-limit"]] == ["x"]
    assert [f.platform for f in by_rule["account-mix"]] == ["x"]
    assert {f.platform for f in by_rule["goal-shortfall"]} == {"linkedin", "x"}
    assert "mastodon" not in {f.platform for f in found}  # the good example stays clean


def test_weeks_starting_on_sunday(plan) -> None:
    """With weeks from Sunday, the Sunday before the ISO week is inside, the last one out."""
    from app.domain.weeks import SUNDAY

    plan.week = Week.parse("2026-W48", BERLIN, SUNDAY)
    assert plan.week.days[0] == date(2026, 11, 22)
    opening = (plan.post("x", plan.at(-1, 20), link=GUIDE),  # Sunday 22 Nov: inside
               plan.post("x", plan.at(0, 8), link=GUIDE))
    closing = (plan.post("x", plan.at(5, 20), link=GUIDE + "-2"),  # Saturday 28 Nov
               plan.post("x", plan.at(6, 8), link=GUIDE + "-2"))  # Sunday 29: the next week
    found = [f for f in lint(plan.plan()) if f.rule == "link-repeat"]
    assert [(f.day, f.items) for f in found] == [
        (date(2026, 11, 22), opening), (date(2026, 11, 28), closing)]
    assert "Sunday 20:00, Monday 08:00" in found[0].message
    assert "Saturday 20:00, Sunday 29 Nov 08:00" in found[1].message
