"""iCalendar export: posts and engagement slots as events a desktop calendar can show.

Each post is a short event at its scheduled time; each slot is an event of its length that
keeps its RRULE, so a calendar repeats it at the same local time across DST changes (the
VTIMEZONE of every zone used is included). UIDs are stable per item and per database, so
importing the file again updates the events instead of duplicating them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from app.domain.items import Post, PostStatus, Slot
from app.domain.platforms import Platform
from app.domain.recurrence import occurrences
from app.domain.zones import UTC

PRODID = "-//Presence//Weekly social presence planner//EN"
POST_MINUTES = 15
SUMMARY_WORDS = 8
# The settings key of the database's own calendar id (the right-hand side of every UID).
CALENDAR_ID_KEY = "calendar_id"

_UNTIL = re.compile(r"UNTIL=([0-9TZ]+)", re.IGNORECASE)
_STATUS = {
    PostStatus.IDEA: "TENTATIVE",
    PostStatus.DRAFT: "TENTATIVE",
    PostStatus.SCHEDULED: "CONFIRMED",
    PostStatus.POSTED: "CONFIRMED",
    PostStatus.SKIPPED: "CANCELLED",
}


def calendar_id(repo: Any) -> str:
    """This database's calendar id, created once and kept in the settings.

    It keeps UIDs unique between two databases and stable across exports of one.
    """
    value = repo.setting(CALENDAR_ID_KEY)
    if isinstance(value, str) and value:
        return value
    value = str(uuid.uuid4())
    repo.set_setting(CALENDAR_ID_KEY, value)
    return value


def item_uid(item_id: int | None, cal_id: str) -> str:
    return f"presence-item-{item_id}@{cal_id}.presence"


# RFC 5545 TEXT allows no control character but the line break (escaped as \n) and tab:
# a NUL or ESC typed into a post would make the file invalid or reach a terminal.
_CONTROLS = {c: None for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F)}


def ical_text(value: str) -> str:
    """A text as iCalendar may carry it: control characters left out, line breaks kept."""
    return value.replace("\r\n", "\n").translate(_CONTROLS)


def first_words(text: str, words: int = SUMMARY_WORDS) -> str:
    """The opening words of a text on one line, with an ellipsis when cut."""
    parts = text.split()
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]) + "…"


def _platform_name(platform_id: str, platforms: Mapping[str, Platform]) -> str:
    platform = platforms.get(platform_id)
    return platform.name if platform else platform_id


def post_summary(post: Post, platforms: Mapping[str, Platform]) -> str:
    parts = post.parts if post.is_thread else (post.text,)
    words = first_words(parts[0]) or (post.link or "(no text yet)")
    thread = f" (thread of {len(parts)})" if len(parts) > 1 else ""
    return f"{_platform_name(post.platform, platforms)} · {post.kind.value}: {words}{thread}"


def post_description(post: Post) -> str:
    lines = [post.text] if post.text else []
    if post.is_thread:  # each part numbered, as it will be posted
        parts = post.parts
        lines = ["\n\n".join(f"{n}/{len(parts)}\n{part}" for n, part in enumerate(parts, 1))]
    if post.link:
        lines.append(post.link)
    extra = []
    if post.account:
        extra.append(f"Account: {post.account}")
    if post.tags:
        extra.append("Tags: " + ", ".join(post.tags))
    extra.append(f"Status: {post.status.value}")
    if post.notes:
        extra.append(f"Notes: {post.notes}")
    if post.first_comment:
        extra.append(f"First comment: {post.first_comment}")
    if post.has_image:
        extra.append(f"Image alt text: {post.alt_text}" if post.alt_text.strip()
                     else "Image: no alt text yet")
    return "\n\n".join(["\n".join(lines), "\n".join(extra)] if lines else ["\n".join(extra)])


def _utc_until(body: str, zone: Any) -> str:
    """RFC 5545 wants UNTIL in UTC when DTSTART carries a TZID; rewrite a local one."""

    def to_utc(match: re.Match[str]) -> str:
        raw = match[1].upper()
        if raw.endswith("Z"):
            return f"UNTIL={raw}"
        if "T" in raw:
            moment = datetime.strptime(raw, "%Y%m%dT%H%M%S").replace(tzinfo=zone)
        else:  # a date: the whole of that local day still counts
            day = datetime.strptime(raw, "%Y%m%d")
            moment = day.replace(hour=23, minute=59, second=59, tzinfo=zone)
        return "UNTIL=" + moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    return _UNTIL.sub(to_utc, body)


def _post_event(post: Post, platforms: Mapping[str, Platform], cal_id: str, stamp: datetime) -> Any:
    from icalendar import Event

    event = Event()
    event.add("uid", item_uid(post.id, cal_id))
    event.add("dtstamp", stamp)
    event.add("dtstart", post.start)
    event.add("dtend", post.start + timedelta(minutes=POST_MINUTES))
    event.add("summary", ical_text(post_summary(post, platforms)))
    event.add("description", ical_text(post_description(post)))
    if post.link:
        event.add("url", ical_text(post.link))
    event.add("categories", [ical_text(_platform_name(post.platform, platforms)), post.kind.value])
    event.add("status", _STATUS[post.status])
    event.add("transp", "TRANSPARENT")  # a post does not make the blogger busy
    return event


def _slot_event(slot: Slot, platforms: Mapping[str, Platform], cal_id: str, stamp: datetime) -> Any:
    from icalendar import Event, vRecur

    name = _platform_name(slot.platform, platforms)
    event = Event()
    event.add("uid", item_uid(slot.id, cal_id))
    event.add("dtstamp", stamp)
    event.add("dtstart", slot.start)
    event.add("duration", timedelta(minutes=slot.duration_min))
    event.add("summary", ical_text(f"{name} · {slot.activity.value} ({slot.duration_min} min)"))
    notes = [slot.notes] if slot.notes else []
    if slot.rrule:
        event.add("rrule", vRecur.from_ical(_utc_until(slot.rrule, slot.start.tzinfo)))
        if slot.exdates:  # occurrences taken out, in the zone of DTSTART as calendars expect
            event.add("exdate", sorted(e.astimezone(slot.start.tzinfo) for e in slot.exdates))
        if slot.done:
            times = len(slot.done)
            notes.append(f"Done {'once' if times == 1 else f'{times} times'} so far.")
    elif slot.done:
        notes.append("Done.")
    notes.append(f"Engagement slot: {slot.activity.value} on {name}.")
    event.add("description", ical_text("\n\n".join(notes)))
    event.add("categories", [ical_text(name), "engagement", slot.activity.value])
    return event


def build_calendar(
    posts: Iterable[Post],
    slots: Iterable[Slot],
    platforms: Mapping[str, Platform],
    cal_id: str,
    *,
    name: str = "Presence",
    now: datetime | None = None,
) -> Any:
    """An icalendar Calendar with one VEVENT per post and per slot, and their VTIMEZONEs."""
    from icalendar import Calendar

    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", ical_text(name))
    starts: list[date] = []
    for post in posts:
        calendar.add_component(_post_event(post, platforms, cal_id, stamp))
        starts.append(post.start.date())
    for slot in slots:
        calendar.add_component(_slot_event(slot, platforms, cal_id, stamp))
        starts.append(slot.start.date())
    if starts:
        # Transitions from a year before the first event keep the VTIMEZONEs short.
        first = max(date(1970, 1, 1), min(starts) - timedelta(days=366))
        calendar.add_missing_timezones(first_date=first, last_date=max(date(2038, 1, 1), max(starts)))
    return calendar


def slots_in_range(slots: Iterable[Slot], start: datetime, end: datetime) -> list[Slot]:
    """Each slot that occurs at least once in [start, end), once, whole series included."""
    return [slot for slot in slots if occurrences(slot, start, end)]


def to_ics(
    posts: Iterable[Post],
    slots: Iterable[Slot],
    platforms: Mapping[str, Platform],
    cal_id: str,
    *,
    name: str = "Presence",
    now: datetime | None = None,
) -> str:
    """The calendar as text, CRLF line endings as RFC 5545 asks."""
    calendar = build_calendar(posts, slots, platforms, cal_id, name=name, now=now)
    return str(calendar.to_ical().decode("utf-8"))
