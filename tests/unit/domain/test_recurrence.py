"""Repeating slots keep their local wall-clock time across DST changes."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from app.domain.items import Activity, Slot
from app.domain.recurrence import expand, occurrences, validate_rrule
from app.domain.weeks import Week

BERLIN = ZoneInfo("Europe/Berlin")


def daily_at_nine(start: datetime, rule: str = "FREQ=DAILY") -> Slot:
    return Slot("mastodon", start, 20, Activity.REPLY, rule, id=1)


def test_a_daily_nine_oclock_slot_stays_at_nine_across_spring_forward() -> None:
    week = Week.parse("2026-W13", BERLIN)
    slot = daily_at_nine(datetime(2026, 3, 1, 9, 0, tzinfo=BERLIN))
    found = occurrences(slot, week.start, week.end)
    assert [o.start.date() for o in found] == week.days
    assert {o.start.astimezone(BERLIN).time() for o in found} == {time(9, 0)}
    offsets = {o.start.utcoffset().total_seconds() / 3600 for o in found}  # type: ignore[union-attr]
    assert offsets == {1.0, 2.0}


def test_weekly_on_chosen_days() -> None:
    week = Week.parse("2026-W48", BERLIN)
    slot = daily_at_nine(datetime(2026, 11, 2, 9, 0, tzinfo=BERLIN), "FREQ=WEEKLY;BYDAY=MO,WE")
    found = occurrences(slot, week.start, week.end)
    assert [o.start.strftime("%a %H:%M") for o in found] == ["Mon 09:00", "Wed 09:00"]


def test_a_slot_that_has_not_started_yet_has_no_occurrence() -> None:
    week = Week.parse("2026-W48", BERLIN)
    slot = daily_at_nine(datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN))
    assert occurrences(slot, week.start, week.end) == []


def test_until_in_utc_ends_the_series() -> None:
    week = Week.parse("2026-W48", BERLIN)
    slot = daily_at_nine(datetime(2026, 11, 1, 9, 0, tzinfo=BERLIN), "FREQ=DAILY;UNTIL=20261125T080000Z")
    found = occurrences(slot, week.start, week.end)
    assert [o.start.day for o in found] == [23, 24, 25]


def test_single_slots_occur_once_in_their_week() -> None:
    week = Week.parse("2026-W48", BERLIN)
    slot = Slot("x", datetime(2026, 11, 24, 18, 0, tzinfo=BERLIN), 15, Activity.LISTEN, id=2)
    assert [o.start for o in expand([slot], week.start, week.end)] == [slot.start]
    assert expand([slot], week.shifted(1).start, week.shifted(1).end) == []


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("", "empty"),
        ("BYDAY=MO", "no FREQ"),
        ("FREQ=MINUTELY", "daily at most"),
        ("FREQ=WEEKLY;BYDAY=XX", "not valid RRULE"),
        ("FREQ=DAILY;COUNT=abc", "not valid RRULE"),
    ],
)
def test_malformed_rules_are_refused(rule: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        validate_rrule(rule)


def test_a_rule_that_never_ends_is_fine() -> None:
    assert validate_rrule("RRULE:FREQ=WEEKLY;BYDAY=MO,TU") == "FREQ=WEEKLY;BYDAY=MO,TU"
