"""The iCalendar export, read back with icalendar's own parser as a calendar app would."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from app.domain.items import Activity, Post, PostKind, PostStatus, Slot
from app.domain.weeks import Week
from app.domain.zones import local
from app.exchange.ics import calendar_id, slots_in_range, to_ics
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
# Clocks go back in Berlin on Sunday 25 October 2026: week 43 has 169 hours.
DST_WEEK = Week.parse("2026-W43", BERLIN)


def at(day: int, hh: int, mm: int = 0, zone: ZoneInfo = BERLIN) -> datetime:
    return local(date(2026, 10, 19) + timedelta(days=day), time(hh, mm), zone)


def plan_week(repo: Repository) -> tuple[Post, Slot]:
    post = repo.add(Post("linkedin", at(1, 8), PostKind.PROMO, PostStatus.SCHEDULED,
                         "My photo-walks course opens today! Early-bird price until Friday, "
                         "so come along.", "https://slowroads.blog/course", ("launch",)))
    slot = repo.add(Slot("mastodon", at(0, 9), 20, Activity.REPLY,
                         "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Answer replies first."))
    assert isinstance(post, Post) and isinstance(slot, Slot)
    return post, slot


def export(repo: Repository, week: Week = DST_WEEK) -> Calendar:
    posts, slots = repo.items_between(week.start, week.end)
    text = to_ics(posts, slots_in_range(slots, week.start, week.end), repo.platforms(),
                  calendar_id(repo), name=f"Presence {week.label}")
    assert "\r\n" in text  # RFC 5545 content lines
    return Calendar.from_ical(text)


def events(cal: Calendar) -> list:  # type: ignore[type-arg]
    return list(cal.walk("VEVENT"))


def test_a_post_is_a_short_event_at_its_local_time_with_text_and_link(repo: Repository) -> None:
    post, _ = plan_week(repo)
    (event,) = [e for e in events(export(repo)) if "linkedin" in str(e["summary"]).lower()]
    start = event.decoded("dtstart")
    assert start == post.start and start.tzinfo.key == "Europe/Berlin"
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("dtend") - start == timedelta(minutes=15)
    summary = "LinkedIn · promo: My photo-walks course opens today! Early-bird price until…"
    assert str(event["summary"]) == summary
    assert post.text in str(event["description"])
    assert "https://slowroads.blog/course" in str(event["description"])
    assert str(event["url"]) == "https://slowroads.blog/course"


def test_a_repeating_slot_is_one_event_that_keeps_its_rule(repo: Repository) -> None:
    plan_week(repo)
    slot_events = [e for e in events(export(repo)) if "reply" in str(e["summary"])]
    assert len(slot_events) == 1
    (event,) = slot_events
    assert event["rrule"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert event.decoded("duration") == timedelta(minutes=20)
    assert str(event["summary"]) == "Mastodon · reply (20 min)"


def test_a_0900_slot_stays_0900_local_across_the_dst_change(repo: Repository) -> None:
    plan_week(repo)
    cal = export(repo)
    # Use the VTIMEZONE written in the file, as a calendar app would, not our own zone data.
    (vtz,) = [tz for tz in cal.walk("VTIMEZONE") if str(tz["tzid"]) == "Europe/Berlin"]
    file_zone = vtz.to_tz()
    (event,) = [e for e in events(cal) if "rrule" in e]
    start = event.decoded("dtstart").replace(tzinfo=file_zone)
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    days = list(rule.between(datetime(2026, 10, 19, tzinfo=file_zone),
                             datetime(2026, 11, 1, tzinfo=file_zone), inc=True))
    assert [d.date().day for d in days] == [19, 20, 21, 22, 23, 26, 27, 28, 29, 30]
    assert {d.strftime("%H:%M") for d in days} == {"09:00"}
    in_utc = {d.date(): d.utcoffset() for d in days}
    assert in_utc[date(2026, 10, 23)] == timedelta(hours=2)  # CEST before the change
    assert in_utc[date(2026, 10, 26)] == timedelta(hours=1)  # CET after it


def test_every_zone_used_has_its_vtimezone(repo: Repository) -> None:
    plan_week(repo)
    repo.add(Post("x", at(2, 12, zone=NEW_YORK), PostKind.OWN, text="Hello from New York"))
    cal = export(repo)
    used = {str(e["dtstart"].params.get("TZID")) for e in events(cal)}
    assert used == {"Europe/Berlin", "America/New_York"}
    assert {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")} == used


def test_uids_stay_the_same_across_exports_so_a_reimport_updates(
    repo: Repository, tmp_path: Path
) -> None:
    post, _ = plan_week(repo)
    first = {str(e["uid"]) for e in events(export(repo))}
    repo.update(post.with_(text="Changed text"))
    second = {str(e["uid"]) for e in events(export(repo))}
    assert first == second and len(first) == 2
    assert f"presence-item-{post.id}@" in " ".join(first)
    other = Repository.open(tmp_path / "other.db")
    try:
        assert calendar_id(other) != calendar_id(repo)
    finally:
        other.close()


def test_an_until_in_local_time_is_written_in_utc(repo: Repository) -> None:
    repo.add(Slot("x", at(0, 9), 15, Activity.LISTEN, "FREQ=DAILY;UNTIL=20261030T090000"))
    (event,) = events(export(repo))
    assert b"UNTIL=20261030T080000Z" in event["rrule"].to_ical()


def test_a_skipped_post_is_a_cancelled_event_so_the_calendar_drops_it(repo: Repository) -> None:
    repo.add(Post("x", at(2, 12), PostKind.PROMO, PostStatus.SKIPPED, "Never mind"))
    (event,) = events(export(repo))
    assert str(event["status"]) == "CANCELLED"


def test_user_text_with_ical_specials_survives(repo: Repository) -> None:
    text = "Line one; with, commas\nLine two: \\backslash\\ <b>bold</b> 🎉"
    repo.add(Post("bluesky", at(3, 10), PostKind.CONVERSATION, text=text))
    (event,) = events(export(repo))
    assert str(event["description"]).startswith(text)


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"),
               max_size=80),
       st.sampled_from(sorted(z for z in available_timezones() if z.startswith(("Europe/", "America/",
                                                                                 "Asia/", "Australia/")))))
def test_any_text_and_zone_come_back_from_the_file(text: str, zone_name: str) -> None:
    zone = ZoneInfo(zone_name)
    post = Post("mastodon", local(date(2026, 3, 29), time(2, 30), zone), PostKind.OWN, text=text, id=7)
    cal = Calendar.from_ical(to_ics([post], [], {}, "cal"))
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == post.start
    assert event.decoded("dtstart").utcoffset() == post.start.utcoffset()
    if text.strip():
        assert str(event["description"]).startswith(text)
    (vtz,) = cal.walk("VTIMEZONE")
    assert str(vtz["tzid"]) == zone_name
    # A calendar app reading only the file puts the post at the same instant.
    from_file = event.decoded("dtstart").replace(tzinfo=vtz.to_tz())
    assert from_file.utcoffset() == post.start.utcoffset()


def test_an_occurrence_taken_out_is_an_exdate_a_calendar_app_skips(repo: Repository) -> None:
    from app.services import edits

    _, slot = plan_week(repo)
    wednesday = at(2, 9)
    edits.delete_occurrence(repo, slot.id, wednesday, edits.Scope.THIS)  # type: ignore[arg-type]
    (event,) = [e for e in events(export(repo)) if "mastodon" in str(e["summary"]).lower()]
    assert b"EXDATE;TZID=Europe/Berlin:20261021T090000" in event.to_ical()
    # Expanded as a calendar app would: rule and exceptions from the file alone.
    start = event.decoded("dtstart")
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    skipped = {d.dt for e in ([event["exdate"]] if not isinstance(event["exdate"], list)
                              else event["exdate"]) for d in e.dts}
    week = [d for d in rule.between(DST_WEEK.start, DST_WEEK.end, inc=True) if d not in skipped]
    assert [d.day for d in week] == [19, 20, 22, 23]


def test_a_csv_export_leaves_out_the_occurrence_taken_out(repo: Repository) -> None:
    from app.domain.recurrence import expand
    from app.exchange.csv_format import to_csv_text
    from app.services import edits

    _, slot = plan_week(repo)
    edits.delete_occurrence(repo, slot.id, at(2, 9), edits.Scope.THIS)  # type: ignore[arg-type]
    start, end = DST_WEEK.start, DST_WEEK.end
    text = to_csv_text([], expand(repo.slots_between(start, end), start, end))
    dates = [line.split(",")[1] for line in text.splitlines()[1:]]
    assert dates == ["2026-10-19", "2026-10-20", "2026-10-22", "2026-10-23"]


def test_a_repeat_that_ends_is_exported_with_its_end(repo: Repository) -> None:
    from app.domain.recurrence import end_of_day, with_end

    repo.add(Slot("x", at(0, 9), 15, Activity.LISTEN,
                  with_end("FREQ=DAILY", until=end_of_day(date(2026, 10, 22), BERLIN))))
    repo.add(Slot("x", at(0, 18), 15, Activity.LISTEN, "FREQ=DAILY;COUNT=3"))
    ends = sorted(e["rrule"].to_ical() for e in events(export(repo)))
    assert ends == [b"FREQ=DAILY;COUNT=3", b"FREQ=DAILY;UNTIL=20261022T215959Z"]
