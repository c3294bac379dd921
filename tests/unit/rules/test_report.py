"""The human form of `presence lint`: one entry per problem, folded findings inside it,
wrapped to a terminal's width."""

from __future__ import annotations

from datetime import time, timedelta

from app.cli.lint_report import render
from app.domain.items import Post, PostKind
from app.domain.plan import WeekPlan
from app.domain.platforms import BUILTIN_BY_ID
from app.domain.weeks import Week
from app.domain.zones import get_zone, local
from app.rules.settings import RuleSettings
from app.services.advice import advise

ZONE = get_zone("Europe/Berlin")
WEEK = Week.parse("2026-W48", ZONE)
NAMES = {p.id: p.name for p in BUILTIN_BY_ID.values()}


def plan(*posts: Post) -> WeekPlan:
    return WeekPlan(WEEK, tuple(p.with_(id=n) for n, p in enumerate(posts, 1)), (),
                    dict(BUILTIN_BY_ID))


def promo(day: int, hh: int) -> Post:
    return Post("linkedin", local(WEEK.monday + timedelta(days=day), time(hh), ZONE),
                PostKind.PROMO, text="Early-bird places for the photo-walks course.",
                link=f"https://slowroads.blog/shop/{day}")


WEEK_OF_PROMOS = plan(promo(1, 8), promo(3, 8))


def test_one_entry_per_problem_with_the_folded_findings_inside() -> None:
    advice = advise(WEEK_OF_PROMOS, RuleSettings())
    lines = render(WEEK, advice, NAMES).splitlines()
    assert lines[0] == "Week 2026-W48 (Monday 23 Nov to Sunday 29 Nov): 2 problems: 2 warnings"
    assert lines[2] == "  warning  LinkedIn  No time kept to answer, the whole week"
    assert lines[3] == ("                     You post twice on LinkedIn this week but keep no "
                        "time there to answer or to listen.")
    assert lines[4].startswith("                     -> Add a reply slot on LinkedIn on Tuesday")
    assert lines[5].startswith("                     key no-engagement:linkedin:")
    folded = [line for line in lines if line.lstrip().startswith("+ ")]
    assert [line.strip() for line in folded] == [
        "+ warning: Promo day without time to answer, Tuesday",
        "+ warning: Promo day without time to answer, Thursday",
    ]


def test_quick_fixes_are_named_when_given() -> None:
    advice = advise(WEEK_OF_PROMOS, RuleSettings())
    text = render(WEEK, advice, NAMES, fix_of=advice.fix)
    assert "quick fix: Add a 15-min reply slot on LinkedIn on Tuesday at 09:00" in text


def test_wraps_to_the_terminal_under_its_column() -> None:
    advice = advise(WEEK_OF_PROMOS, RuleSettings())
    text = render(WEEK, advice, NAMES, width=72)
    entries, hints = text.split("\n\npresence fix")
    assert all(len(line) <= 72 for line in hints.splitlines())
    body = entries.splitlines()[2:]
    assert all(len(line) <= 72 for line in body)  # keys are never broken
    column = body[0].index("No time")
    assert all(line[:column].strip() in ("", "warning  LinkedIn") for line in body)


def test_set_aside_problems_are_counted_and_listed_on_demand() -> None:
    whole = advise(WEEK_OF_PROMOS, RuleSettings())
    key = whole.problems()[1].key
    advice = advise(WEEK_OF_PROMOS, RuleSettings(), {key})
    text = render(WEEK, advice, NAMES)
    assert text.splitlines()[0].endswith("1 problem: 1 warning; 1 set aside")
    assert key not in text and "presence lint --all lists what is set aside" in text
    listed = render(WEEK, advice, NAMES, show_set_aside=True)
    assert "Set aside (presence unignore KEY brings one back):" in listed and key in listed


def test_an_empty_week_says_so() -> None:
    text = render(WEEK, advise(plan(), RuleSettings()), NAMES)
    assert "nothing to change" in text


def test_a_folded_finding_set_aside_on_its_own_leaves_the_problem_it_is_in() -> None:
    whole = advise(WEEK_OF_PROMOS, RuleSettings())
    top = whole.problems()[0]
    tuesday = whole.folded(top.key)[0]
    advice = advise(WEEK_OF_PROMOS, RuleSettings(), {tuesday.key})
    text = render(WEEK, advice, NAMES)
    assert tuesday.key not in text and "Thursday" in text
    assert tuesday.key in render(WEEK, advice, NAMES, show_set_aside=True)
