"""Reading a week finds every repeating slot that occurs in it, and only reads those."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.domain.items import Activity, Slot
from app.domain.weeks import Week
from app.storage import database, schema
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week.parse("2026-W48", BERLIN)


def slot(start: datetime, rule: str | None) -> Slot:
    return Slot("mastodon", start, 20, Activity.REPLY, rule)


def test_a_week_shows_the_routines_running_in_it_and_not_those_that_ended(repo: Repository) -> None:
    endless = repo.add(slot(datetime(2016, 1, 4, 8, 30, tzinfo=BERLIN), "FREQ=WEEKLY;BYDAY=MO,WE"))
    counted = repo.add(slot(datetime(2026, 11, 2, 12, tzinfo=BERLIN), "FREQ=DAILY;COUNT=24"))
    until = repo.add(slot(datetime(2026, 10, 1, 17, tzinfo=BERLIN),
                          "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261124T160000Z"))
    ended = repo.add(slot(datetime(2019, 1, 1, 9, tzinfo=BERLIN), "FREQ=DAILY;COUNT=10"))
    plan = repo.load_plan(WEEK)
    shown = [(o.id, o.start.strftime("%a %H:%M")) for o in plan.week_occurrences()]
    assert (endless.id, "Mon 08:30") in shown and (endless.id, "Wed 08:30") in shown
    assert (counted.id, "Wed 12:00") in shown and (counted.id, "Thu 12:00") not in shown  # 24th: Wed
    assert (until.id, "Tue 17:00") in shown
    _, read = repo.items_between(WEEK.start, WEEK.end)
    assert ended.id not in {s.id for s in read}  # not even read: it ended in 2019
    # An edit that extends an ended series brings it back.
    repo.update(ended.with_(rrule="FREQ=DAILY"))
    assert ended.id in {o.id for o in repo.load_plan(WEEK).week_occurrences()}


def schema_1_file_with_a_daily_series(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file as Presence wrote it before schema 2, holding one daily series of 30."""
    monkeypatch.setattr(database, "MIGRATIONS", schema.MIGRATIONS[:1])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 1)
    old = database.open_database(db_path)
    start = int(datetime(2026, 11, 2, 12, tzinfo=BERLIN).timestamp())
    old.execute(
        "INSERT INTO items (type, platform, start_utc, tz, kind, duration_min, rrule)"
        " VALUES ('slot', 'mastodon', ?, 'Europe/Berlin', 'reply', 20, 'FREQ=DAILY;COUNT=30')",
        (start,),
    )
    old.close()
    monkeypatch.undo()


def test_a_series_written_before_schema_2_still_shows_after_the_upgrade(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema_1_file_with_a_daily_series(db_path, monkeypatch)
    with Repository.open(db_path) as repo:
        assert len(repo.load_plan(WEEK).week_occurrences()) == 7


def test_the_command_line_reads_a_schema_1_file_without_migrating_it(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema_1_file_with_a_daily_series(db_path, monkeypatch)
    with Repository.open(db_path, readonly=True) as repo:  # as `presence lint` opens it
        assert len(repo.load_plan(WEEK).week_occurrences()) == 7
        assert len(repo.slots_between(WEEK.start, WEEK.end)) == 1
    check = sqlite3.connect(db_path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 1
    check.close()
