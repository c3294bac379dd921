"""The Presence CSV (SPEC section 4): one row per post or slot occurrence, lossless.

Export neutralises spreadsheet formulas with a leading `'`; import removes it again, so an
exported week imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from app.domain.ideas import Idea
from app.domain.items import (
    THREAD_PLATFORMS,
    Activity,
    Occurrence,
    Post,
    PostKind,
    PostStatus,
    Slot,
    check_handle,
    normalise_thread,
)
from app.domain.platforms import Platform
from app.domain.recurrence import validate_rrule
from app.domain.zones import UTC, get_zone, local, normalise
from app.exchange.lenient import choice, repeat_rule, resolve_platform

COLUMNS = (
    "type", "date", "time", "timezone", "platform", "account", "kind", "status",
    "duration_min", "repeat", "text", "link", "tags", "notes",
)
HEADER = ",".join(COLUMNS)

# A cell a spreadsheet would run as a formula; also one already quoted that way, so that
# the `'` we add can always be taken off again on import.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_MAX_FIELD = 16 * 1024 * 1024
MAX_DURATION_MIN = 24 * 60
FIRST_YEAR, LAST_YEAR = 1970, 2999


# The first characters `_FORMULA` can match; checking them first spares the regex on
# nearly every cell of a large export.
_FORMULA_FIRST = frozenset("'=+-@\t\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell and cell[0] in _FORMULA_FIRST and _FORMULA.match(cell) else cell


def restore(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell[1:]) else cell


def _date(moment: datetime) -> str:
    """`YYYY-MM-DD`; formatting the fields is several times faster than an aware strftime."""
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


def _time(moment: datetime) -> str:
    if moment.fold and moment.utcoffset() != moment.replace(fold=0).utcoffset():
        # The second 02:30 of a fall-back night: without its offset it would import as the first.
        offset = moment.utcoffset() or timedelta(0)
        sign, minutes = ("-", -offset // timedelta(minutes=1)) if offset < timedelta(0) else (
            "+", offset // timedelta(minutes=1))
        return f"{moment.hour:02d}:{moment.minute:02d}{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{moment.hour:02d}:{moment.minute:02d}"


# Only cells a user typed can start like a formula: dates, times, zone names, kinds,
# statuses and durations are written by us and never do.
def post_row(post: Post) -> list[str]:
    start, safe = post.start, neutralise
    return [
        "post", _date(start), _time(start), post.tz, safe(post.platform),
        safe(post.account or ""), post.kind.value, post.status.value, "", "",
        safe(post.text), safe(post.link), safe(";".join(post.tags)), safe(post.notes),
    ]


def occurrence_row(occ: Occurrence) -> list[str]:
    start = occ.start
    return [
        "slot", _date(start), _time(start), occ.slot.tz, neutralise(occ.platform), "",
        occ.activity.value, "done" if occ.done else "", str(occ.duration_min), "", "", "", "",
        neutralise(occ.slot.notes),
    ]


def write_csv(
    out: TextIO, posts: Iterable[Post], occurrences: Iterable[Occurrence], *, bom: bool = False
) -> int:
    """Write the header and one row per post and occurrence, in time order; returns rows."""
    rows: list[tuple[float, int, int, list[str]]] = []
    for post in posts:
        rows.append((post.start.timestamp(), 0, post.id or 0, post_row(post)))
    for occ in occurrences:
        rows.append((occ.start.timestamp(), 1, occ.id or 0, occurrence_row(occ)))
    return _write_rows(out, rows, bom)


class StoredRowError(ValueError):
    """A stored row that no Presence writes (edited by hand); the message is one line."""


def write_stored_csv(
    out: TextIO, post_rows: Iterable[tuple[Any, ...]], occurrences: Iterable[Occurrence], *,
    bom: bool = False,
) -> int:
    """`write_csv` for posts read as plain rows (`Repository.post_rows_between`): same file.

    Exporting a year of a large archive this way skips building a Post per row, which
    costs more than writing the row out.
    """
    kinds = frozenset(kind.value for kind in PostKind)
    statuses = frozenset(status.value for status in PostStatus)
    zones: dict[str, ZoneInfo] = {}
    safe, fromtimestamp = neutralise, datetime.fromtimestamp
    rows: list[tuple[float, int, int, list[str]]] = []
    append = rows.append
    try:
        for start_utc, item_id, tz, platform, handle, kind, status, text, link, tags, notes in post_rows:
            zone = zones.get(tz)
            if zone is None:
                zone = zones[tz] = get_zone(tz)
            if kind not in kinds or status not in statuses:
                PostKind(kind), PostStatus(status)  # the enum says which value it does not know
            start = fromtimestamp(start_utc, zone)
            if tags and (";;" in tags or tags[0] == ";" or tags[-1] == ";"):
                tags = ";".join(t for t in tags.split(";") if t)
            append((start_utc, 0, item_id, [
                "post", _date(start), _time(start), tz, safe(platform), safe(handle or ""), kind,
                status, "", "", safe(text), safe(link), safe(tags), safe(notes),
            ]))
    except (ValueError, TypeError, OverflowError, OSError) as exc:
        # A stored row no Presence writes (edited by hand): one line, not a traceback.
        raise StoredRowError(f"the stored item {item_id} is damaged ({exc})") from None
    for occ in occurrences:
        append((occ.start.timestamp(), 1, occ.id or 0, occurrence_row(occ)))
    return _write_rows(out, rows, bom)


def _write_rows(out: TextIO, rows: list[tuple[float, int, int, list[str]]], bom: bool) -> int:
    """The header, then the rows by instant, posts first, then id (unique: cells never compare)."""
    rows.sort()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(r[3] for r in rows)
    return len(rows)


def to_csv_text(posts: Iterable[Post], occurrences: Iterable[Occurrence]) -> str:
    buffer = io.StringIO()
    write_csv(buffer, posts, occurrences)
    return buffer.getvalue()


# -- import -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowError:
    """A rejected row: where it is and what is wrong with it."""

    line: int
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", {self.field}" if self.field else "")
        return f"{where}: {self.reason}"


class CsvImportError(Exception):
    """Every bad row of a file that was not imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} bad {'row' if len(errors) == 1 else 'rows'}")
        self.errors = errors


