"""Which posts a hand-off file holds (issue 12): scheduled ones by default, drafts and ideas when
asked, and never a post its platform would refuse as too long, unless forced; each left-out
post named with the reason."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from app.domain.items import Post, PostKind, PostStatus
from app.domain.platforms import BUILTIN_BY_ID
from app.domain.zones import local
from app.exchange.schedulers import select_posts

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: int, hh: int) -> datetime:
    return local(date(2026, 11, 23 + day), time(hh), BERLIN)


LONG = "Seven walks in Lisbon, " * 14  # 322 characters: over X's 280, fine on LinkedIn
WEEK = [
    Post("x", at(0, 9), PostKind.OWN, PostStatus.SCHEDULED, "Ready", id=1),
    Post("x", at(0, 10), PostKind.OWN, PostStatus.DRAFT, "Half done", id=2),
    Post("x", at(0, 11), PostKind.CURATED, PostStatus.IDEA, link="https://a.example/b", id=3),
    Post("x", at(1, 9), PostKind.PROMO, PostStatus.SCHEDULED, LONG, id=4),
    Post("linkedin", at(1, 9), PostKind.OWN, PostStatus.SCHEDULED, LONG, id=5),
    Post("x", at(2, 9), PostKind.OWN, PostStatus.POSTED, "Out already", id=6),
    Post("x", at(2, 10), PostKind.OWN, PostStatus.SKIPPED, "Dropped", id=7),
    Post("x", at(2, 11), PostKind.OWN, PostStatus.SCHEDULED, "  ", id=8),
]


def ids(posts: list[Post]) -> list[int | None]:
    return [p.id for p in posts]


def test_only_scheduled_posts_by_default_and_the_rest_counted() -> None:
    chosen = select_posts(WEEK, BUILTIN_BY_ID)
    assert ids(chosen.posts) == [1, 5]
    assert (chosen.drafts_held, chosen.empty) == (2, 1)
    assert [(item.post.id, item.reason) for item in chosen.left_out] == [
        (4, "322 characters as X counts them, over its limit of 280, so X would refuse it")]
    assert chosen.notes(BUILTIN_BY_ID, drafts_hint="--include-drafts", force_hint="or --force") == [
        'left out X Tue 24 Nov 09:00 "Seven walks in Lisbon, Seven walks in L…": 322 characters as X '
        "counts them, over its limit of 280, so X would refuse it (or --force)",
        "2 drafts and ideas were not handed off (--include-drafts adds them)",
        "1 post has no text and no link and was not handed off",
    ]


def test_drafts_and_ideas_when_asked_and_too_long_ones_when_forced() -> None:
    assert ids(select_posts(WEEK, BUILTIN_BY_ID, include_drafts=True).posts) == [1, 2, 3, 5]
    forced = select_posts(WEEK, BUILTIN_BY_ID, include_drafts=True, force=True)
    assert ids(forced.posts) == [1, 2, 3, 4, 5] and forced.left_out == []


def test_a_limit_the_user_raised_is_the_one_that_counts() -> None:
    roomy = {**BUILTIN_BY_ID, "x": BUILTIN_BY_ID["x"].with_(text_limit=4000)}  # X Premium
    assert ids(select_posts(WEEK, roomy).posts) == [1, 4, 5]
