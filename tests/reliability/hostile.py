"""Hypothesis strategies for CSV files a careless tool or a hostile sender could produce."""

from __future__ import annotations

import csv
import io

from hypothesis import strategies as st

from app.exchange.csv_format import COLUMNS

# One character from each of the 17 Unicode planes (no surrogates: they are not text).
PLANE_CHARS = "".join(chr(plane * 0x10000 + 0x41) for plane in range(17)) + "\U0001f600\u4e2d"
RIGHT_TO_LEFT = "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u202eevil.exe\u202c \u200f!"
MEGABYTE = 1_000_000

odd_text = st.one_of(
    st.text(max_size=40),  # any code point but surrogates
    st.lists(st.sampled_from(['"', "'", ",", "\n", "\r", "\r\n", ";", "\x00", " ", "a", "\\"]),
             max_size=20).map("".join),
    st.sampled_from([PLANE_CHARS, RIGHT_TO_LEFT, "=cmd|' /C calc'!A0", "@SUM(A1)", "+1", "-1",
                     "\tlead", "\rlead", "'=already", '""quoted""', "line\nbreak", "\x00nul"]),
)  # a megabyte of text has its own tests: generated here it would make every run minutes long


def field(valid: list[str]) -> st.SearchStrategy[str]:
    """Mostly a valid value, sometimes an odd one."""
    return st.one_of(st.sampled_from(valid), st.sampled_from(valid), odd_text)


row_cells = st.fixed_dictionaries({
    "type": field(["post", "slot", "Post", ""]),
    "date": field(["2026-11-24", "2026-03-29", "2026-10-25", "0001-01-01", "9999-12-31",
                   "1969-12-31", "2026-02-30", "2026-11-24T09:00", "24/11/2026", "2026-W48-2"]),
    "time": field(["09:00", "02:30", "24:00", "23:59", "00:00", "9:00", "12:60", "09:00:30"]),
    "timezone": field(["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Kiritimati",
                       "Pacific/Pago_Pago", "UTC", "Mars/Phobos", "../../etc/passwd",
                       "/etc/localtime", " Europe/Berlin", "europe/berlin", "Etc/GMT+12", "CET"]),
    "platform": field(["x", "bluesky", "mastodon", "linkedin", "myspace", "X"]),
    "account": field(["", "@me", "me@example.org"]),
    "kind": field(["promo", "own", "curated", "conversation", "reply", "comment", "share",
                   "listen", "network", "spam"]),
    "status": field(["", "idea", "draft", "scheduled", "posted", "skipped", "done", "later"]),
    "duration_min": field(["", "30", "0", "1440", "1441", "-5", "1.5", "\u0663\u0660", "1e3"]),
    "repeat": field(["", "FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,WE", "RRULE:FREQ=WEEKLY",
                     "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;INTERVAL=-1", "FREQ=SECONDLY",
                     "FREQ=HOURLY", "FREQ=DAILY;UNTIL=99991231T235959Z",
                     "FREQ=DAILY;UNTIL=19700101T000000Z", "FREQ=DAILY;COUNT=3",
                     "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=WEEKLY;BYDAY=XX",
                     "BYDAY=MO", "FREQ=DAILY;;", "FREQ=DAILY\nFREQ=WEEKLY",
                     "FREQ=DAILY;COUNT=99999999999999999999"]),
    "text": odd_text,
    "link": field(["", "https://example.com/post?utm_source=x", "http://a.b", "javascript:alert(1)",
                   "=HYPERLINK(\"http://evil\")", "https://exa mple.com", "ftp://example.com"]),
    "tags": field(["", "launch;news", ";;", "a;=b"]),
    "notes": odd_text,
})


def as_csv(rows: list[dict[str, str]], *, header: bool = True) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row[c] for c in COLUMNS])
    return out.getvalue()


def record_lines(rows: list[dict[str, str]]) -> list[int]:
    """The physical line each written record starts on, as a reader counts lines."""
    lines, line = [], 2
    for row in rows:
        lines.append(line)
        line += len(io.StringIO(as_csv([row], header=False), newline="").readlines())
    return lines


well_formed_files = st.lists(row_cells, min_size=0, max_size=6)

# Files that are not even well-formed CSV: torn quotes, wrong field counts, stray bytes.
raw_lines = st.lists(
    st.one_of(
        st.just(",".join(COLUMNS)),
        st.text(max_size=60),
        st.builds(lambda a, b: f'{a},"{b}', st.text(max_size=10), st.text(max_size=10)),
        st.just("post,2026-11-24,09:00,Europe/Berlin,x,,own,,,,ok,,,"),
        st.just("post,2026-11-24,09:00,Europe/Berlin,x,,own,,,,too,many,,,,"),
    ),
    max_size=6,
)
raw_files = st.builds(lambda head, lines: "\r\n".join([head, *lines]),
                      st.sampled_from([",".join(COLUMNS), "\ufeff" + ",".join(COLUMNS),
                                       "type,date", "", ",".join(reversed(COLUMNS))]),
                      raw_lines)
raw_bytes = st.one_of(
    st.binary(max_size=300),
    raw_files.map(lambda t: t.encode("utf-8")),
    st.builds(lambda t: t.encode("utf-8", "surrogatepass"),
              st.text(st.characters(categories=["Cs", "Lu"]), max_size=10).map(
                  lambda s: ",".join(COLUMNS) + "\r\npost,2026-11-24,09:00,UTC,x,,own,,,," + s
                  + ",,,\r\n")),
)


@st.composite
def nearly_valid_rows(draw: st.DrawFn) -> tuple[dict[str, str], set[str]]:
    """A good post or slot with free text of any kind, and up to two fields spoiled.

    Returns the row and the names of the fields that were replaced, so a test can check
    that a rejection blames one of them.
    """
    if draw(st.booleans()):
        row = {"type": "post", "date": "2026-11-24", "time": "09:00", "timezone": "Europe/Berlin",
               "platform": "x", "account": draw(st.sampled_from(["", "@me"])), "kind": "own",
               "status": "", "duration_min": "", "repeat": "", "text": draw(odd_text),
               "link": "", "tags": "", "notes": draw(odd_text)}
    else:
        row = {"type": "slot", "date": "2026-03-29", "time": "02:30", "timezone": "Europe/Berlin",
               "platform": "bluesky", "account": "", "kind": "reply", "status": "",
               "duration_min": "30", "repeat": draw(st.sampled_from(["", "FREQ=DAILY"])),
               "text": "", "link": "", "tags": "", "notes": draw(odd_text)}
    spoiled = draw(st.sets(st.sampled_from(list(COLUMNS)), max_size=2))
    cells = draw(row_cells)
    for name in spoiled:
        row[name] = cells[name]
    return row, spoiled
