"""The human form of `presence lint`: grouped by day, wrapped to a terminal's width."""

from __future__ import annotations

from datetime import date

from app.cli.lint_report import render
from app.domain.weeks import Week
from app.domain.zones import get_zone
from app.rules.findings import Finding, Severity

WEEK = Week.parse("2026-W48", get_zone("Europe/Berlin"))
NAMES = {"x": "X", "linkedin": "LinkedIn"}
LONG = Finding(
    "engagement-gap", Severity.WARNING, "linkedin", date(2026, 11, 24), (8,),
    "The LinkedIn promo post on Tuesday has no time kept that day to answer the people it "
    "reaches.",
    "Add a reply slot on LinkedIn on Tuesday after the 08:00 post.",
)
WEEKLY = Finding("promo-ratio", Severity.WARNING, "x", None, (3, 4), "Promotion is 2 of 3.",
                 "Turn 1 promo post into something useful.")


def test_week_group_first_then_days_with_suggestions_under_the_message() -> None:
    text = render(WEEK, [LONG, WEEKLY], NAMES)
    lines = text.splitlines()
    assert lines[0] == "Week 2026-W48 (Monday 23 Nov to Sunday 29 Nov): 2 warnings"
    assert lines[2] == "The whole week" and lines[6] == "Tuesday 24 Nov"
    assert lines[3] == "  warning  X         Promotion is 2 of 3. [#3, #4]"
    assert lines[4] == "                     -> Turn 1 promo post into something useful."


def test_wraps_to_the_terminal_under_its_column() -> None:
    text = render(WEEK, [LONG], NAMES, width=60)
    body = text.split("Tuesday 24 Nov\n", 1)[1].splitlines()
    assert all(len(line) <= 60 for line in body)
    column = body[0].index("The LinkedIn")
    assert all(line[:column].strip() in ("", "warning  LinkedIn") for line in body)
    assert " ".join(line[column:].strip() for line in body).replace("-> ", "") == (
        LONG.message + " [#8] " + LONG.suggestion)


def test_an_empty_week_says_so() -> None:
    assert "nothing to change" in render(WEEK, [], NAMES)
