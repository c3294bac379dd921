"""Import meets a scheduler user's spreadsheet halfway (issue 12): "X", "twitter", an empty
zone, "weekly", "Scheduled" are read as meant; what is still wrong is named by line and field."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain.items import Activity, Post, PostKind, PostStatus, Slot
from app.domain.platforms import BUILTIN_BY_ID
from app.exchange.csv_format import HEADER, CsvImportError, read_csv, to_csv_text
from app.exchange.lenient import resolve_platform

BERLIN = ZoneInfo("Europe/Berlin")
LISBON = ZoneInfo("Europe/Lisbon")


def parse(*rows: str, zone: ZoneInfo | None = LISBON) -> list[Post | Slot]:
    return read_csv("\r\n".join([HEADER, *rows]) + "\r\n", BUILTIN_BY_ID, zone)


@pytest.mark.parametrize(("written", "platform"), [
    ("X", "x"), ("twitter", "x"), ("Twitter", "x"), ("x.com", "x"), ("Bluesky", "bluesky"),
    ("bsky", "bluesky"), ("fb", "facebook"), ("Facebook", "facebook"), ("ig", "instagram"),
    ("Instagram", "instagram"), ("li", "linkedin"), ("LinkedIn", "linkedin"), (" Mastodon ", "mastodon"),
    ("YouTube", "youtube"), ("TikTok", "tiktok"),
])
def test_platform_names_in_any_case_and_common_aliases(written: str, platform: str) -> None:
    [post] = parse(f"post,2026-11-24,09:30,Europe/Berlin,{written},,own,scheduled,,,hi,,,")
    assert post.platform == platform


def test_a_user_added_platform_is_found_by_its_display_name_too() -> None:
    from app.domain.platforms import Platform

    platforms = {**BUILTIN_BY_ID, "forum": Platform("forum", "My Forum", None, 3, "#336699")}
    assert resolve_platform("my forum", platforms) == "forum"
    assert resolve_platform("FORUM", platforms) == "forum"
    assert resolve_platform("myspace", platforms) is None


def test_an_empty_zone_is_the_default_zone_of_the_settings() -> None:
    [post] = parse("post,2026-11-24,09:30,,x,,own,scheduled,,,hi,,,")
    assert post.start == datetime(2026, 11, 24, 9, 30, tzinfo=LISBON) and post.tz == "Europe/Lisbon"


def test_an_empty_zone_without_a_default_is_still_refused() -> None:
    with pytest.raises(CsvImportError) as caught:
        parse("post,2026-11-24,09:30,,x,,own,scheduled,,,hi,,,", zone=None)
    assert [str(e) for e in caught.value.errors] == [
        "line 2, timezone: '' is not an IANA time zone like Europe/Berlin"]


def test_zone_names_in_another_case_and_short_hours() -> None:
    [post] = parse("post,2026-11-24,9:30,europe/berlin,x,,own,scheduled,,,hi,,,")
    assert post.start == datetime(2026, 11, 24, 9, 30, tzinfo=BERLIN) and post.tz == "Europe/Berlin"


def test_kind_status_type_and_activity_in_any_case() -> None:
    post, slot = parse(
        "Post,2026-11-24,09:30,Europe/Berlin,x,,Promo,Scheduled,,,hi,,,",
        "SLOT,2026-11-24,10:00,Europe/Berlin,x,,Reply,Done,15,,,,,",
    )
    assert isinstance(post, Post) and (post.kind, post.status) == (PostKind.PROMO, PostStatus.SCHEDULED)
    assert isinstance(slot, Slot) and slot.activity is Activity.REPLY and len(slot.done) == 1


@pytest.mark.parametrize(("written", "rrule"), [
    ("daily", "FREQ=DAILY"), ("Every day", "FREQ=DAILY"),
    ("weekdays", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"), ("every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    ("weekly", "FREQ=WEEKLY;BYDAY=WE"),  # 2026-11-25 is a Wednesday: the row's own day
    ("Every week", "FREQ=WEEKLY;BYDAY=WE"), ("weekends", "FREQ=WEEKLY;BYDAY=SA,SU"),
    ("FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=WEEKLY;BYDAY=MO,TH"),
])
def test_repeat_words_beside_rrule_bodies(written: str, rrule: str) -> None:
    [slot] = parse(f'slot,2026-11-25,08:30,Europe/Berlin,mastodon,,reply,,20,"{written}",,,,')
    assert isinstance(slot, Slot) and slot.rrule == rrule


def test_what_is_still_wrong_is_named_by_line_and_field() -> None:
    with pytest.raises(CsvImportError) as caught:
        parse(
            "post,2026-11-24,09:30,,Twitter,,promo,scheduled,,,fine,,,",
            "slot,2026-11-25,08:30,,mastodon,,reply,,20,fortnightly,,,,",
            "post,2026-11-24,09:30,,myspace,ana lopes,advert,,,,hi,,,",
        )
    assert [str(e) for e in caught.value.errors] == [
        "line 3, repeat: 'fortnightly' is neither a repeat word (daily, weekdays, weekends, weekly) "
        "nor an RRULE like FREQ=WEEKLY;BYDAY=MO",
        "line 4, platform: unknown platform 'myspace' (known: x, bluesky, mastodon, threads, linkedin, "
        "facebook, instagram, pinterest, tiktok, youtube, reddit)",
        "line 4, kind: 'advert' is not a post kind (promo, own, curated, conversation)",
        "line 4, account: 'ana lopes' is not a handle: a handle is one word, like ana-lopes",
    ]


def test_export_still_writes_canonical_values_so_it_imports_back_unchanged() -> None:
    items = parse(
        "post,2026-11-24,9:30,,Twitter,slowroads,Promo,Draft,,,hi,,,",
        "slot,2026-11-25,08:30,,ig,,Comment,,20,,,,,",
    )
    posts = [i for i in items if isinstance(i, Post)]
    from app.domain.items import Occurrence

    occurrences = [Occurrence(i, i.start) for i in items if isinstance(i, Slot)]
    text = to_csv_text(posts, occurrences)
    assert "post,2026-11-24,09:30,Europe/Lisbon,x,slowroads,promo,draft," in text
    assert "slot,2026-11-25,08:30,Europe/Lisbon,instagram,,comment,,20," in text
    assert read_csv(text, BUILTIN_BY_ID) == items
