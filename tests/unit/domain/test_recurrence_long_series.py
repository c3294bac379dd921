"""Series that began years ago expand quickly and exactly as a walk from their first day."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st

from app.domain.items import Activity, Slot
from app.domain.recurrence import last_start, occurrences
from app.domain.weeks import Week
from app.domain.zones import normalise

BERLIN = ZoneInfo("Europe/Berlin")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def walked_from_the_start(slot: Slot, week: Week) -> list[datetime]:
    """What the series gives in the week when dateutil walks it from its very first day."""
    assert slot.rrule
    # A bare-date UNTIL keeps that whole day (as the iCalendar export writes it); dateutil
    # alone would stop at its midnight.
    body = re.sub(r"UNTIL=(\d{8})(;|$)", r"UNTIL=\1T235959\2", slot.rrule)
    rule = rrulestr(body, dtstart=slot.start.replace(tzinfo=None))
    lo = week.start.replace(tzinfo=None) - timedelta(days=1)
    hi = week.end.replace(tzinfo=None) + timedelta(days=1)
    found = (normalise(n.replace(tzinfo=BERLIN)) for n in rule.between(lo, hi, inc=True))
    return [m for m in found if week.start <= m < week.end]


rules = st.builds(
    lambda freq, interval, days, monthday, until: ";".join(
        p for p in (
            f"FREQ={freq}",
            f"INTERVAL={interval}" if interval > 1 else "",
            f"BYDAY={','.join(days)}" if days and freq in ("DAILY", "WEEKLY") else "",
            f"BYMONTHDAY={monthday}" if monthday and freq == "MONTHLY" else "",
            f"UNTIL={until}" if until else "",
        ) if p
    ),
    st.sampled_from(("DAILY", "WEEKLY", "MONTHLY", "YEARLY")),
    st.integers(1, 5),
    st.lists(st.sampled_from(DAYS), unique=True, max_size=3),
    st.sampled_from((None, 1, 15, 31)),
    st.one_of(
        st.none(),  # floating local UNTIL, as a date or a date and time
        st.dates(datetime(2012, 1, 1).date(), datetime(2027, 12, 31).date()).map(
            lambda d: f"{d:%Y%m%d}"),
        st.datetimes(datetime(2012, 1, 1), datetime(2027, 12, 31)).map(
            lambda d: f"{d:%Y%m%dT%H%M%S}"),
    ),
)


@given(
    rule=rules,
    first=st.datetimes(datetime(2012, 1, 1), datetime(2026, 12, 31)),
    week_offset=st.integers(0, 52 * 12),
)
def test_a_long_running_series_gives_the_same_week_as_walking_it_from_its_start(
    rule: str, first: datetime, week_offset: int
) -> None:
    slot = Slot("mastodon", normalise(first.replace(second=0, microsecond=0, tzinfo=BERLIN)),
                30, Activity.REPLY, rule, id=1)
    week = Week.containing(first.date(), BERLIN).shifted(week_offset)
    assert [o.start for o in occurrences(slot, week.start, week.end)] == walked_from_the_start(slot, week)


def test_a_weekday_routine_begun_ten_years_ago_still_shows_this_week_at_its_time() -> None:
    slot = Slot("mastodon", datetime(2016, 11, 21, 8, 30, tzinfo=BERLIN), 20, Activity.REPLY,
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", id=1)
    week = Week.parse("2026-W48", BERLIN)
    found = occurrences(slot, week.start, week.end)
    assert [o.start.strftime("%a %d %H:%M") for o in found] == ["Mon 23 08:30", "Thu 26 08:30"]
    assert occurrences(slot, week.shifted(1).start, week.shifted(1).end) == []


def test_the_last_occurrence_of_a_counted_or_ending_series_is_known() -> None:
    start = datetime(2026, 3, 2, 9, tzinfo=BERLIN)
    counted = Slot("x", start, 15, Activity.REPLY, "FREQ=DAILY;COUNT=30")
    assert last_start(counted) == datetime(2026, 3, 31, 9, tzinfo=BERLIN)
    until = Slot("x", start, 15, Activity.REPLY, "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260420T220000Z")
    assert last_start(until) == datetime(2026, 4, 20, 9, tzinfo=BERLIN)
    assert last_start(Slot("x", start, 15, Activity.REPLY, "FREQ=WEEKLY")) is None
    assert last_start(Slot("x", start, 15, Activity.REPLY)) == start


def test_a_rule_that_never_advances_is_stored_as_endless_instead_of_hanging() -> None:
    start = datetime(2026, 3, 2, 9, tzinfo=BERLIN)
    assert last_start(Slot("x", start, 15, Activity.REPLY, "FREQ=DAILY;INTERVAL=0;COUNT=3")) is None
