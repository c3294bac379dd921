"""A repeat that ends (on a date, after N times), occurrences taken out, a series cut in two."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.domain.items import Activity, Slot
from app.domain.recurrence import (
    end_of_day,
    expand,
    last_start,
    occurrences,
    rule_end,
    same_rule,
    split_rule,
    with_end,
)
from app.domain.weeks import Week
from app.domain.zones import UTC, local

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week.parse("2026-W48", BERLIN)  # Monday 23 November 2026


def slot(rule: str | None, day: date = date(2026, 11, 2), **kw: object) -> Slot:
    return Slot("mastodon", local(day, time(9), BERLIN), 20, Activity.REPLY, rule, id=1,
                **kw)  # type: ignore[arg-type]


def days(found: list) -> list[int]:  # type: ignore[type-arg]
    return [o.start.day for o in found]


def test_an_excepted_occurrence_is_left_out_and_the_others_stay() -> None:
    thursday = local(WEEK.days[3], time(9), BERLIN).astimezone(UTC)
    series = slot("FREQ=DAILY", exdates=frozenset({thursday}))
    assert days(occurrences(series, WEEK.start, WEEK.end)) == [23, 24, 25, 27, 28, 29]
    assert days(occurrences(series, WEEK.shifted(1).start, WEEK.shifted(1).end)) == [30, 1, 2, 3, 4, 5, 6]
    assert len(expand([series], WEEK.start, WEEK.end)) == 6


def test_an_exception_keyed_by_instant_survives_a_dst_change() -> None:
    week = Week.parse("2026-W44", BERLIN)  # the Monday after clocks went back
    monday = local(week.days[0], time(9), BERLIN)
    series = slot("FREQ=DAILY", day=date(2026, 10, 19), exdates=frozenset({monday.astimezone(UTC)}))
    found = occurrences(series, week.start, week.end)
    assert monday not in [o.start for o in found] and len(found) == 6


def test_ends_on_a_date_keeps_that_whole_day() -> None:
    rule = with_end("FREQ=DAILY", until=end_of_day(date(2026, 11, 26), BERLIN))
    assert rule == "FREQ=DAILY;UNTIL=20261126T225959Z"
    series = slot(rule)
    assert days(occurrences(series, WEEK.start, WEEK.end)) == [23, 24, 25, 26]
    assert last_start(series) == local(date(2026, 11, 26), time(9), BERLIN)


def test_a_bare_date_until_keeps_that_day_as_the_calendar_export_does() -> None:
    series = slot("FREQ=DAILY;UNTIL=20261126")
    assert days(occurrences(series, WEEK.start, WEEK.end)) == [23, 24, 25, 26]
    assert last_start(series) == local(date(2026, 11, 26), time(9), BERLIN)


def test_ends_after_n_times() -> None:
    series = slot(with_end("FREQ=WEEKLY;BYDAY=MO,TH", count=8))  # from Monday 2 November
    assert days(occurrences(series, WEEK.start, WEEK.end)) == [23, 26]
    assert occurrences(series, WEEK.shifted(1).start, WEEK.shifted(1).end) == []
    assert last_start(series) == local(date(2026, 11, 26), time(9), BERLIN)


def test_rule_end_reads_each_kind_of_end() -> None:
    assert rule_end("FREQ=DAILY", BERLIN) == rule_end("FREQ=DAILY", BERLIN).__class__("FREQ=DAILY")
    counted = rule_end("FREQ=WEEKLY;COUNT=5;BYDAY=MO", BERLIN)
    assert (counted.base, counted.count, counted.until) == ("FREQ=WEEKLY;BYDAY=MO", 5, None)
    until = rule_end("FREQ=DAILY;UNTIL=20261126T225959Z", BERLIN).until
    assert until == datetime(2026, 11, 26, 22, 59, 59, tzinfo=UTC)
    floating = rule_end("FREQ=DAILY;UNTIL=20261126", BERLIN).until
    assert floating == local(date(2026, 11, 26), time(23, 59, 59), BERLIN)


def test_split_ends_the_first_part_a_second_before_the_occurrence() -> None:
    series = slot("FREQ=DAILY")
    thursday = local(WEEK.days[3], time(9), BERLIN)
    head, tail = split_rule(series, thursday)
    assert head == "FREQ=DAILY;UNTIL=20261126T075959Z" and tail == "FREQ=DAILY"
    assert days(occurrences(series.with_(rrule=head), WEEK.start, WEEK.end)) == [23, 24, 25]


def test_split_of_a_counted_series_shares_out_the_count() -> None:
    series = slot("FREQ=DAILY;COUNT=30")  # 2 November to 1 December
    thursday = local(WEEK.days[3], time(9), BERLIN)
    head, tail = split_rule(series, thursday)
    assert head is not None and "COUNT" not in head
    assert tail == "FREQ=DAILY;COUNT=6"  # 26 November to 1 December
    later = Slot("mastodon", thursday, 20, Activity.REPLY, tail)
    assert last_start(later) == last_start(series)


def test_split_at_the_first_occurrence_leaves_nothing_before() -> None:
    series = slot("FREQ=DAILY")
    assert split_rule(series, series.start) == (None, "FREQ=DAILY")


def test_a_ten_year_series_with_a_thousand_exceptions_leaves_out_those_of_the_week() -> None:
    first = date(2016, 11, 21)
    skipped = [first + timedelta(days=i) for i in range(0, 3700, 3)]
    old = slot("FREQ=DAILY", day=first, exdates=frozenset(
        local(d, time(9), BERLIN).astimezone(UTC) for d in skipped))
    found = occurrences(old, WEEK.start, WEEK.end)
    assert [o.start.date() for o in found] == [d for d in WEEK.days if d not in skipped]
    assert 4 <= len(found) <= 5


def test_the_same_rule_written_another_way_is_the_same_rule() -> None:
    assert same_rule("FREQ=WEEKLY;COUNT=6;BYDAY=TH,MO", "freq=weekly;byday=MO,TH;count=6", BERLIN)
    assert same_rule("FREQ=DAILY;UNTIL=20261126T090000", "FREQ=DAILY;UNTIL=20261126T080000Z", BERLIN)
    assert not same_rule("FREQ=DAILY;COUNT=6", "FREQ=DAILY;COUNT=7", BERLIN)
    assert not same_rule("FREQ=DAILY", None, BERLIN) and same_rule(None, "", BERLIN)
