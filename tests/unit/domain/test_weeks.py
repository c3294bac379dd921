"""Weeks are seven local calendar days; DST weeks last 167 or 169 hours."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain.weeks import SUNDAY, Week

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_iso_label_and_date_name_the_same_week() -> None:
    by_label = Week.parse("2026-W48", BERLIN)
    by_date = Week.parse("2026-11-26", BERLIN)
    assert by_label == by_date
    assert by_label.label == "2026-W48"
    assert by_label.days[0] == date(2026, 11, 23)
    assert by_label.days[-1] == date(2026, 11, 29)


def test_week_starts_at_local_midnight() -> None:
    week = Week.parse("2026-W48", BERLIN)
    assert week.start == datetime(2026, 11, 23, tzinfo=BERLIN)
    assert week.end == datetime(2026, 11, 30, tzinfo=BERLIN)
    assert week.hours == 168


@pytest.mark.parametrize(
    ("label", "zone", "hours"),
    [
        ("2026-W13", BERLIN, 167),  # clocks go forward on Sunday 29 March 2026
        ("2026-W43", BERLIN, 169),  # and back on Sunday 25 October 2026
        ("2026-W10", NEW_YORK, 167),  # 8 March 2026
        ("2026-W44", NEW_YORK, 169),  # 1 November 2026
    ],
)
def test_weeks_across_dst_changes_are_shorter_or_longer(label: str, zone: ZoneInfo, hours: int) -> None:
    assert Week.parse(label, zone).hours == hours


def test_sunday_first_weeks_begin_the_day_before_the_iso_monday() -> None:
    week = Week.parse("2026-11-29", BERLIN, SUNDAY)  # a Sunday opens its own week
    assert week.days[0] == date(2026, 11, 29)
    assert week.label == "2026-W49"
    assert Week.parse("2026-W49", BERLIN, SUNDAY) == week


def test_shifting_crosses_years() -> None:
    week = Week.parse("2026-W53", BERLIN)
    assert week.shifted(1).label == "2027-W01"
    assert week.shifted(-53).label == "2025-W52"


@pytest.mark.parametrize("text", ["2026-W54", "2025-W53", "next week", "2026-13-01", ""])
def test_bad_weeks_are_refused_with_the_reason(text: str) -> None:
    with pytest.raises(ValueError, match=r"ISO week|date"):
        Week.parse(text, BERLIN)