_POST_KINDS = [k.value for k in PostKind]
_POST_STATUSES = [s.value for s in PostStatus]
_ACTIVITIES = [a.value for a in Activity]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^(\d{1,2}:\d{2})([+-]\d{2}:\d{2})?$")
_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+[^\s]*$", re.IGNORECASE)


class _RowReader:
    """Turns one CSV record into a Post or Slot, collecting every problem it has."""

    def __init__(self, line: int, cells: Mapping[str, str], platforms: Mapping[str, Platform],
                 default_zone: ZoneInfo | None = None,
                 accounts: Collection[tuple[str, str]] = ()):
        self.line = line
        self.accounts = accounts
        self.cells = cells
        self.platforms = platforms
        self.default_zone = default_zone
        self.day: date | None = None  # the row's date, for "weekly" on its own weekday
        self.errors: list[RowError] = []

    def error(self, field: str | None, reason: str) -> None:
        self.errors.append(RowError(self.line, field, reason))

    def start(self) -> datetime | None:
        date_text, time_text = self.cells["date"], self.cells["time"]
        zone_name = self.cells["timezone"]
        day = at = zone = None
        if not _DATE.match(date_text):
            self.error("date", f"{date_text!r} is not a date like 2026-11-24")
        else:
            try:
                day = date.fromisoformat(date_text)
            except ValueError:
                self.error("date", f"{date_text!r} is not a real calendar date")
            else:
                if not FIRST_YEAR <= day.year <= LAST_YEAR:
                    # Year 1 or 9999 cannot take a week's margins (or even a zone's offset)
                    # without leaving Python's calendar; a planner has no use for them.
                    self.error("date", f"{date_text} is outside the years Presence plans "
                               f"({FIRST_YEAR} to {LAST_YEAR})")
                    day = None
        clock = _TIME.match(time_text)
        if not clock:
            self.error("time", f"{time_text!r} is not a 24-hour time like 09:30")
        else:
            try:
                at = time.fromisoformat(clock[1].zfill(5))  # 9:30 as 09:30
            except ValueError:
                self.error("time", f"{time_text!r} is not a time between 00:00 and 23:59")
        zone = self.zone(zone_name)
        self.day = day
        if day is None or at is None or zone is None:
            return None
        try:
            if clock and clock[2]:  # 02:30+01:00: which of a fall-back night's two 02:30s
                return self._with_offset(day, at, zone, clock[2])
            return local(day, at, zone)
        except (OverflowError, ValueError):
            self.error("date", f"{date_text} {time_text} cannot be placed in {zone.key}")
            return None

    def _with_offset(self, day: date, at: time, zone: ZoneInfo, offset_text: str) -> datetime | None:
        sign = -1 if offset_text[0] == "-" else 1
        offset = sign * timedelta(hours=int(offset_text[1:3]), minutes=int(offset_text[4:6]))
        for fold in (0, 1):
            moment = datetime.combine(day, at, tzinfo=zone).replace(fold=fold)
            if moment.utcoffset() == offset and normalise(moment) == moment:
                return moment
        self.error("time", f"{self.cells['time']!r}: {zone.key} is not {offset_text} at that time")
        return None

    def zone(self, name: str) -> ZoneInfo | None:
        """The row's zone; an empty cell is the default zone of the settings."""
        if not name.strip() and self.default_zone is not None:
            return self.default_zone
        try:
            return get_zone(name.strip())
        except ValueError:
            pass
        known = zone_by_folded_name(name)
        if known is not None:
            return known
        self.error("timezone", f"{name!r} is not an IANA time zone like Europe/Berlin")
        return None

    def platform(self) -> str:
        platform = self.cells["platform"]
        resolved = resolve_platform(platform, self.platforms)
        if resolved is None:
            known = ", ".join(self.platforms)
            self.error("platform", f"unknown platform {platform!r} (known: {known})")
            return platform
        return resolved

    def empty(self, *fields: str) -> None:
        kind = self.cells["type"].strip().casefold()
        for name in fields:
            if self.cells[name]:
                self.error(name, f"must be empty for a {kind}")

    def read(self) -> Post | Slot | Idea | None:
        kind = choice(self.cells["type"], ["post", "slot"])
        if kind is None:
            self.error("type", f"{self.cells['type']!r} is neither post nor slot")
            return None
        if kind == "post" and not self.cells["date"].strip():
            return self.idea()
        start = self.start()
        platform = self.platform()
        item = self.post(platform) if kind == "post" else self.slot(platform)
        if self.errors or start is None or item is None:
            return None
        if isinstance(item, Slot) and item.rrule:
            # Checked again from the slot's own start: a rule that ends before it begins
            # is refused, and a floating UNTIL becomes the instant it means in its zone.
            try:
                item = item.with_(rrule=validate_rrule(item.rrule, start))
            except ValueError as exc:
                self.error("repeat", str(exc))
                return None
        if isinstance(item, Slot) and self.cells["status"].strip().casefold() == "done":
            return item.with_(start=start, done=frozenset({start.astimezone(UTC)}))
        return item.with_(start=start)

    def post(self, platform: str) -> Post | None:
        c = self.cells
        self.empty("duration_min", "repeat")
        kind = status = None
        value = choice(c["kind"], _POST_KINDS)
        if value is None:
            self.error("kind", f"{c['kind']!r} is not a post kind (promo, own, curated, conversation)")
        else:
            kind = PostKind(value)
        value = choice(c["status"] or "scheduled", _POST_STATUSES)
        if value is None:
            choices = ", ".join(_POST_STATUSES)
            self.error("status", f"{c['status']!r} is not a post status ({choices})")
        else:
            status = PostStatus(value)
        account = c["account"].strip() or None
        if account is not None and (platform, account) not in self.accounts:
            # A new account is created as the Settings dialog would take it; one already
            # stored is used as it is, so an export always imports back.
            try:
                check_handle(account)
            except ValueError as exc:
                self.error("account", str(exc))
        link = c["link"].strip()
        if link and not _URL.match(link):
            self.error("link", f"{link!r} is not a web address starting with http:// or https://")
        if kind is None or status is None:
            return None
        tags = tuple(t.strip() for t in c["tags"].split(";") if t.strip())
        # A thread's parts travel in `text`, separated by a line holding only `---` (SPEC 9).
        text = normalise_thread(c["text"]) if platform in THREAD_PLATFORMS else c["text"]
        return Post(platform, datetime.min.replace(tzinfo=UTC), kind, status, text, link,
                    tags, c["notes"], account)

    def idea(self) -> Idea | None:
        """A post row with an empty date: an idea for the backlog (SPEC section 11)."""
        if self.cells["time"].strip():
            self.error("time", "a time needs a date (leave both empty for a backlog idea)")
        if self.cells["status"].strip().casefold() in ("posted", "skipped"):
            self.error("status", "a backlog idea (empty date) cannot be posted or skipped")
        platform = self.platform()
        post = self.post(platform)
        if self.errors or post is None:
            return None
        return Idea.of_post(post)

    def slot(self, platform: str) -> Slot | None:
        c = self.cells
        self.empty("account", "text", "link", "tags")
        activity = duration = None
        value = choice(c["kind"], _ACTIVITIES)
        if value is None:
            choices = ", ".join(_ACTIVITIES)
            self.error("kind", f"{c['kind']!r} is not an engagement activity ({choices})")
        else:
            activity = Activity(value)
        if c["status"].strip().casefold() not in ("", "done"):
            self.error("status", f"{c['status']!r}: a slot's status is empty or done")
        text = c["duration_min"].strip()
        if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_DURATION_MIN:
            self.error("duration_min", f"{text!r} is not a whole number of minutes (1 to 1440)")
        else:
            duration = int(text)
        rrule = None
        if c["repeat"].strip():
            rrule = repeat_rule(c["repeat"], self.day)
            if rrule is None:
                try:
                    rrule = validate_rrule(c["repeat"])
                except ValueError as exc:
                    if "=" in c["repeat"]:  # meant as an RRULE body: say what is wrong with it
                        self.error("repeat", str(exc))
                    else:
                        self.error("repeat", f"{c['repeat']!r} is neither a repeat word (daily, "
                                   "weekdays, weekends, weekly) nor an RRULE like FREQ=WEEKLY;BYDAY=MO")
        if activity is None or duration is None:
            return None
        return Slot(platform, datetime.min.replace(tzinfo=UTC), duration, activity, rrule, c["notes"])


