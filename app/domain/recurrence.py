"""Expanding repeating engagement slots in local time, so a 09:00 slot stays at 09:00."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.domain.items import Occurrence, Slot
from app.domain.zones import UTC, normalise

_ALLOWED_FREQ = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_UNTIL_UTC = re.compile(r"UNTIL=(\d{8}T\d{6})Z", re.IGNORECASE)
# How many occurrences a single window may produce before we call the rule absurd.
_MAX_IN_WINDOW = 1000


def _local_body(body: str, zone: ZoneInfo) -> str:
    """Rewrite a UTC UNTIL as local wall time, since we expand on naive local times."""

    def to_local(match: re.Match[str]) -> str:
        until = datetime.strptime(match[1], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        return "UNTIL=" + until.astimezone(zone).strftime("%Y%m%dT%H%M%S")

    return _UNTIL_UTC.sub(to_local, body)


def validate_rrule(body: str) -> str:
    """Check an RRULE body (`FREQ=WEEKLY;BYDAY=MO,WE`); return it tidied, or raise ValueError."""
    from dateutil.rrule import rrulestr

    tidy = body.strip()
    if tidy.upper().startswith("RRULE:"):
        tidy = tidy[6:]
    if not tidy:
        raise ValueError("empty repeat rule")
    if "\n" in tidy or "\r" in tidy:
        raise ValueError("a repeat rule is one line")
    parts = dict(p.partition("=")[::2] for p in tidy.upper().split(";"))
    freq = parts.get("FREQ")
    if freq is None:
        raise ValueError(f"repeat rule {body!r} has no FREQ")
    if freq not in _ALLOWED_FREQ:
        raise ValueError(f"repeat rule {body!r}: slots repeat daily at most often, not {freq}")
    try:
        rrulestr(_local_body(tidy, UTC), dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValueError(f"repeat rule {body!r} is not valid RRULE: {exc}") from None
    return tidy


def occurrences(slot: Slot, start: datetime, end: datetime) -> list[Occurrence]:
    """The slot's occurrences that begin in [start, end)."""
    if not slot.rrule:
        if start <= slot.start < end:
            return [Occurrence(slot, slot.start)]
        return []
    from dateutil.rrule import rrulestr

    zone = slot.start.tzinfo
    assert isinstance(zone, ZoneInfo)
    dtstart = slot.start.replace(tzinfo=None)
    rule = rrulestr(_local_body(slot.rrule, zone), dtstart=dtstart)
    # Search the local window with a day's slack: wall times and instants differ by the offset.
    lo = start.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
    hi = end.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
    found: list[Occurrence] = []
    for naive in rule.xafter(max(lo, dtstart), inc=True):
        if naive >= hi or len(found) >= _MAX_IN_WINDOW:
            break
        moment = normalise(naive.replace(tzinfo=zone))
        if start <= moment < end:
            found.append(Occurrence(slot, moment))
    return found


def expand(slots: Iterable[Slot], start: datetime, end: datetime) -> list[Occurrence]:
    """All occurrences of many slots in [start, end), in time order."""
    out = [occ for slot in slots for occ in occurrences(slot, start, end)]
    out.sort(key=lambda occ: occ.start.astimezone(UTC))
    return out
