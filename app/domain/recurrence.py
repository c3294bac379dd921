"""Expanding repeating engagement slots in local time, so a 09:00 slot stays at 09:00."""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from app.domain.items import Occurrence, Slot
from app.domain.zones import UTC, normalise

if TYPE_CHECKING:
    from dateutil.rrule import rrule

_ALLOWED_FREQ = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_UNTIL_UTC = re.compile(r"UNTIL=(\d{8}T\d{6})Z", re.IGNORECASE)
_UNTIL_LOCAL = re.compile(r"(\d{8})(?:T(\d{6}))?", re.IGNORECASE)
# How many occurrences a single window may produce before we call the rule absurd.
_MAX_IN_WINDOW = 1000
# Series longer than this count as endless when deciding which weeks must read them.
_MAX_COUNTED = 10_000


def _local_body(body: str, zone: ZoneInfo) -> str:
    """Rewrite a UTC UNTIL as local wall time, since we expand on naive local times."""

    def to_local(match: re.Match[str]) -> str:
        until = datetime.strptime(match[1], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        try:
            return "UNTIL=" + until.astimezone(zone).strftime("%Y%m%dT%H%M%S")
        except OverflowError:  # at the edge of year 1 or 9999: as good as the UTC value
            return "UNTIL=" + match[1]

    return _UNTIL_UTC.sub(to_local, body)


_RULE_KEYS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO",
              "BYMONTH", "BYSETPOS", "WKST"}
_SUB_DAILY = ("BYHOUR", "BYMINUTE", "BYSECOND")
_UNTIL_FORMS = re.compile(r"\d{8}(T\d{6}Z?)?")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def validate_rrule(body: str, start: datetime | None = None) -> str:
    """Check an RRULE body (`FREQ=WEEKLY;BYDAY=MO,WE`); return it tidied, or raise ValueError.

    The one check for a repeat rule, wherever it comes from (an import, the slot editor, a
    slot stored): one line, at most daily, an UNTIL in one of RFC 5545's forms, and a rule
    that can happen at all. Given the slot's `start`, a rule with no occurrence from it is
    refused too, and a floating UNTIL (a date, or a time without Z) is written as the UTC
    instant it means in the start's zone, so the window and every calendar count alike.
    """
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
    sub_daily = [key for key in _SUB_DAILY if key in parts]
    if sub_daily:
        raise ValueError(f"repeat rule {body!r}: slots repeat daily at most often, at the slot's own "
                         f"time ({sub_daily[0]} would repeat it within a day)")
    unknown = sorted(set(parts) - _RULE_KEYS)
    if unknown:
        raise ValueError(f"repeat rule {body!r}: {unknown[0]!r} is not part of a repeat rule")
    interval = parts.get("INTERVAL", "1")
    if not (interval.isascii() and interval.isdigit() and int(interval) >= 1):
        # dateutil accepts INTERVAL=0 and then loops forever looking for the next occurrence
        raise ValueError(f"repeat rule {body!r}: INTERVAL must be a whole number from 1 up")
    count = parts.get("COUNT", "1")
    if count.isascii() and count.isdigit() and not 1 <= int(count) <= 1_000_000:
        raise ValueError(f"repeat rule {body!r}: COUNT must be a whole number from 1 to 1000000")
    if "UNTIL" in parts:
        until = parts["UNTIL"]
        try:
            readable = (_UNTIL_FORMS.fullmatch(until) is not None
                        and _local_until(until.rstrip("Z")) is not None)
        except ValueError:  # 20271340: no such day
            readable = False
        if not readable:
            raise ValueError(f"repeat rule {body!r}: UNTIL must be a date like 20271231 or a time "
                             "like 20271231T090000Z")
    if _never(parts):
        raise ValueError(f"repeat rule {body!r} never happens (no such day in those months)")
    if not _plain(parts):
        try:
            rrulestr(_local_body(tidy, UTC), dtstart=datetime(2000, 1, 1))
        except (ValueError, TypeError, OverflowError) as exc:
            raise ValueError(f"repeat rule {body!r} is not valid RRULE: {exc}") from None
    if start is not None:
        tidy = _until_in_utc(tidy, start)
        if not occurrences_from(tidy, start):
            raise ValueError(f"repeat rule {body!r} has no occurrence from the slot's start on "
                             "(does it end before it begins?)")
    return tidy


