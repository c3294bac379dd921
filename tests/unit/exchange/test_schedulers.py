"""Hootsuite and Buffer hand-off files: one per profile, only posts still to publish."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from app.domain.items import Post, PostKind, PostStatus
from app.domain.zones import local
from app.exchange.schedulers import BUFFER_HEADER, file_name, hand_off

BERLIN = ZoneInfo("Europe/Berlin")
LISBON = ZoneInfo("Europe/Lisbon")


def at(day: int, hh: int, mm: int = 0, zone: ZoneInfo = BERLIN) -> datetime:
    return local(date(2026, 11, 23 + day), time(hh, mm), zone)


WEEK = [
    Post("x", at(0, 9, 5), PostKind.OWN, PostStatus.SCHEDULED, "Seven walks in Lisbon",
         "https://slowroads.blog/lisbon", ("lisbon", "walks"), account="slowroads", id=1),
    Post("x", at(1, 18), PostKind.PROMO, PostStatus.DRAFT, "=SUM(A1) is not a formula here",
         account="slowroads", id=2),
    Post("x", at(2, 8), PostKind.PROMO, PostStatus.SCHEDULED, "From the personal account",
         account="ana-personal", id=3),
    Post("linkedin", at(0, 8), PostKind.PROMO, PostStatus.SCHEDULED, "Course opens today,\n"
         "with a \"quote\"", "https://slowroads.blog/course", id=4),
    Post("linkedin", at(3, 8), PostKind.PROMO, PostStatus.SKIPPED, "Skipped", id=5),
    Post("linkedin", at(4, 8), PostKind.OWN, PostStatus.POSTED, "Already out", id=6),
]


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_hootsuite_is_one_headerless_file_per_platform_and_account() -> None:
    files = hand_off("hootsuite", WEEK, BERLIN, "2026-W48")
    assert [(f.platform, f.account, f.posts) for f in files] == [
        ("linkedin", None, 1), ("x", "ana-personal", 1), ("x", "slowroads", 2)]
    assert files[2].name == "presence-2026-W48-hootsuite-x-slowroads.csv"
    assert rows(files[2].text) == [
        ["23/11/2026 09:05", "Seven walks in Lisbon", "https://slowroads.blog/lisbon"],
        ["24/11/2026 18:00", "'=SUM(A1) is not a formula here", ""],
    ]
    assert rows(files[0].text) == [
        ["23/11/2026 08:00", 'Course opens today,\nwith a "quote"', "https://slowroads.blog/course"]]


def test_skipped_and_posted_posts_are_not_handed_off() -> None:
    texts = " ".join(f.text for f in hand_off("buffer", WEEK, BERLIN, "2026-W48"))
    assert "Skipped" not in texts and "Already out" not in texts


def test_buffer_has_its_header_and_the_link_in_the_text() -> None:
    files = hand_off("buffer", WEEK, BERLIN, "2026-W48")
    slowroads = rows(files[2].text)
    assert tuple(slowroads[0]) == BUFFER_HEADER == ("Text", "Image URL", "Tags", "Posting Time")
    assert slowroads[1] == ["Seven walks in Lisbon\n\nhttps://slowroads.blog/lisbon", "",
                            "lisbon,walks", "2026-11-23 09:05"]
    assert slowroads[2][0] == "'=SUM(A1) is not a formula here"


def test_times_are_written_in_the_one_zone_the_profile_uses() -> None:
    lisbon_post = Post("x", at(0, 9, zone=LISBON), PostKind.OWN, text="Planned in Lisbon")
    (only,) = hand_off("hootsuite", [lisbon_post], BERLIN, "2026-W48")
    assert rows(only.text)[0][0] == "23/11/2026 10:00"  # 09:00 in Lisbon is 10:00 in Berlin


def test_a_byte_order_mark_only_when_asked() -> None:
    plain = hand_off("buffer", WEEK[:1], BERLIN, "2026-W48")[0].text
    marked = hand_off("buffer", WEEK[:1], BERLIN, "2026-W48", bom=True)[0].text
    assert not plain.startswith("\ufeff") and marked == "\ufeff" + plain


def test_file_names_are_safe_for_any_handle() -> None:
    name = file_name("buffer", "2026-W48", "mastodon", "ana@travel.social/../x")
    assert "/" not in name and name.endswith(".csv") and name.startswith("presence-2026-W48-buffer-")


def test_neutralised_posts_are_counted_and_can_be_written_as_they_are() -> None:
    mention = Post("x", at(0, 9), PostKind.CONVERSATION, text="@ana thanks for the tip!")
    (safe,) = hand_off("hootsuite", [mention], BERLIN, "2026-W48")
    (raw,) = hand_off("hootsuite", [mention], BERLIN, "2026-W48", safe=False)
    assert safe.neutralised == 1 and rows(safe.text)[0][1] == "'@ana thanks for the tip!"
    assert raw.neutralised == 0 and rows(raw.text)[0][1] == "@ana thanks for the tip!"


def test_an_empty_idea_has_nothing_to_hand_off() -> None:
    empty = Post("x", at(0, 9), PostKind.OWN, PostStatus.IDEA, text="  ")
    link_only = Post("x", at(0, 10), PostKind.CURATED, PostStatus.DRAFT, link="https://a.example/b")
    (only,) = hand_off("hootsuite", [empty, link_only], BERLIN, "2026-W48")
    assert rows(only.text) == [["23/11/2026 10:00", "", "https://a.example/b"]]
