"""The advice a person reads: stable keys, overlaps folded into one problem, what matters
most first, findings set aside until their items change."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.items import Activity, Post, PostKind, PostStatus, Slot
from app.domain.plan import WeekPlan
from app.domain.weeks import Week
from app.domain.zones import local
from app.rules.explain import RULE_NAMES, SEVERITY_WORDS, explanation
from app.rules.findings import Severity
from app.rules.settings import RULE_IDS, RuleSettings
from app.services.advice import Advice, advise
from app.services.demo import fill_demo
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week.parse("2026-W48", BERLIN)
GUIDE = "https://slowroads.blog/lisbon-on-foot"


def at(day: int, hh: int, mm: int = 0) -> datetime:
    return local(WEEK.monday + timedelta(days=day), time(hh, mm), BERLIN)


@pytest.fixture
def demo(repo: Repository) -> Repository:
    fill_demo(repo, WEEK)
    return repo


def advice_of(repo: Repository, ignored: set[str] | None = None) -> Advice:
    return advise(repo.load_plan(WEEK), RuleSettings(), ignored or set())


def by_rule(advice: Advice, rule: str, platform: str | None = None) -> list:  # type: ignore[type-arg]
    return [e for e in advice.entries
            if e.finding.rule == rule and (platform is None or e.finding.platform == platform)]


def test_keys_are_short_readable_and_unique(demo: Repository) -> None:
    advice = advice_of(demo)
    keys = [e.key for e in advice.entries]
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z-]+:[a-z0-9-]+:[0-9a-f]{8}", k) for k in keys), keys
    assert by_rule(advice, "promo-ratio", "x")[0].key.startswith("promo-ratio:x:")


def test_a_key_stays_while_its_items_stay_and_changes_when_one_changes(demo: Repository) -> None:
    before = {e.finding.rule + str(e.finding.items): e.key for e in advice_of(demo).entries}
    again = {e.finding.rule + str(e.finding.items): e.key for e in advice_of(demo).entries}
    assert again == before  # same plan, same keys (also in another process: no salted hash)
    account_mix = by_rule(advice_of(demo), "account-mix")[0]
    post = demo.get(account_mix.finding.items[0])
    assert isinstance(post, Post)
    demo.update(post.with_(notes="Ask Rui for a photo.", tags=("launch", "course")))
    assert by_rule(advice_of(demo), "account-mix")[0].key == account_mix.key  # words aside
    demo.update(post.with_(text=post.text.replace("winter", "spring")))
    after = advice_of(demo)
    assert by_rule(after, "account-mix")[0].key != account_mix.key
    # Findings that do not involve the edited post keep their keys.
    burst = by_rule(after, "link-burst")[0]
    assert burst.key in before.values()


def test_the_overlaps_spec_8_names_are_folded(demo: Repository) -> None:
    advice = advice_of(demo)
    no_time = by_rule(advice, "no-engagement", "instagram")[0]
    assert no_time.folded_into is None
    assert [e.finding.rule for e in advice.folded(no_time.key)] == ["engagement-gap"]
    burst = by_rule(advice, "link-burst", "x")[0]
    crowd = by_rule(advice, "post-burst", "x")[0]
    assert crowd.folded_into == burst.key
    # The promo days of a platform without time to answer make one problem, the first day.
    linkedin_gaps = by_rule(advice, "engagement-gap", "linkedin")
    assert [e.folded_into for e in linkedin_gaps] == [None, linkedin_gaps[0].key, linkedin_gaps[0].key]
    # A week that speaks about you: the curation note inside the promo warning.
    promo = by_rule(advice, "promo-ratio", "linkedin")[0]
    assert by_rule(advice, "curation-balance", "linkedin")[0].folded_into == promo.key
    # Nothing is folded into something quieter than itself.
    for entry in advice.entries:
        if entry.folded_into:
            parent = advice.entry(entry.folded_into)
            assert parent is not None and parent.folded_into is None
            assert parent.finding.severity.rank <= entry.finding.severity.rank


def _plan(posts: list[Post], slots: list[Slot] = ()) -> WeekPlan:  # type: ignore[assignment]
    from app.domain.platforms import BUILTIN_BY_ID
    from app.domain.recurrence import expand

    numbered = [p.with_(id=n) for n, p in enumerate(posts, 1)]
    ids = [s.with_(id=100 + n) for n, s in enumerate(slots)]
    occurrences = expand(ids, WEEK.start - timedelta(days=3), WEEK.end + timedelta(days=3))
    return WeekPlan(WEEK, tuple(numbered), tuple(occurrences), dict(BUILTIN_BY_ID))


def test_a_repeat_reaching_into_a_burst_and_a_day_over_its_cap_fold_into_the_burst() -> None:
    burst = [Post("linkedin", at(2, 9, m), PostKind.CURATED, text="Worth reading.", link=GUIDE)
             for m in (0, 10, 20)]
    later = Post("linkedin", at(3, 9), PostKind.OWN, link=GUIDE)
    advice = advise(_plan([*burst, later], [Slot("linkedin", at(0, 9), 20, Activity.REPLY)]),
                    RuleSettings())
    top = by_rule(advice, "link-burst")[0]
    assert {e.finding.rule for e in advice.folded(top.key)} == {"link-repeat", "daily-cap"}
    assert [e.finding.rule for e in advice.problems()] == ["link-burst"]


def test_shares_without_a_word_fold_into_only_echoing_others() -> None:
    shares = [Post("x", at(d, 12), PostKind.CURATED, link=f"https://example.org/{d}") for d in range(3)]
    advice = advise(_plan(shares, [Slot("x", at(0, 9), 20, Activity.REPLY)]), RuleSettings())
    assert [e.finding.rule for e in advice.problems()] == ["echo-only"]
    assert [e.finding.rule for e in advice.folded(advice.problems()[0].key)] == ["bare-reshare"]


def test_problems_come_errors_first_then_the_whole_week_then_the_days(demo: Repository) -> None:
    problems = advice_of(demo).problems()
    ranks = [(e.finding.severity.rank, e.finding.day is not None) for e in problems]
    assert ranks == sorted(ranks)
    assert problems[0].finding.severity is Severity.ERROR
    warnings = [e.finding for e in problems if e.finding.severity is Severity.WARNING]
    assert warnings[0].rule == "no-engagement"  # no one there to answer matters most
    days = [f.day for f in warnings if f.day is not None]
    assert days == sorted(days)


def test_a_problem_set_aside_leaves_the_list_until_its_items_change(demo: Repository) -> None:
    advice = advice_of(demo)
    text = by_rule(advice, "text-limit")[0]
    burst = by_rule(advice, "link-burst")[0]
    aside = advice_of(demo, {text.key, burst.key})
    assert text.key not in {e.key for e in aside.problems()}
    assert [e.key for e in aside.set_aside()] == [burst.key, text.key]
    assert aside.summary() == "9 problems: 8 warnings, 1 note"
    # What is folded into a problem set aside goes aside with it.
    assert all(e.ignored for e in aside.folded(burst.key))
    post = demo.get(text.finding.items[0])
    assert isinstance(post, Post)
    demo.update(post.with_(text=post.text + " See you there!"))
    back = advice_of(demo, {text.key, burst.key})
    assert "text-limit" in {e.finding.rule for e in back.problems()}


def test_only_notes_left_do_not_block(demo: Repository) -> None:
    advice = advice_of(demo)
    loud = {e.key for e in advice.problems() if e.finding.blocks}
    quiet = advice_of(demo, loud)
    assert not quiet.blocks and quiet.summary() == "1 problem: 1 note"


def test_fixes_are_computed_when_asked_and_kept(demo: Repository) -> None:
    advice = advice_of(demo)
    gap = by_rule(advice, "engagement-gap", "x")[-1]
    fix = advice.fix(gap.key)
    assert fix is not None and advice.fix(gap.key) is fix
    assert advice.fix("no-such-key") is None
    assert advice.fix(by_rule(advice, "curation-balance")[0].key) is None  # a note has none


def test_skipped_posts_do_not_change_keys_of_other_findings(demo: Repository) -> None:
    # A finding's key covers its own items only: skipping an unrelated post keeps it.
    advice = advice_of(demo)
    burst = by_rule(advice, "link-burst")[0]
    instagram = [p for p in demo.load_plan(WEEK).week_posts() if p.platform == "instagram"]
    demo.update(instagram[0].with_(status=PostStatus.SKIPPED))
    assert by_rule(advice_of(demo), "link-burst")[0].key == burst.key


def test_every_rule_has_a_plain_name_and_an_explanation() -> None:
    assert set(RULE_NAMES) == set(RULE_IDS)
    assert RULE_NAMES["promo-ratio"] == "Too much self-promotion"
    assert SEVERITY_WORDS[Severity.INFO] == "note"
    for rule in RULE_IDS:
        text = explanation(rule)
        assert len(text) > 150 and "\n" not in text and rule not in text
