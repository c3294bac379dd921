"""The service layer: every edit is written at once and its Change undoes and redoes it."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from app.domain.items import Activity, Post, PostKind, PostStatus, Slot
from app.domain.weeks import Week
from app.domain.zones import local
from app.services import edits
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
WEEK = Week.parse("2026-W48", BERLIN)


def post(day: int = 0, hh: int = 9, **kw: object) -> Post:
    fields: dict[str, object] = {"platform": "mastodon", "kind": PostKind.OWN, "text": "Hello"}
    fields.update(kw)
    return Post(start=local(WEEK.days[day], time(hh), BERLIN), **fields)  # type: ignore[arg-type]


def test_add_then_undo_then_redo_keeps_the_id(repo: Repository) -> None:
    change = edits.add_item(repo, post())
    (added,) = change.added
    assert added.id is not None and repo.get(added.id) == added

    edits.apply(repo, change.inverse())
    assert repo.get(added.id) is None

    edits.apply(repo, change)
    assert repo.get(added.id) == added


def test_update_returns_before_and_after(repo: Repository) -> None:
    (stored,) = edits.add_item(repo, post()).added
    edited = stored.with_(text="Changed", kind=PostKind.CONVERSATION)
    change = edits.update_item(repo, edited)
    assert change.updated == ((stored, edited),)
    edits.apply(repo, change.inverse())
    assert repo.get(stored.id) == stored  # type: ignore[arg-type]


def test_an_edit_that_changes_nothing_is_empty(repo: Repository) -> None:
    (stored,) = edits.add_item(repo, post()).added
    assert edits.update_item(repo, stored).empty


def test_delete_and_undo_brings_back_a_slot_with_its_done_marks(repo: Repository) -> None:
    start = local(WEEK.days[0], time(8, 30), BERLIN)
    slot = Slot("mastodon", start, 20, Activity.REPLY, "FREQ=DAILY")
    (stored,) = edits.add_item(repo, slot).added
    assert stored.id is not None
    edits.set_occurrence_done(repo, stored.id, start, True)
    before = repo.get(stored.id)
    change = edits.delete_items(repo, [stored.id])
    assert repo.get(stored.id) is None
    edits.apply(repo, change.inverse())
    assert repo.get(stored.id) == before
    assert isinstance(before, Slot) and len(before.done) == 1


def test_move_keeps_the_wall_clock_time_of_the_view_zone(repo: Repository) -> None:
    (stored,) = edits.add_item(repo, post(day=0, hh=9)).added
    assert stored.id is not None
    change = edits.move_item(repo, stored.id, WEEK.days[3], BERLIN)
    moved = repo.get(stored.id)
    assert moved is not None
    assert moved.start == datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)
    assert change.updated[0][0].start.date() == date(2026, 11, 23)


def test_move_keeps_the_items_own_zone(repo: Repository) -> None:
    start = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN).astimezone(NEW_YORK)
    (stored,) = edits.add_item(repo, Post("x", start, PostKind.OWN)).added
    assert stored.id is not None
    edits.move_item(repo, stored.id, WEEK.days[1], BERLIN)
    moved = repo.get(stored.id)
    assert moved is not None and moved.tz == "America/New_York"
    assert moved.start.astimezone(BERLIN) == datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN)


def test_move_across_a_dst_change_keeps_local_time(repo: Repository) -> None:
    week = Week.parse("2026-W13", BERLIN)  # clocks go forward on Sunday 29 March
    (stored,) = edits.add_item(repo, Post("x", local(week.days[0], time(9), BERLIN), PostKind.OWN)).added
    assert stored.id is not None
    edits.move_item(repo, stored.id, week.days[6], BERLIN)
    moved = repo.get(stored.id)
    assert moved is not None and (moved.start.hour, moved.start.minute) == (9, 0)


def test_duplicate_makes_new_ids_and_clears_done(repo: Repository) -> None:
    start = local(WEEK.days[0], time(8, 30), BERLIN)
    (slot,) = edits.add_item(repo, Slot("x", start, 15, Activity.REPLY)).added
    assert slot.id is not None
    edits.set_occurrence_done(repo, slot.id, start, True)
    change = edits.duplicate_items(repo, [slot.id])
    (copy,) = change.added
    assert copy.id != slot.id and isinstance(copy, Slot) and not copy.done
    assert repo.count() == 2


def test_mark_posted_leaves_slots_alone(repo: Repository) -> None:
    (p,) = edits.add_item(repo, post()).added
    (s,) = edits.add_item(repo, Slot("x", post().start, 15, Activity.REPLY)).added
    assert p.id is not None and s.id is not None
    change = edits.set_post_status(repo, [p.id, s.id], PostStatus.POSTED)
    assert len(change.updated) == 1
    stored = repo.get(p.id)
    assert isinstance(stored, Post) and stored.status is PostStatus.POSTED


def test_a_missing_item_is_reported_by_id(repo: Repository) -> None:
    with pytest.raises(KeyError, match="item 999"):
        edits.delete_items(repo, [999])


def test_a_failing_change_writes_nothing(repo: Repository) -> None:
    (p,) = edits.add_item(repo, post()).added
    bad = edits.Change(added=(post(text="new"),), removed=(post(id=12345),))
    with pytest.raises(KeyError):
        edits.apply(repo, bad)
    assert repo.count() == 1 and repo.get(p.id) == p  # type: ignore[arg-type]
