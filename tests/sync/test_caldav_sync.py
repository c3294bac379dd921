"""`presence sync caldav` against a real Radicale server, run as a real process.

The demo week of 2026-W43 in Lisbon (the clocks go back on Sunday 25 October) is
published, read back over CalDAV, edited and deleted locally, and published again.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from app.domain.items import Post, Slot
from app.storage.repository import Repository
from tests.sync.support import PASSWORD, USER, Radicale, presence

WEEK = "2026-W43"
DEMO_ITEMS = 22
FOREIGN = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone else//EN\r\nBEGIN:VEVENT\r\n"
    "UID:dentist-42@example.org\r\nDTSTAMP:20261001T100000Z\r\nDTSTART:20261021T140000Z\r\n"
    "DTEND:20261021T150000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    made = presence("demo", "--db", str(db_path), "--week", WEEK)
    assert made.returncode == 0, made.stderr
    return db_path


def sync(db: Path, url: str, *extra: str, password: str | None = PASSWORD):  # type: ignore[no-untyped-def]
    return presence("sync", "caldav", url, "--user", USER, "--db", str(db), "--week", WEEK, *extra,
                    password=password)


def put_foreign(radicale: Radicale) -> str:
    url = radicale.calendar_url + "dentist.ics"
    response = radicale.request("PUT", url, FOREIGN, Content_Type="text/calendar; charset=utf-8")
    assert response.status_code == 201, response.text
    return url


def export_uids(db: Path) -> set[str]:
    done = presence("export", "--format", "ics", "--db", str(db), "--week", WEEK)
    assert done.returncode == 0, done.stderr
    return {str(e["UID"]) for e in Calendar.from_ical(done.stdout).walk("VEVENT")}


def files(db: Path) -> dict[str, bytes]:
    """The database and any journal beside it, byte for byte."""
    return {p.name: p.read_bytes() for p in sorted(db.parent.glob(db.name + "*"))}


def test_the_demo_week_is_published_with_alarms_and_repeating_slots(demo_db: Path,
                                                                   radicale: Radicale) -> None:
    foreign = put_foreign(radicale)
    foreign_before = radicale.events()["dentist-42@example.org"]
    done = sync(demo_db, radicale.calendar_url)
    assert done.returncode == 0, done.stderr
    assert f"{DEMO_ITEMS} added, 0 updated, 0 removed" in done.stdout
    events = radicale.events()
    ours = {uid: e for uid, e in events.items() if uid != "dentist-42@example.org"}
    assert set(ours) == export_uids(demo_db)  # the same UIDs as File > Export writes
    assert len(ours) == DEMO_ITEMS
    with Repository.open(demo_db, readonly=True) as repo:
        posts, slots = repo.items_between(datetime(2026, 10, 19, tzinfo=repo_zone()),
                                          datetime(2026, 10, 26, tzinfo=repo_zone()))
    by_id = {item.id: item for item in [*posts, *slots]}
    for uid, event in ours.items():
        vevent = event.vevent
        assert "METHOD" not in event.calendar  # a stored calendar object has none
        item = by_id[int(re.match(r"presence-item-(\d+)@", uid)[1])]  # type: ignore[index]
        assert vevent["DTSTART"].dt == item.start
        assert str(vevent["DTSTART"].params["TZID"]) == "Europe/Lisbon"
        alarms = list(vevent.walk("VALARM"))
        if isinstance(item, Post) and item.status.value == "skipped":
            assert alarms == [] and str(vevent["STATUS"]) == "CANCELLED"
        else:  # it rings at its own time
            assert len(alarms) == 1 and alarms[0]["TRIGGER"].dt == timedelta(0)
        if isinstance(item, Slot) and item.rrule:
            assert vevent["RRULE"].to_ical().decode() == item.rrule
    repeating = [e for e in ours.values() if "RRULE" in e.vevent]
    assert repeating, "the demo week's daily slot is published as one repeating event"
    assert events["dentist-42@example.org"].etag == foreign_before.etag  # untouched
    assert events["dentist-42@example.org"].text == foreign_before.text
    assert radicale.request("GET", foreign).status_code == 200


def repo_zone():  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Lisbon")


def test_a_second_sync_sends_nothing_and_edits_update_and_deletes_remove(demo_db: Path,
                                                                        radicale: Radicale) -> None:
    put_foreign(radicale)
    assert sync(demo_db, radicale.calendar_url).returncode == 0
    before = radicale.events()

    again = sync(demo_db, radicale.calendar_url)
    assert again.returncode == 0, again.stderr
    assert "is up to date" in again.stdout and f"({DEMO_ITEMS} events)" in again.stdout
    assert {u: e.etag for u, e in radicale.events().items()} == {u: e.etag for u, e in before.items()}

    with Repository.open(demo_db) as repo:
        posts, slots = repo.items_between(datetime(2026, 10, 19, tzinfo=repo_zone()),
                                          datetime(2026, 10, 26, tzinfo=repo_zone()))
        edited = posts[0]
        repo.update(edited.with_(text="Rewritten: the Lisbon walk, with a map."))
        deleted = posts[1]
        repo.delete(deleted.id)  # type: ignore[arg-type]
        series = next(s for s in slots if s.rrule)
        skipped_day = series.start + timedelta(days=2)
        repo.update(series.with_(exdates=series.exdates | {skipped_day}))
        moved = posts[2]
        repo.update(moved.with_(start=moved.start + timedelta(hours=1)))
        cal_id = repo.setting("calendar_id")

    done = sync(demo_db, radicale.calendar_url)
    assert done.returncode == 0, done.stderr
    assert "0 added, 3 updated, 1 removed" in done.stdout
    after = radicale.events()
    uid = f"presence-item-{{}}@{cal_id}.presence".format
    assert uid(deleted.id) not in after
    assert "Rewritten: the Lisbon walk" in str(after[uid(edited.id)].vevent["SUMMARY"])
    assert after[uid(moved.id)].vevent["DTSTART"].dt == moved.start + timedelta(hours=1)
    assert exdates_of(after[uid(series.id)].vevent) == [skipped_day]
    unchanged = set(before) - {uid(edited.id), uid(deleted.id), uid(series.id), uid(moved.id)}
    assert {u: after[u].etag for u in unchanged} == {u: before[u].etag for u in unchanged}
    assert after["dentist-42@example.org"].etag == before["dentist-42@example.org"].etag


def exdates_of(vevent) -> list[datetime]:  # type: ignore[no-untyped-def]
    found = vevent.get("EXDATE", [])
    return [when.dt for group in (found if isinstance(found, list) else [found]) for when in group.dts]


def test_an_event_changed_or_removed_on_the_server_is_published_again(demo_db: Path,
                                                                     radicale: Radicale) -> None:
    assert sync(demo_db, radicale.calendar_url).returncode == 0
    events = radicale.events()
    first, second = sorted(events)[:2]
    gone = radicale.request("DELETE", radicale.root.rstrip("/") + events[first].href)
    assert gone.status_code in (200, 204)
    changed = events[second].text.replace("SUMMARY:", "SUMMARY:Edited on the phone ")
    assert radicale.request("PUT", radicale.root.rstrip("/") + events[second].href, changed,
                            Content_Type="text/calendar").status_code in (201, 204)

    done = sync(demo_db, radicale.calendar_url)
    assert done.returncode == 0, done.stderr
    assert "0 added, 2 updated, 0 removed" in done.stdout
    now = radicale.events()
    assert set(now) == set(events)
    assert "Edited on the phone" not in now[second].text


def test_a_sync_stopped_halfway_is_completed_by_the_next(demo_db: Path, radicale: Radicale) -> None:
    """Events sent without their record (the process ended between the two) are taken over,
    or removed if their item was deleted meanwhile; none is sent twice."""
    assert sync(demo_db, radicale.calendar_url).returncode == 0
    with Repository.open(demo_db) as repo:
        rows = repo.conn.execute("SELECT uid, item_id FROM caldav_published ORDER BY item_id").fetchall()
        # As if the last five were sent but the process died before recording them:
        with repo.transaction() as tx:
            tx.executemany("DELETE FROM caldav_published WHERE uid = ?", [(u,) for u, _ in rows[-5:]])
        repo.delete(rows[-1][1])  # and one of those was deleted before the next sync
    done = sync(demo_db, radicale.calendar_url)
    assert done.returncode == 0, done.stderr
    assert "0 added, 4 updated, 1 removed" in done.stdout
    events = radicale.events()
    assert len(events) == DEMO_ITEMS - 1 and rows[-1][0] not in events
    again = sync(demo_db, radicale.calendar_url)
    assert "is up to date" in again.stdout, again.stdout + again.stderr


def test_the_calendar_is_found_by_name_from_the_server_root(demo_db: Path, radicale: Radicale) -> None:
    work = radicale.make_calendar("c8f1-work", display="Work")
    done = sync(demo_db, radicale.root, "--calendar", "Work")
    assert done.returncode == 0, done.stderr
    assert "calendar 'Work'" in done.stdout
    assert len(radicale.events(work)) == DEMO_ITEMS
    assert radicale.events() == {}  # the other calendar untouched


def test_the_password_is_never_stored_nor_printed(demo_db: Path, radicale: Radicale) -> None:
    done = sync(demo_db, radicale.calendar_url)
    wrong = sync(demo_db, radicale.calendar_url, password="not-the-" + PASSWORD)
    assert done.returncode == 0 and wrong.returncode == 2
    for output in (done.stdout, done.stderr, wrong.stdout, wrong.stderr):
        assert PASSWORD not in output
    for content in files(demo_db).values():
        assert PASSWORD.encode() not in content
    with sqlite3.connect(demo_db) as conn:
        dump = "\n".join(conn.iterdump())
    assert PASSWORD not in dump


def one_line_failure(done, needle: str) -> None:  # type: ignore[no-untyped-def]
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("presence: ") and needle in lines[0], lines[0]
    assert "Traceback" not in done.stderr and PASSWORD not in done.stderr


def test_failures_are_one_line_exit_2_and_leave_the_database_as_it_was(demo_db: Path,
                                                                       radicale: Radicale) -> None:
    never_synced = files(demo_db)
    radicale.stop()
    one_line_failure(sync(demo_db, radicale.calendar_url), "cannot reach the server (connection refused)")
    assert files(demo_db) == never_synced  # not even the calendar id was written

    radicale.start()
    assert sync(demo_db, radicale.calendar_url).returncode == 0
    with Repository.open(demo_db) as repo:  # something to send next time
        post = repo.items_between(datetime(2026, 10, 19, tzinfo=repo_zone()),
                                  datetime(2026, 10, 26, tzinfo=repo_zone()))[0][0]
        repo.update(post.with_(text="Changed after the last sync"))
    synced = files(demo_db)

    one_line_failure(sync(demo_db, radicale.calendar_url, password="wrong"), "refused the login of 'anna'")
    assert files(demo_db) == synced
    one_line_failure(sync(demo_db, radicale.root + f"{USER}/holidays/"), "no such calendar")
    assert files(demo_db) == synced
    one_line_failure(sync(demo_db, radicale.root, "--calendar", "Holidays"), "no calendar named 'Holidays'")
    assert files(demo_db) == synced
    radicale.stop()
    one_line_failure(sync(demo_db, radicale.calendar_url), "cannot reach the server")
    assert files(demo_db) == synced


def test_a_server_that_never_answers_times_out_in_one_line(demo_db: Path) -> None:
    import socket

    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/anna/plan/"
        before = files(demo_db)
        done = sync(demo_db, url, "--timeout", "0.5")
    one_line_failure(done, "no answer within 0.5 s (timeout)")
    assert files(demo_db) == before


def test_without_a_password_it_says_where_to_put_one(demo_db: Path, radicale: Radicale) -> None:
    before = files(demo_db)
    done = sync(demo_db, radicale.calendar_url, password=None)
    one_line_failure(done, "PRESENCE_CALDAV_PASSWORD")
    assert f"{USER}@127.0.0.1:{radicale.port}" in done.stderr
    assert files(demo_db) == before


@pytest.mark.parametrize("url, needle", [
    ("ftp://example.org/cal/", "is not a calendar address"),
    ("https://anna:hunter2@example.org/cal/", "the address holds a password"),
])
def test_a_bad_address_is_refused_before_anything_is_sent(demo_db: Path, url: str, needle: str) -> None:
    before = files(demo_db)
    done = sync(demo_db, url)
    one_line_failure(done, needle)
    assert "hunter2" not in done.stderr
    assert files(demo_db) == before


FILE_KEYRING = '''
import json, os
from keyring.backend import KeyringBackend

class FileKeyring(KeyringBackend):
    """A keyring in one JSON file (for the test's own process tree only)."""
    priority = 1

    def _load(self):
        path = os.environ["TEST_KEYRING_FILE"]
        return json.load(open(path)) if os.path.exists(path) else {}

    def get_password(self, service, username):
        return self._load().get(f"{service} {username}")

    def set_password(self, service, username, password):
        kept = self._load()
        kept[f"{service} {username}"] = password
        json.dump(kept, open(os.environ["TEST_KEYRING_FILE"], "w"))

    def delete_password(self, service, username):
        pass
'''


def test_the_password_comes_from_the_system_keyring(demo_db: Path, radicale: Radicale,
                                                    tmp_path: Path) -> None:
    (tmp_path / "file_keyring.py").write_text(FILE_KEYRING)
    ring = {"PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring", "PYTHONPATH": str(tmp_path),
            "TEST_KEYRING_FILE": str(tmp_path / "ring.json")}
    entry = f"{USER}@127.0.0.1:{radicale.port}"
    stored = subprocess.run([sys.executable, "-m", "keyring", "set", "presence-caldav", entry],
                            input=PASSWORD + "\n", capture_output=True, text=True, timeout=60,
                            env={**os.environ, **ring}, check=False)
    assert stored.returncode == 0, stored.stderr
    done = presence("sync", "caldav", radicale.calendar_url, "--user", USER, "--db", str(demo_db),
                    "--week", WEEK, password=None, **ring)
    assert done.returncode == 0, done.stderr
    assert f"{DEMO_ITEMS} added" in done.stdout


def test_remove_takes_out_only_what_this_planner_published(demo_db: Path, radicale: Radicale) -> None:
    put_foreign(radicale)
    assert sync(demo_db, radicale.calendar_url).returncode == 0
    removed = sync(demo_db, radicale.calendar_url, "--remove")
    assert removed.returncode == 0, removed.stderr
    assert f"Removed {DEMO_ITEMS} Presence events" in removed.stdout
    assert set(radicale.events()) == {"dentist-42@example.org"}
    with sqlite3.connect(demo_db) as conn:
        assert conn.execute("SELECT count(*) FROM caldav_published").fetchone()[0] == 0
    again = sync(demo_db, radicale.calendar_url)  # publishing again starts afresh
    assert f"{DEMO_ITEMS} added" in again.stdout, again.stderr
