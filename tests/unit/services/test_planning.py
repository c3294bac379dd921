"""Planning faster, below the window: posting times read and written, CSV rows with an empty
date as ideas, placements and fills undone exactly, evergreen runs within their limits, and
an older file read without a backlog."""

from __future__ import annotations

import sqlite3
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from app.domain.ideas import Evergreen, Idea, parse_posting_times, show_posting_times
from app.domain.items import Activity, Post, PostKind, PostStatus, Slot
from app.domain.platforms import BUILTIN_BY_ID
from app.domain.weeks import Week
from app.domain.zones import get_zone, local
from app.exchange.csv_format import CsvImportError, read_csv, read_csv_with_ideas
from app.rules.settings import RuleSettings
from app.services import config, planning
from app.services.importing import import_csv_bytes
from app.storage import backlog
from app.storage.repository import Repository

BERLIN = get_zone("Europe/Berlin")
WEEK = Week(date(2100, 1, 4), BERLIN)  # far ahead: every posting time is still to come
HEADER = "type,date,time,timezone,platform,account,kind,status,duration_min,repeat,text,link,tags,notes\n"


@pytest.mark.parametrize(("text", "canonical"), [
    ("mon-fri 09:00,13:00; sat 10:00", "mon-fri 09:00,13:00; sat 10:00"),
    ("Monday, Wednesday 9:30", "mon,wed 09:30"),
    ("sat-mon 08:00", "mon,sat,sun 08:00"),  # a range across the end of the week
    ("tue 13:00 09:00; tue 09:00", "tue 09:00,13:00"),
    ("", ""),
])
def test_posting_times_read_as_people_write_them(text: str, canonical: str) -> None:
    times = parse_posting_times(text)
    assert show_posting_times(times) == canonical
    assert parse_posting_times(show_posting_times(times)) == times


@pytest.mark.parametrize(("text", "reason"), [
    ("mon-fry 09:00", "'fry' is not a day (mon, tue, wed, thu, fri, sat, sun)"),
    ("mon 25:00", "'25:00' is not a 24-hour time like 09:00"),
    ("09:00", "'09:00' needs days then times, like 'mon-fri 09:00,13:00; sat 10:00'"),
    ("mon", "'mon' needs days then times, like 'mon-fri 09:00,13:00; sat 10:00'"),
])
def test_bad_posting_times_say_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_posting_times(text)
    assert str(caught.value) == reason


def test_posting_times_through_the_settings_catalogue(repo: Repository) -> None:
    before, after = config.set_text(repo, "posting_times.x", "fri,mon-wed 09:00")
    assert (before, after) == ("", "mon-wed,fri 09:00")
    assert config.read(repo)["posting_times.x"] == "mon-wed,fri 09:00"
    assert "posting_times.x" in [s.key for s in config.platform_settings(repo)]
    with pytest.raises(config.ConfigError, match="no such platform"):
        config.set_text(repo, "posting_times.nowhere", "mon 09:00")
    config.set_text(repo, "posting_times.x", "none")
    assert planning.posting_times(repo) == {}


def test_csv_rows_with_an_empty_date_are_ideas_and_nothing_else_changes() -> None:
    text = (HEADER + "post,,,,Twitter,ana,own,,,,Coast road notes,https://slowroads.blog/c,walks;sea,\n"
            "post,2100-01-05,09:00,Europe/Berlin,x,,own,,,,Dated,,,\n")
    items, ideas = read_csv_with_ideas(text, BUILTIN_BY_ID)
    assert [i.text for i in items] == ["Dated"]  # type: ignore[union-attr]
    assert ideas == [Idea("x", PostKind.OWN, "Coast road notes", "https://slowroads.blog/c",
                          ("walks", "sea"), "", "ana")]
    assert [i.text for i in read_csv(text, BUILTIN_BY_ID)] == ["Dated"]  # type: ignore[union-attr]
    bad = HEADER + "post,,09:00,,x,,own,,,,A time without a day,,,\npost,,,,x,,own,posted,,,Gone,,,\n"
    with pytest.raises(CsvImportError) as caught:
        read_csv_with_ideas(bad, BUILTIN_BY_ID)
    assert [str(e) for e in caught.value.errors] == [
        "line 2, time: a time needs a date (leave both empty for a backlog idea)",
        "line 3, status: a backlog idea (empty date) cannot be posted or skipped"]


def test_importing_ideas_twice_adds_them_once(repo: Repository) -> None:
    row = "post,,,,x,,own,,,,Coast road notes,,,\n"
    data = (HEADER + row + row).encode()
    first = import_csv_bytes(repo, data)
    assert (first.added, first.ideas) == (2, 2)
    again = import_csv_bytes(repo, data)
    assert (again.added, again.already_there) == (0, 2)
    assert len(backlog.ideas(repo)) == 2


