"""The iCalendar description counts done-marks in words: "once", "3 times", never "time(s)"."""

from __future__ import annotations

from icalendar import Calendar

from app.domain.items import Slot
from app.exchange.ics import calendar_id, slots_in_range, to_ics
from app.storage.repository import Repository
from tests.unit.exchange.test_ics import DST_WEEK, at, plan_week


def description(repo: Repository) -> str:
    posts, slots = repo.items_between(DST_WEEK.start, DST_WEEK.end)
    text = to_ics(posts, slots_in_range(slots, DST_WEEK.start, DST_WEEK.end), repo.platforms(),
                  calendar_id(repo))
    [slot_event] = [e for e in Calendar.from_ical(text).walk("VEVENT") if "rrule" in e]
    return str(slot_event["description"])


def test_done_marks_are_counted_in_words(repo: Repository) -> None:
    _post, slot = plan_week(repo)
    repo.set_done(slot.id or 0, at(0, 9))
    assert "Done once so far." in description(repo)
    for day in (1, 2):
        repo.set_done(slot.id or 0, at(day, 9))
    stored = repo.get(slot.id or 0)
    assert isinstance(stored, Slot) and len(stored.done) == 3
    assert "Done 3 times so far." in description(repo) and "(s)" not in description(repo)
