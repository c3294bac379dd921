"""What the calendar, the checklist and the scheduler hand-off do with a thread."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from app.domain.items import Post, PostKind, join_thread
from app.domain.plan import WeekPlan
from app.domain.platforms import BUILTIN_BY_ID
from app.domain.weeks import Week
from app.exchange.checklist import checklist_html
from app.exchange.ics import to_ics
from app.exchange.schedulers import hand_off

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week.parse("2026-W48", BERLIN)
PARTS = ["Seven walks through Lisbon, one for each hill.", "The first starts at the river.",
         "The last ends at a viewpoint."]
THREAD = Post("x", datetime(2026, 11, 24, 9, tzinfo=BERLIN), PostKind.OWN, text=join_thread(PARTS),
              link="https://slowroads.blog/lisbon", id=1, has_image=True, alt_text="A yellow tram")


def test_the_calendar_event_numbers_the_parts() -> None:
    event = next(c for c in Calendar.from_ical(to_ics([THREAD], [], BUILTIN_BY_ID, "cal"))
                 .walk("VEVENT"))
    assert str(event["SUMMARY"]).endswith("Seven walks through Lisbon, one for each hill. (thread of 3)")
    description = str(event["DESCRIPTION"])
    assert description.startswith(f"1/3\n{PARTS[0]}\n\n2/3\n{PARTS[1]}\n\n3/3\n{PARTS[2]}")
    assert "---" not in description and "Image alt text: A yellow tram" in description


def test_the_checklist_prints_a_thread_as_one_line() -> None:
    plan = WeekPlan(WEEK, (THREAD,), (), BUILTIN_BY_ID, (), ())
    page = checklist_html(plan, [])
    assert page.count("(thread of 3)") == 1 and "The first starts" not in page


def test_the_hand_off_carries_the_first_part_and_says_so() -> None:
    for fmt in ("hootsuite", "buffer"):
        (handed,) = hand_off(fmt, [THREAD], BERLIN, "2026-W48")
        assert PARTS[0] in handed.text and PARTS[1] not in handed.text and "---" not in handed.text
