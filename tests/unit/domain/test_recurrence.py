"""Repeating slots keep their local wall-clock time across DST changes."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


_DAY_NAMES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@given(
    freq=st.sampled_from(["DAILY", "WEEKLY"]),
    interval=st.one_of(st.none(), st.integers(1, 400)),
    days=st.lists(st.sampled_from(_DAY_NAMES), max_size=7, unique=True),
    end=st.one_of(st.none(), st.integers(1, 5000).map(lambda n: f"COUNT={n}"),
                  st.dates(date(1971, 1, 1), date(2998, 12, 31)).map(lambda d: f"UNTIL={d:%Y%m%d}"),
                  st.dates(date(1971, 1, 1), date(2998, 12, 31)).map(lambda d: f"UNTIL={d:%Y%m%d}T090000Z")),
    wkst=st.one_of(st.none(), st.sampled_from(_DAY_NAMES)),
)
def test_a_plain_rule_the_check_passes_is_one_dateutil_reads(
    freq: str, interval: int | None, days: list[str], end: str | None, wkst: str | None
) -> None:
    """The check skips dateutil's parse for the daily and weekly rules the editor writes:
    each such rule it accepts must be one dateutil reads."""
    from dateutil.rrule import rrulestr

    parts = [f"FREQ={freq}"]
    if interval is not None:
        parts.append(f"INTERVAL={interval}")
    if days:
        parts.append("BYDAY=" + ",".join(days))
    if wkst is not None:
        parts.append(f"WKST={wkst}")
    if end is not None:
        parts.append(end)
    body = validate_rrule(";".join(parts))
    # The parse the check skipped: it must succeed (whether such a rule ever happens from a
    # given start is the start check's business).
    rrulestr(body.replace("Z", ""), dtstart=datetime(1970, 1, 1, 9))