_DAY_LIST = re.compile(r"(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*")


def _plain(parts: dict[str, str]) -> bool:
    """A daily or weekly rule of the shape the slot editor writes, every part already checked
    above: dateutil parses it for sure, so the parse (a third of a millisecond with an UNTIL,
    paid for every series each time a command opens a file) is skipped."""
    if parts["FREQ"] not in ("DAILY", "WEEKLY") or not set(parts) <= _PLAIN_KEYS:
        return False
    count = parts.get("COUNT", "1")
    return (count.isascii() and count.isdigit()
            and ("BYDAY" not in parts or _DAY_LIST.fullmatch(parts["BYDAY"]) is not None)
            and ("WKST" not in parts or parts["WKST"] in _DAYS))


_PLAIN_KEYS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "WKST"}
_DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}


def _never(parts: dict[str, str]) -> bool:
    """A month-day that no listed month has (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30): dateutil
    would search for years before giving up, at every read of a week."""
    if "BYMONTHDAY" not in parts:
        return False
    try:
        days = [int(d) for d in parts["BYMONTHDAY"].split(",")]
        months = [int(m) for m in parts["BYMONTH"].split(",")] if "BYMONTH" in parts else list(range(1, 13))
    except ValueError:
        return False  # dateutil says what is wrong with it
    if any(d < 0 for d in days) or not all(1 <= m <= 12 for m in months):
        return False
    return not any(d <= _MONTH_DAYS[m - 1] for d in days for m in months)


def _until_in_utc(body: str, start: datetime) -> str:
    """A floating UNTIL as the UTC instant it means in the start's zone (a date: its end)."""
    zone = start.tzinfo
    if not isinstance(zone, ZoneInfo):
        return body
    out = []
    for part in body.split(";"):
        key, _, value = part.partition("=")
        if key.upper() == "UNTIL" and not value.upper().endswith("Z"):
            local = _local_until(value.upper())
            if local is not None:
                with suppress(OverflowError, ValueError):  # at the edge of year 1 or 9999
                    part = f"{key}=" + normalise(local.replace(tzinfo=zone)).astimezone(UTC).strftime(
                        "%Y%m%dT%H%M%SZ")
        out.append(part)
    return ";".join(out)


def occurrences_from(body: str, start: datetime) -> bool:
    """Whether a rule (already checked) happens at least once from `start` on."""
    zone = start.tzinfo
    if not isinstance(zone, ZoneInfo):
        return True
    try:
        rule = _parsed_rule(_local_body(body, zone), start.replace(tzinfo=None))
        return next(iter(rule), None) is not None
    except (ValueError, TypeError, OverflowError):
        return False


def _rule_parts(body: str) -> tuple[str, int, bool]:
    """(FREQ, INTERVAL, has COUNT) of an RRULE body, for the fast-forward below."""
    parts = dict(p.partition("=")[::2] for p in body.upper().split(";"))
    try:
        interval = int(parts.get("INTERVAL") or 1)
    except ValueError:
        interval = 1
    return parts.get("FREQ", ""), max(interval, 1), "COUNT" in parts


