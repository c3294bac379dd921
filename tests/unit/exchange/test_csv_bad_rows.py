"""Every bad CSV row is reported with its line, field and reason; good rows come back whole."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain.items import Activity, Post, PostKind, PostStatus, Slot
from app.domain.platforms import BUILTIN_BY_ID
from app.exchange.csv_format import HEADER, CsvImportError, decode, neutralise, read_csv, restore

BERLIN = ZoneInfo("Europe/Berlin")


def parse(*rows: str) -> list[Post | Slot]:
    return read_csv("\r\n".join([HEADER, *rows]) + "\r\n", BUILTIN_BY_ID)


def errors_of(*rows: str) -> list[str]:
    with pytest.raises(CsvImportError) as caught:
        parse(*rows)
    return [str(e) for e in caught.value.errors]


def test_a_good_post_and_a_good_recurring_slot() -> None:
    post, slot = parse(
        'post,2026-11-24,09:30,Europe/Berlin,linkedin,ana,promo,draft,,,"Hello, ""you""",'
        "https://example.com/a,launch;course,note",
        "slot,2026-11-23,08:30,Europe/Berlin,mastodon,,reply,done,20,FREQ=WEEKLY;BYDAY=MO,,,,",
    )
    assert post == Post("linkedin", datetime(2026, 11, 24, 9, 30, tzinfo=BERLIN), PostKind.PROMO,
                        PostStatus.DRAFT, 'Hello, "you"', "https://example.com/a", ("launch", "course"),
                        "note", "ana")
    assert isinstance(slot, Slot) and slot.activity is Activity.REPLY and slot.duration_min == 20
    assert slot.rrule == "FREQ=WEEKLY;BYDAY=MO" and len(slot.done) == 1


def test_every_bad_row_is_reported_not_just_the_first() -> None:
    problems = errors_of(
        "post,2026-11-24,09:30,Europe/Berlin,linkedin,,promo,scheduled,,,ok,,,",
        "post,2026-02-30,25:00,Mars/Olympus,myspace,,advert,sent,5,,x,ftp://a,,",
        "slot,2026-11-24,09:30,Europe/Berlin,x,,nap,,0,FREQ=SECONDLY,,,,",
        "memo,2026-11-24,09:30,Europe/Berlin,x,,,,,,,,,",
        "post,2026-11-24,09:30,Europe/Berlin,x",
    )
    assert problems == [
        "line 3, date: '2026-02-30' is not a real calendar date",
        "line 3, time: '25:00' is not a time between 00:00 and 23:59",
        "line 3, timezone: 'Mars/Olympus' is not an IANA time zone like Europe/Berlin",
        "line 3, platform: unknown platform 'myspace' (known: " + ", ".join(BUILTIN_BY_ID) + ")",
        "line 3, duration_min: must be empty for a post",
        "line 3, kind: 'advert' is not a post kind (promo, own, curated, conversation)",
        "line 3, status: 'sent' is not a post status (idea, draft, scheduled, posted, skipped)",
        "line 3, link: 'ftp://a' is not a web address starting with http:// or https://",
        "line 4, kind: 'nap' is not an engagement activity (reply, comment, share, listen, network)",
        "line 4, duration_min: '0' is not a whole number of minutes (1 to 1440)",
        "line 4, repeat: repeat rule 'FREQ=SECONDLY': slots repeat daily at most often, not SECONDLY",
        "line 5, type: 'memo' is neither post nor slot",
        "line 6: has 5 fields, expected 14",
    ]


def test_line_numbers_follow_multi_line_texts() -> None:
    problems = errors_of(
        'post,2026-11-24,09:30,Europe/Berlin,x,,own,scheduled,,,"two\nlines",,,',
        "post,2026-11-24,24:00,Europe/Berlin,x,,own,scheduled,,,,,,",
    )
    assert problems == ["line 4, time: '24:00' is not a time between 00:00 and 23:59"]


def test_a_wrong_header_is_named() -> None:
    with pytest.raises(CsvImportError) as caught:
        read_csv("date,time,text\n2026-11-24,09:00,hi\n", BUILTIN_BY_ID)
    assert str(caught.value.errors[0]).startswith("line 1: the header must be exactly: type,date,")


def test_a_nul_byte_and_broken_quoting_are_reported() -> None:
    assert errors_of("post,2026-11-24,09:30,Europe/Berlin,x,,own,scheduled,,,a\x00b,,,") == [
        "line 2: contains a NUL byte"
    ]
    assert errors_of('post,2026-11-24,09:30,Europe/Berlin,x,,own,scheduled,,,"open,,,') [0].startswith(
        "line 2: not valid CSV"
    )


def test_bytes_that_are_not_utf8_name_their_line() -> None:
    data = (HEADER + "\npost,2026-11-24,09:30,Europe/Berlin,x,,own,,,,caf\xe9,,,\n").encode("latin-1")
    with pytest.raises(CsvImportError) as caught:
        decode(data, "week.csv")
    assert str(caught.value.errors[0]).startswith("line 2: week.csv is not UTF-8 text")


def test_a_time_skipped_by_dst_moves_forward() -> None:
    (post,) = parse("post,2026-03-29,02:30,Europe/Berlin,x,,own,scheduled,,,,,,")
    assert post.start.strftime("%H:%M %Z") == "03:30 CEST"


@pytest.mark.parametrize("cell", ["=1+1", "+31 6", "-minus", "@here", "\tTab", "\rCR", "'=quoted"])
def test_formulas_are_neutralised_and_restored(cell: str) -> None:
    assert neutralise(cell).startswith("'")
    assert restore(neutralise(cell)) == cell


def test_ordinary_cells_are_left_alone() -> None:
    assert neutralise("It's fine") == "It's fine"
    assert restore("'quoted'") == "'quoted'"
