"""The service layer: every edit is written at once and its Change undoes and redoes it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.items import Activity, Post, PostKind, Slot
from app.domain.weeks import Week
from app.domain.zones import UTC, local
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


def test_a_missing_item_is_reported_by_id(repo: Repository) -> None:
    with pytest.raises(KeyError, match="item 999"):
        edits.delete_items(repo, [999])


def test_a_failing_change_writes_nothing(repo: Repository) -> None:
    (p,) = edits.add_item(repo, post()).added
    bad = edits.Change(added=(post(text="new"),), removed=(post(id=12345),))
    with pytest.raises(KeyError):
        edits.apply(repo, bad)
    assert repo.count() == 1 and repo.get(p.id) == p  # type: ignore[arg-type]


# -- one occurrence of a repeating slot ------------------------------------------------------


def daily_slot(repo: Repository, rule: str = "FREQ=DAILY") -> Slot:
    """A reply slot at 08:30 every day from the Monday two weeks before WEEK."""
    start = local(WEEK.shifted(-2).days[0], time(8, 30), BERLIN)
    (stored,) = edits.add_item(repo, Slot("mastodon", start, 20, Activity.REPLY, rule)).added
    assert isinstance(stored, Slot)
    return stored


def shown(repo: Repository, week: Week) -> list[str]:
    """The occurrences a week shows, as 'Thu 08:30 reply'."""
    plan = repo.load_plan(week)
    return [f"{o.start:%a %H:%M} {o.activity.value}" for o in plan.week_occurrences()]


def stored(repo: Repository) -> list[object]:
    return [repo.get(i) for (i,) in repo.conn.execute("SELECT id FROM items ORDER BY id")]


def test_deleting_this_occurrence_keeps_every_other_week_and_day(repo: Repository) -> None:
    slot = daily_slot(repo)
    before = stored(repo)
    thursday = local(WEEK.days[3], time(8, 30), BERLIN)
    change = edits.delete_occurrence(repo, slot.id, thursday, edits.Scope.THIS)  # type: ignore[arg-type]
    assert "Thu 08:30 reply" not in shown(repo, WEEK) and len(shown(repo, WEEK)) == 6
    for other in (WEEK.shifted(-1), WEEK.shifted(1), WEEK.shifted(5)):
        assert len(shown(repo, other)) == 7
    # The exception is stored: a fresh connection sees it too.
    again = type(repo).open(repo.path)  # type: ignore[arg-type]
    assert "Thu 08:30 reply" not in shown(again, WEEK)
    again.close()
    edits.apply(repo, change.inverse())
    assert stored(repo) == before and len(shown(repo, WEEK)) == 7


def test_deleting_this_and_following_keeps_the_earlier_weeks(repo: Repository) -> None:
    slot = daily_slot(repo)
    monday = local(WEEK.days[0], time(8, 30), BERLIN)
    edits.set_occurrence_done(repo, slot.id, monday, True)  # type: ignore[arg-type]
    edits.set_occurrence_done(repo, slot.id, monday.replace(day=26), True)  # type: ignore[arg-type]
    before = stored(repo)
    thursday = local(WEEK.days[3], time(8, 30), BERLIN)
    change = edits.delete_occurrence(repo, slot.id, thursday, edits.Scope.FOLLOWING)  # type: ignore[arg-type]
    assert shown(repo, WEEK) == ["Mon 08:30 reply", "Tue 08:30 reply", "Wed 08:30 reply"]
    assert len(shown(repo, WEEK.shifted(-1))) == 7 and shown(repo, WEEK.shifted(1)) == []
    head = repo.get(slot.id)  # type: ignore[arg-type]
    assert isinstance(head, Slot) and head.done == {monday.astimezone(UTC)}
    # The series now ends: a week long after it does not even read it.
    assert repo.slots_between(WEEK.shifted(8).start, WEEK.shifted(8).end) == []
    edits.apply(repo, change.inverse())
    assert stored(repo) == before
    edits.apply(repo, change)
    assert len(shown(repo, WEEK)) == 3


def test_deleting_all_occurrences_removes_the_series(repo: Repository) -> None:
    slot = daily_slot(repo)
    edits.delete_occurrence(repo, slot.id, local(WEEK.days[3], time(8, 30), BERLIN),  # type: ignore[arg-type]
                            edits.Scope.ALL)
    assert repo.count() == 0


def test_this_and_following_from_the_first_occurrence_is_the_whole_series(repo: Repository) -> None:
    slot = daily_slot(repo)
    edits.delete_occurrence(repo, slot.id, slot.start, edits.Scope.FOLLOWING)  # type: ignore[arg-type]
    assert repo.count() == 0


def test_editing_this_occurrence_makes_a_single_slot_carrying_its_done_mark(repo: Repository) -> None:
    slot = daily_slot(repo)
    thursday = local(WEEK.days[3], time(8, 30), BERLIN)
    edits.set_occurrence_done(repo, slot.id, thursday, True)  # type: ignore[arg-type]
    series = repo.get(slot.id)  # type: ignore[arg-type]
    assert isinstance(series, Slot)
    later = thursday.replace(hour=18, minute=0)
    edited = series.with_(start=later, duration_min=45, activity=Activity.LISTEN)
    change = edits.edit_occurrence(repo, slot.id, thursday, edited, edits.Scope.THIS)  # type: ignore[arg-type]
    assert shown(repo, WEEK).count("Thu 18:00 listen") == 1 and "Thu 08:30 reply" not in shown(repo, WEEK)
    assert len(shown(repo, WEEK)) == 7 and len(shown(repo, WEEK.shifted(1))) == 7
    (single,) = change.added
    assert isinstance(single, Slot) and single.rrule is None and single.duration_min == 45
    assert single.done == {later.astimezone(UTC)}
    after = repo.get(slot.id)  # type: ignore[arg-type]
    assert isinstance(after, Slot) and not after.done and after.exdates == {thursday.astimezone(UTC)}
    edits.apply(repo, change.inverse())
    assert repo.get(slot.id) == series and repo.count() == 1


def test_editing_this_and_following_splits_the_series(repo: Repository) -> None:
    slot = daily_slot(repo)
    tuesday, thursday = (local(WEEK.days[d], time(8, 30), BERLIN) for d in (1, 3))
    for day in (tuesday, thursday + timedelta(days=1)):
        edits.set_occurrence_done(repo, slot.id, day, True)  # type: ignore[arg-type]
    series = repo.get(slot.id)  # type: ignore[arg-type]
    assert isinstance(series, Slot)
    edited = series.with_(start=thursday.replace(hour=9, minute=0), duration_min=30)
    change = edits.edit_occurrence(repo, slot.id, thursday, edited, edits.Scope.FOLLOWING)  # type: ignore[arg-type]
    assert shown(repo, WEEK) == ["Mon 08:30 reply", "Tue 08:30 reply", "Wed 08:30 reply",
                                 "Thu 09:00 reply", "Fri 09:00 reply", "Sat 09:00 reply",
                                 "Sun 09:00 reply"]
    assert set(shown(repo, WEEK.shifted(-1))) == {f"{d} 08:30 reply" for d in
                                                  ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
    (tail,) = change.added
    head = repo.get(slot.id)  # type: ignore[arg-type]
    assert isinstance(head, Slot) and isinstance(tail, Slot)
    assert head.done == {tuesday.astimezone(UTC)}
    assert tail.done == {(thursday + timedelta(days=1)).replace(hour=9, minute=0).astimezone(UTC)}
    edits.apply(repo, change.inverse())
    assert repo.get(slot.id) == series and repo.count() == 1


def test_moving_this_occurrence_to_another_day(repo: Repository) -> None:
    slot = daily_slot(repo, "FREQ=WEEKLY;BYDAY=MO,TH")
    thursday = local(WEEK.days[3], time(8, 30), BERLIN)
    edits.move_occurrence(repo, slot.id, thursday, thursday + timedelta(days=1),  # type: ignore[arg-type]
                          edits.Scope.THIS)
    assert shown(repo, WEEK) == ["Mon 08:30 reply", "Fri 08:30 reply"]
    assert shown(repo, WEEK.shifted(1)) == ["Mon 08:30 reply", "Thu 08:30 reply"]


def test_moving_all_occurrences_moves_that_weekday_of_the_series(repo: Repository) -> None:
    slot = daily_slot(repo, "FREQ=WEEKLY;BYDAY=MO,TH")
    thursday = local(WEEK.days[3], time(8, 30), BERLIN)
    edits.set_occurrence_done(repo, slot.id, thursday - timedelta(days=7), True)  # type: ignore[arg-type]
    change = edits.move_occurrence(repo, slot.id, thursday, thursday + timedelta(days=1),  # type: ignore[arg-type]
                                   edits.Scope.ALL)
    for week in (WEEK.shifted(-2), WEEK, WEEK.shifted(3)):
        assert shown(repo, week) == ["Mon 08:30 reply", "Fri 08:30 reply"]
    moved = repo.get(slot.id)  # type: ignore[arg-type]
    assert isinstance(moved, Slot) and moved.rrule == "FREQ=WEEKLY;BYDAY=MO,FR"
    assert moved.done == {(thursday - timedelta(days=6)).astimezone(UTC)}  # the mark went along
    assert change.updated[0][0].rrule == "FREQ=WEEKLY;BYDAY=MO,TH"


def test_moving_this_and_following_to_a_later_time(repo: Repository) -> None:
    slot = daily_slot(repo, "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=6")  # 9 Nov to 26 Nov
    monday = local(WEEK.shifted(-1).days[0], time(8, 30), BERLIN)
    edits.move_occurrence(repo, slot.id, monday, monday.replace(hour=10, minute=0),  # type: ignore[arg-type]
                          edits.Scope.FOLLOWING)
    assert shown(repo, WEEK.shifted(-2)) == ["Mon 08:30 reply", "Thu 08:30 reply"]
    assert shown(repo, WEEK.shifted(-1)) == ["Mon 10:00 reply", "Thu 10:00 reply"]
    assert shown(repo, WEEK) == ["Mon 10:00 reply", "Thu 10:00 reply"]
    assert shown(repo, WEEK.shifted(1)) == []  # still six in all


def test_an_ending_series_with_exceptions_comes_back_from_the_file_as_it_was(repo: Repository) -> None:
    from app.domain.recurrence import end_of_day, with_end

    rule = with_end("FREQ=WEEKLY;BYDAY=MO,TH", until=end_of_day(WEEK.days[3], BERLIN))
    slot = daily_slot(repo, rule)
    monday = local(WEEK.days[0], time(8, 30), BERLIN)
    edits.delete_occurrence(repo, slot.id, monday, edits.Scope.THIS)  # type: ignore[arg-type]
    edits.set_occurrence_done(repo, slot.id, monday - timedelta(days=7), True)  # type: ignore[arg-type]
    written = repo.get(slot.id)  # type: ignore[arg-type]
    again = Repository.open(repo.path)  # type: ignore[arg-type]
    try:
        back = again.get(slot.id)  # type: ignore[arg-type]
        assert back == written and isinstance(back, Slot)
        assert back.rrule == rule and back.exdates == {monday.astimezone(UTC)}
        assert shown(again, WEEK) == ["Thu 08:30 reply"] and shown(again, WEEK.shifted(1)) == []
        # last_utc is the last occurrence, so weeks after it do not read the series.
        (last,) = again.conn.execute("SELECT last_utc FROM items WHERE id = ?", (slot.id,)).fetchone()
        assert last == int(local(WEEK.days[3], time(8, 30), BERLIN).timestamp())
    finally:
        again.close()