def fast_forward(dtstart: datetime, lo: datetime, freq: str, interval: int) -> datetime:
    """A start whole periods later and still before `lo`: the same occurrences from `lo` on.

    dateutil walks every occurrence from the series' start, so a daily slot begun ten
    years ago would cost 3,650 steps per week shown. Moving the start by whole multiples
    of the period keeps the rule's phase (INTERVAL counting) and the defaults it takes from
    the start (weekday, day of month, time of day). Rules with COUNT cannot move: their
    count starts at the first occurrence.
    """
    if lo <= dtstart:
        return dtstart
    if freq in ("DAILY", "WEEKLY"):
        step = timedelta(days=interval * (7 if freq == "WEEKLY" else 1))
        periods = (lo - dtstart) // step - 1
        return dtstart + periods * step if periods > 0 else dtstart
    if freq == "MONTHLY" and dtstart.day <= 28:  # every month has the start's day
        periods = ((lo.year - dtstart.year) * 12 + lo.month - dtstart.month) // interval - 1
        if periods > 0:
            month0 = dtstart.month - 1 + periods * interval
            return dtstart.replace(year=dtstart.year + month0 // 12, month=month0 % 12 + 1)
    if freq == "YEARLY" and (dtstart.month, dtstart.day) != (2, 29):
        periods = (lo.year - dtstart.year) // interval - 1
        if periods > 0:
            return dtstart.replace(year=dtstart.year + periods * interval)
    return dtstart


@lru_cache(maxsize=2048)
def _parsed_rule(body: str, dtstart: datetime) -> rrule:
    """Parsing costs more than expanding one week; switching weeks back and forth reuses it."""
    from dateutil.rrule import rrule as rrule_type
    from dateutil.rrule import rrulestr

    parts = body.split(";")
    untils = [p for p in parts if p[:6].upper() == "UNTIL="]
    until = _local_until(untils[0][6:]) if len(untils) == 1 else None
    if until is not None:  # ours to read: dateutil would load its date parser (~15 ms) for it
        body = ";".join(p for p in parts if p is not untils[0])
    rule = rrulestr(body, dtstart=dtstart)
    if not isinstance(rule, rrule_type):
        raise ValueError(f"repeat rule {body!r} is not a single RRULE")
    return rule if until is None else rule.replace(until=until)


def _local_until(value: str) -> datetime | None:
    """A floating UNTIL (`20261130` or `20261130T220000`) as a naive datetime, else None.

    A bare date keeps the whole of that day, as the iCalendar export writes it.
    """
    match = _UNTIL_LOCAL.fullmatch(value)
    if match is None:
        return None
    day, at = match[1], match[2] or "235959"
    return datetime(int(day[:4]), int(day[4:6]), int(day[6:]), int(at[:2]), int(at[2:4]), int(at[4:]))


def occurrences(slot: Slot, start: datetime, end: datetime) -> list[Occurrence]:
    """The slot's occurrences that begin in [start, end)."""
    if not slot.rrule:
        if start <= slot.start < end:
            return [Occurrence(slot, slot.start)]
        return []
    zone = slot.start.tzinfo
    assert isinstance(zone, ZoneInfo)
    # Search the local window with a day's slack: wall times and instants differ by the offset.
    lo = start.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
    hi = end.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
    dtstart = slot.start.replace(tzinfo=None)
    if dtstart >= hi:
        return []
    freq, interval, counted = _rule_parts(slot.rrule)
    if not counted:
        dtstart = fast_forward(dtstart, lo, freq, interval)
    rule = _parsed_rule(_local_body(slot.rrule, zone), dtstart)
    found: list[Occurrence] = []
    skipped = slot.exdates
    # At most daily (validate_rrule): more than a day's worth means a rule no Presence
    # stores, so stop there; a long export window keeps every day.
    cap = max(_MAX_IN_WINDOW, (hi - lo).days + 2)
    for naive in rule.xafter(max(lo, dtstart), inc=True):
        if naive >= hi or len(found) >= cap:
            break
        moment = normalise(naive.replace(tzinfo=zone))
        if start <= moment < end and not (skipped and moment.astimezone(UTC) in skipped):
            found.append(Occurrence(slot, moment))
    return found


def last_start(slot: Slot) -> datetime | None:
    """The start of the slot's last occurrence; None for an endless series.

    Stored beside the slot, it lets a week's read skip the series that ended long ago.
    """
    if not slot.rrule:
        return slot.start
    zone = slot.start.tzinfo
    assert isinstance(zone, ZoneInfo)
    body = _local_body(slot.rrule, zone)
    parts = dict(p.partition("=")[::2] for p in body.upper().split(";"))
    if "COUNT" not in parts and "UNTIL" not in parts:
        return None
    interval = parts.get("INTERVAL", "1")
    if not (interval.isascii() and interval.isdigit() and int(interval) >= 1):
        return None  # dateutil would walk INTERVAL=0 forever; validate_rrule refuses it
    try:
        rule = _parsed_rule(body, slot.start.replace(tzinfo=None))
    except (ValueError, TypeError, OverflowError):
        return None
    last: datetime | None = None
    for index, naive in enumerate(rule):
        if index >= _MAX_COUNTED:
            return None
        last = naive
    return slot.start if last is None else normalise(last.replace(tzinfo=zone))


def expand(slots: Iterable[Slot], start: datetime, end: datetime) -> list[Occurrence]:
    """All occurrences of many slots in [start, end), in time order."""
    out = [occ for slot in slots for occ in occurrences(slot, start, end)]
    out.sort(key=lambda occ: occ.start.astimezone(UTC))
    return out


# -- how a series ends, and splitting it ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleEnd:
    """A rule body without its end, and the end: an instant (UNTIL), a count, or neither."""

    base: str
    until: datetime | None = None  # aware, UTC
    count: int | None = None


def rule_end(body: str, zone: ZoneInfo) -> RuleEnd:
    """Split UNTIL / COUNT off a rule body; a floating UNTIL is read in `zone`."""
    base: list[str] = []
    until: datetime | None = None
    count: int | None = None
    for part in body.split(";"):
        key, _, value = part.partition("=")
        if key.upper() == "COUNT" and value.isascii() and value.isdigit():
            count = int(value)
        elif key.upper() == "UNTIL":
            value = value.upper()
            if value.endswith("Z"):
                until = datetime.strptime(value[:-1], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
            else:
                naive = _local_until(value)
                if naive is None:
                    base.append(part)
                    continue
                until = normalise(naive.replace(tzinfo=zone)).astimezone(UTC)
        elif part:
            base.append(part)
    return RuleEnd(";".join(base), until, count)


def with_end(base: str, until: datetime | None = None, count: int | None = None) -> str:
    """A rule body ending at `until` (written in UTC, as RFC 5545 asks beside a TZID) or
    after `count` occurrences, or never."""
    if until is not None:
        return f"{base};UNTIL={until.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    if count is not None:
        return f"{base};COUNT={count}"
    return base


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The last second of a local day, in UTC: "ends on 31 December" keeps that day."""
    return normalise(datetime.combine(day, time(23, 59, 59)).replace(tzinfo=zone)).astimezone(UTC)


def instances_before(slot: Slot, moment: datetime) -> int:
    """How many times the rule produces a start before `moment` (excepted ones included,
    since COUNT counts them too); walks the series, so meant for counted rules."""
    if not slot.rrule:
        return int(slot.start < moment)
    zone = slot.start.tzinfo
    assert isinstance(zone, ZoneInfo)
    rule = _parsed_rule(_local_body(slot.rrule, zone), slot.start.replace(tzinfo=None))
    limit = moment.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
    found = 0
    for naive in rule:
        if naive >= limit:
            break
        if normalise(naive.replace(tzinfo=zone)) < moment:
            found += 1
    return found


def split_rule(slot: Slot, at: datetime) -> tuple[str | None, str]:
    """The rules of a series cut at the occurrence starting `at`: (the part before, ending
    a second before `at`, or None when nothing comes before; the part from `at` on)."""
    assert slot.rrule
    zone = slot.start.tzinfo
    assert isinstance(zone, ZoneInfo)
    end = rule_end(slot.rrule, zone)
    if end.count is None:  # only whether anything comes before: no walk through the years
        rule = _parsed_rule(_local_body(slot.rrule, zone), slot.start.replace(tzinfo=None))
        first = next(iter(rule), None)
        before = int(first is not None and normalise(first.replace(tzinfo=zone)) < at)
    else:
        before = instances_before(slot, at)
    if before == 0:
        return None, slot.rrule
    head = with_end(end.base, until=at.astimezone(UTC) - timedelta(seconds=1))
    if end.count is not None:
        return head, with_end(end.base, count=max(end.count - before, 1))
    return head, slot.rrule


def same_rule(a: str | None, b: str | None, zone: ZoneInfo) -> bool:
    """Whether two rule bodies repeat alike, however their parts are ordered or written."""
    if not a or not b:
        return not a and not b
    ends = rule_end(a, zone), rule_end(b, zone)
    parts = [sorted(_tidy_part(p) for p in end.base.split(";") if p) for end in ends]
    return parts[0] == parts[1] and (ends[0].until, ends[0].count) == (ends[1].until, ends[1].count)


def _tidy_part(part: str) -> str:
    """`byday=th,mo` as `BYDAY=MO,TH`: lists in a rule are sets, their order says nothing."""
    key, _, value = part.upper().partition("=")
    return f"{key}={','.join(sorted(value.split(',')))}"