def zone_by_folded_name(name: str) -> ZoneInfo | None:
    """A zone whose IANA name matches `name` but for case ("europe/berlin"), if any."""
    folded = name.strip().casefold()
    if not folded:
        return None
    import zoneinfo

    for key in zoneinfo.available_timezones():
        if key.casefold() == folded:
            return get_zone(key)
    return None


def read_csv(text: str, platforms: Mapping[str, Platform],
             default_zone: ZoneInfo | None = None,
             accounts: Collection[tuple[str, str]] = ()) -> list[Post | Slot]:
    """Parse a whole file; CsvImportError lists every bad row, and then nothing is returned.

    An empty time zone cell is `default_zone` (the settings' zone) when one is given. Post
    rows with an empty date are backlog ideas: `read_csv_with_ideas` returns them. A new
    account must be a handle the window takes; `accounts` (platform, handle) are stored ones.
    """
    return read_csv_with_ideas(text, platforms, default_zone, accounts)[0]


def read_csv_with_ideas(text: str, platforms: Mapping[str, Platform],
                        default_zone: ZoneInfo | None = None,
                        accounts: Collection[tuple[str, str]] = (),
                        ) -> tuple[list[Post | Slot], list[Idea]]:
    """`read_csv`, plus the backlog ideas (post rows with an empty date), in file order."""
    ideas: list[Idea] = []
    if text.startswith("\ufeff"):
        text = text[1:]
    csv.field_size_limit(_MAX_FIELD)
    errors: list[RowError] = []
    items: list[Post | Slot] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise CsvImportError([RowError(1, None, f"unreadable header ({exc})")]) from None
    if header is None:
        raise CsvImportError([RowError(1, None, "the file is empty; expected the header " + HEADER)])
    if [h.strip().lstrip("\ufeff") for h in header] != list(COLUMNS):
        raise CsvImportError([RowError(1, None, f"the header must be exactly: {HEADER}")])
    while True:
        line = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(RowError(line, None, f"not valid CSV ({exc})"))
            break
        if not record or record == [""]:
            continue  # a blank line
        if len(record) != len(COLUMNS):
            errors.append(RowError(line, None, f"has {len(record)} fields, expected {len(COLUMNS)}"))
            continue
        if any("\x00" in cell for cell in record):
            errors.append(RowError(line, None, "contains a NUL byte"))
            continue
        cells = {name: restore(value) for name, value in zip(COLUMNS, record, strict=True)}
        row = _RowReader(line, cells, platforms, default_zone, accounts)
        item = row.read()
        errors.extend(row.errors)
        if isinstance(item, Idea):
            ideas.append(item)
        elif item is not None:
            items.append(item)
    if errors:
        raise CsvImportError(errors)
    return items, ideas


def decode(data: bytes, name: str = "file") -> str:
    """UTF-8 text of a CSV file; CsvImportError naming the line of a bad byte."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) > 1 and b"\x00" in data[:2]):
        # What Excel's "Unicode text" writes: not a damaged header, another encoding.
        raise CsvImportError([RowError(1, None, f"{name} is UTF-16 text, not UTF-8; save it as "
                                       "CSV UTF-8 (or convert it with iconv -f UTF-16 -t UTF-8)")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvImportError([RowError(line, None, f"{name} is not UTF-8 text (byte {exc.start})")]) from None
