"""The repository keeps what the user planned: instants in UTC, zones, ids, done-marks."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.items import Account, AccountUse, Activity, Goal, GoalMetric, Post, PostKind, PostStatus, Slot
from app.domain.platforms import Platform
from app.domain.weeks import Week
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")


def test_posts_are_stored_as_utc_with_their_zone(repo: Repository) -> None:
    post = repo.add(Post("linkedin", datetime(2026, 11, 24, 9, 30, tzinfo=TOKYO), PostKind.PROMO,
                         PostStatus.DRAFT, "Launch", "https://example.com/a", ("launch", "course"),
                         "check image", "ana"))
    row = repo.conn.execute("SELECT start_utc, tz FROM items WHERE id = ?", (post.id,)).fetchone()
    assert row == (int(datetime(2026, 11, 24, 0, 30, tzinfo=ZoneInfo("UTC")).timestamp()), "Asia/Tokyo")
    again = repo.get(post.id)  # type: ignore[arg-type]
    assert again == post
    assert again.start.tzinfo == TOKYO  # type: ignore[union-attr]


def test_update_returns_the_previous_version_and_delete_can_be_undone(repo: Repository) -> None:
    post = repo.add(Post("x", datetime(2026, 11, 24, 9, tzinfo=BERLIN), PostKind.OWN, text="one"))
    before = repo.update(post.with_(text="two"))
    assert before.text == "one" and repo.get(post.id).text == "two"  # type: ignore[union-attr, arg-type]
    removed = repo.delete(post.id)  # type: ignore[arg-type]
    assert repo.get(post.id) is None  # type: ignore[arg-type]
    repo.add(removed)  # put back under the same id
    assert repo.get(post.id) == removed  # type: ignore[arg-type]


def test_posts_and_slots_share_one_id_space(repo: Repository) -> None:
    post = repo.add(Post("x", datetime(2026, 11, 24, 9, tzinfo=BERLIN), PostKind.OWN))
    slot = repo.add(Slot("x", datetime(2026, 11, 24, 10, tzinfo=BERLIN), 15, Activity.REPLY))
    assert post.id != slot.id


def test_load_plan_reads_the_week_and_its_margins(repo: Repository) -> None:
    week = Week.parse("2026-W48", BERLIN)
    inside = repo.add(Post("x", datetime(2026, 11, 25, 9, tzinfo=BERLIN), PostKind.OWN))
    margin = repo.add(Post("x", datetime(2026, 11, 30, 8, tzinfo=BERLIN), PostKind.OWN))
    far = repo.add(Post("x", datetime(2026, 12, 10, 8, tzinfo=BERLIN), PostKind.OWN))
    repo.add(Slot("x", datetime(2026, 1, 5, 9, tzinfo=BERLIN), 20, Activity.REPLY, "FREQ=WEEKLY;BYDAY=WE"))
    plan = repo.load_plan(week)
    ids = {p.id for p in plan.posts}
    assert inside.id in ids and margin.id in ids and far.id not in ids
    assert [p.id for p in plan.week_posts()] == [inside.id]
    assert [o.start.day for o in plan.week_occurrences()] == [25]


def test_done_marks_belong_to_one_occurrence(repo: Repository) -> None:
    week = Week.parse("2026-W48", BERLIN)
    slot = repo.add(Slot("x", datetime(2026, 11, 23, 9, tzinfo=BERLIN), 20, Activity.REPLY, "FREQ=DAILY"))
    tuesday = datetime(2026, 11, 24, 9, tzinfo=BERLIN)
    repo.set_done(slot.id, tuesday)  # type: ignore[arg-type]
    done = {o.start.day for o in repo.load_plan(week).week_occurrences() if o.done}
    assert done == {24}
    repo.set_done(slot.id, tuesday, done=False)  # type: ignore[arg-type]
    assert not any(o.done for o in repo.load_plan(week).week_occurrences())


def test_a_failed_bulk_insert_writes_nothing(repo: Repository) -> None:
    good = Post("x", datetime(2026, 11, 24, 9, tzinfo=BERLIN), PostKind.OWN)
    bad = Post("no-such-platform", datetime(2026, 11, 24, 9, tzinfo=BERLIN), PostKind.OWN)
    repo.conn.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        repo.add_many([good, bad])
    assert repo.count() == 0


def test_accounts_goals_platforms_and_settings_round_trip(repo: Repository) -> None:
    account = repo.save_account(Account("x", "ana", AccountUse.PERSONAL))
    assert account.id is not None and repo.accounts() == [account]
    goal = repo.save_goal(Goal("2026-W48", "linkedin", 10, "comment", GoalMetric.AT_LEAST))
    assert repo.goals("2026-W48") == [goal] and repo.goals("2026-W49") == []
    repo.save_platform(repo.platforms()["mastodon"].with_(text_limit=11000))
    assert repo.platforms()["mastodon"].text_limit == 11000
    repo.save_platform(Platform("forum", "My forum", None, 3, "#336699"))
    assert list(repo.platforms())[-1] == "forum"
    repo.set_setting("rules", {"promo_ratio": 0.2})
    assert repo.setting("rules") == {"promo_ratio": 0.2}
    assert repo.setting("missing", "fallback") == "fallback"


def test_a_platform_in_use_cannot_be_deleted(repo: Repository) -> None:
    repo.add(Post("reddit", datetime(2026, 11, 24, 9, tzinfo=BERLIN), PostKind.CONVERSATION))
    with pytest.raises(ValueError, match="still has planned items"):
        repo.delete_platform("reddit")


def test_data_version_tells_when_another_process_wrote(repo: Repository, db_path) -> None:  # type: ignore[no-untyped-def]
    before = repo.data_version()
    other = Repository.open(db_path)
    other.add(Post("x", datetime(2026, 11, 24, 9, tzinfo=BERLIN) + timedelta(hours=1), PostKind.OWN))
    other.close()
    assert repo.data_version() != before
