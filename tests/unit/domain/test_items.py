"""What a post counts for: a skipped or blank post is not in the week's mix."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

from app.domain.items import Post, PostKind, PostStatus
from app.domain.weeks import Week
from app.domain.zones import local
from app.services.summary import week_mix
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week.parse("2026-W48", BERLIN)


def test_a_blank_post_from_an_older_file_is_not_in_the_mix(repo: Repository) -> None:
    at = local(WEEK.days[1], time(9), BERLIN)
    repo.add(Post("mastodon", at, PostKind.PROMO, text="Course opens today", link=""))
    repo.add(Post("mastodon", at, PostKind.PROMO, text="  \n"))  # saved blank before the fix
    repo.add(Post("mastodon", at, PostKind.CURATED, PostStatus.IDEA, link="https://example.org/a"))
    repo.add(Post("mastodon", at, PostKind.OWN, PostStatus.SKIPPED, text="Not this week"))
    (row,) = week_mix(repo.load_plan(WEEK))
    assert row.kinds == {"promo": 1, "own": 0, "curated": 1, "conversation": 0}
