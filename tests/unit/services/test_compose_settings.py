"""The limits beyond length are each platform's own, editable like its text limit."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain.items import Post, PostKind
from app.domain.weeks import Week
from app.rules.engine import lint
from app.services import config
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week.parse("2026-W48", BERLIN)


def test_builtin_limits_and_editing_them(repo: Repository) -> None:
    values = config.read(repo)
    assert values["platforms.instagram.hashtag_limit"] == 5
    assert values["platforms.threads.link_limit"] == 5
    assert values["platforms.linkedin.comment_limit"] == 1250
    assert values["platforms.x.hashtag_limit"] is None
    repo.add(Post("x", datetime(2026, 11, 24, 9, tzinfo=BERLIN), PostKind.OWN, text="#a #b #c #d"))
    assert not [f for f in lint(repo.load_plan(WEEK)) if f.rule == "hashtag-limit"]
    assert config.set_text(repo, "platforms.x.hashtag_limit", "3") == (None, 3)
    found = [f for f in lint(repo.load_plan(WEEK)) if f.rule == "hashtag-limit"]
    assert len(found) == 1 and "X takes at most 3" in found[0].message
    config.set_text(repo, "platforms.x.hashtag_limit", "none")
    assert repo.platforms()["x"].hashtag_limit is None


def test_a_bad_limit_is_refused_by_name(repo: Repository) -> None:
    with pytest.raises(config.ConfigError) as refused:
        config.set_text(repo, "platforms.instagram.hashtag_limit", "lots")
    assert "hashtag_limit" in str(refused.value)
    assert repo.platforms()["instagram"].hashtag_limit == 5


def test_post_extras_are_stored_and_undone_with_the_post(repo: Repository) -> None:
    post = repo.add(Post("instagram", datetime(2026, 11, 24, 9, tzinfo=BERLIN), PostKind.OWN,
                         text="A tram", first_comment="Link in bio", has_image=True, alt_text="A tram"))
    stored = repo.get(post.id or 0)
    assert isinstance(stored, Post) and (stored.first_comment, stored.has_image, stored.alt_text) == (
        "Link in bio", True, "A tram")
    repo.update(stored.with_(alt_text=""))
    assert [f.rule for f in lint(repo.load_plan(WEEK)) if f.rule == "alt-text"] == ["alt-text"]
    removed = repo.delete(post.id or 0)
    repo.add(removed)  # undo of a delete puts it back whole
    assert repo.get(post.id or 0) == removed