def _snapshot(repo: Repository) -> tuple[object, ...]:
    posts, slots = repo.items_between(WEEK.start - timedelta(days=60), WEEK.end)
    return (posts, slots, backlog.ideas(repo), backlog.evergreen(repo), backlog.runs(repo))


def test_a_fill_and_its_inverse_leave_the_file_as_it_was(repo: Repository) -> None:
    repo.add(Slot("x", local(WEEK.monday, time(17), BERLIN), 20, Activity.REPLY, "FREQ=DAILY"))
    old = repo.add(Post("x", local(WEEK.monday - timedelta(days=45), time(10), BERLIN), PostKind.OWN,
                        PostStatus.POSTED, "Ten quiet streets", "https://slowroads.blog/quiet"))
    assert old.id is not None
    backlog.set_evergreen(repo, old.id, Evergreen(30, 3, date(2100, 6, 1)))
    backlog.add_ideas(repo, [Idea("x", PostKind.CURATED, "A good read", "https://example.org/r"),
                             Idea("x", PostKind.CONVERSATION, "Which road?")])
    planning.set_posting_times(repo, "x", parse_posting_times("mon-fri 09:00"))
    before = _snapshot(repo)

    filled = planning.plan_fill(repo, repo.load_plan(WEEK), RuleSettings())
    assert sorted((p.idea is None, p.post.text) for p in filled.placements) == [
        (False, "A good read"), (False, "Which road?"), (True, "Ten quiet streets")]
    applied = planning.apply_plan(repo, filled.change())
    assert backlog.ideas(repo) == []
    run = next(p for p in applied.items.added if p.text == "Ten quiet streets")
    assert backlog.runs(repo) == {old.id: [run.id]}

    planning.apply_plan(repo, applied.inverse())
    assert _snapshot(repo) == before
    planning.apply_plan(repo, applied)  # redo: the same ids again
    assert backlog.runs(repo) == {old.id: [run.id]}


def test_a_post_back_to_the_backlog_and_an_idea_onto_a_day_undo_exactly(repo: Repository) -> None:
    post = repo.add(Post("x", local(WEEK.monday, time(9), BERLIN), PostKind.OWN, text="Rain"))
    assert post.id is not None
    backlog.set_evergreen(repo, post.id, Evergreen(10))
    back = planning.to_backlog(repo, [post.id])
    assert repo.get(post.id) is None and [i.text for i in backlog.ideas(repo)] == ["Rain"]
    planning.apply_plan(repo, back.inverse())
    assert repo.get(post.id) == post and backlog.ideas(repo) == []
    assert backlog.evergreen(repo) == {post.id: Evergreen(10)}  # the mark came back with it

    (idea,) = backlog.add_ideas(repo, [Idea("x", PostKind.OWN, "Fog")])
    assert idea.id is not None
    placed = planning.place_idea(repo, idea.id, local(WEEK.monday, time(13), BERLIN))
    new_id = placed.items.added[0].id
    assert backlog.ideas(repo) == []
    planning.apply_plan(repo, placed.inverse())
    assert backlog.ideas(repo) == [idea] and repo.get(new_id) is None  # type: ignore[arg-type]


def test_an_evergreen_post_runs_within_its_gap_runs_and_end() -> None:
    first = local(date(2100, 1, 1), time(10), BERLIN)
    post = Post("x", first, PostKind.OWN, PostStatus.POSTED, "Old favourite", id=1)
    source = planning.EvergreenSource(post, Evergreen(30, 2, date(2100, 3, 1)), (first,))
    assert source.allows(first + timedelta(days=29), BERLIN) == "ran less than 30 days before"
    assert source.allows(first + timedelta(days=30), BERLIN) is None
    assert source.allows(first - timedelta(days=40), BERLIN) == "runs again only after it first ran"
    assert source.allows(local(date(2100, 3, 2), time(9), BERLIN), BERLIN) == "runs until 2100-03-01"
    twice = planning.EvergreenSource(post, source.mark, (first, first + timedelta(days=30),
                                                         first + timedelta(days=60)))
    assert twice.allows(first + timedelta(days=95), BERLIN) == "has run 2 times already"
    assert source.due(Week(date(2100, 2, 1), BERLIN))
    assert not source.due(Week(date(2100, 1, 11), BERLIN))


def test_an_older_file_opened_read_only_has_an_empty_backlog(db_path: Path) -> None:
    with Repository.open(db_path) as repo:
        backlog.add_ideas(repo, [Idea("x", PostKind.OWN, "Kept")])
    conn = sqlite3.connect(db_path)
    conn.executescript("DROP TABLE ideas; DROP TABLE evergreen; DROP TABLE evergreen_runs;"
                       "PRAGMA user_version = 5;")
    conn.close()
    with Repository.open(db_path, readonly=True) as repo:
        assert backlog.ideas(repo) == [] and backlog.evergreen(repo) == {} and backlog.runs(repo) == {}
        assert planning.evergreen_sources(repo) == []
