"""`presence export` in every format, as a script or a cron job runs it: no display."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar


def presence(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["TZ"] = "Europe/Berlin"
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=env, timeout=60, check=False)


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    made = presence("demo", "--db", str(db_path), "--week", "2026-W48")
    assert made.returncode == 0, made.stderr
    return db_path


def test_ics_to_stdout_parses_and_keeps_repeating_slots(demo_db: Path) -> None:
    out = presence("export", "--db", str(demo_db), "--week", "2026-W48", "--format", "ics")
    assert out.returncode == 0, out.stderr
    cal = Calendar.from_ical(out.stdout)
    events = list(cal.walk("VEVENT"))
    summaries = [str(e["summary"]) for e in events]
    assert sum("Mastodon · reply" in s for s in summaries) == 1  # one event, five days a week
    assert sum(1 for e in events if "rrule" in e) == 1
    assert len(events) == 18 + 4  # every post (the skipped one cancelled) and every slot
    assert {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")} == {"Europe/Berlin"}


def test_ics_uids_are_stable_between_two_runs(demo_db: Path) -> None:
    runs = [presence("export", "--db", str(demo_db), "--week", "2026-W48", "--format", "ics")
            for _ in range(2)]
    uids = [{str(e["uid"]) for e in Calendar.from_ical(r.stdout).walk("VEVENT")} for r in runs]
    assert uids[0] == uids[1] and len(uids[0]) == 22


def test_hootsuite_into_a_folder_writes_one_file_per_profile(demo_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "handoff"
    folder.mkdir()
    out = presence("export", "--db", str(demo_db), "--week", "2026-W48", "--format",
                   "hootsuite", "-o", str(folder))
    assert out.returncode == 0, out.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == [  # scheduled posts only: the personal X account holds a draft
        "presence-2026-W48-hootsuite-instagram.csv",
        "presence-2026-W48-hootsuite-linkedin-ana-lopes.csv",
        "presence-2026-W48-hootsuite-mastodon.csv",
        "presence-2026-W48-hootsuite-x-slowroads.csv",
    ]
    rows = list(csv.reader(io.StringIO(
        (folder / "presence-2026-W48-hootsuite-x-slowroads.csv").read_text("utf-8"), newline="")))
    assert rows[0] == ["25/11/2026 09:16", "Lisbon on foot: seven walks.",
                       "https://www.slowroads.blog/lisbon-on-foot?utm_source=x"]
    assert all(len(r) == 3 for r in rows)
    assert f"{folder / names[3]}: 5 posts for x (slowroads)" in out.stderr
    assert f"{folder / names[0]}: 2 posts for instagram" in out.stderr


def test_buffer_for_one_profile_to_stdout(demo_db: Path) -> None:
    out = presence("export", "--db", str(demo_db), "--week", "2026-W48", "--format", "buffer",
                   "--platform", "linkedin")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout, newline="")))
    assert list(rows[0]) == ["Text", "Image URL", "Tags", "Posting Time"]
    assert [r["Posting Time"] for r in rows] == [  # the idea of the 26th stays home
        "2026-11-23 08:00", "2026-11-24 08:00", "2026-11-25 12:00"]


def test_a_scheduler_file_for_many_profiles_asks_for_a_folder(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "one.csv"
    out = presence("export", "--db", str(demo_db), "--week", "2026-W48", "--format", "buffer",
                   "-o", str(target))
    assert out.returncode == 2
    assert "give -o an existing folder" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert not target.exists()


def test_csv_with_bom_for_excel(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "week.csv"
    out = presence("export", "--db", str(demo_db), "--week", "2026-W48", "--bom", "-o", str(target))
    assert out.returncode == 0, out.stderr
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbftype,date,time,")
    again = presence("import", "--db", str(tmp_path / "other.db"), str(target))
    assert again.returncode == 0 and "Imported 26 items from" in again.stdout


def test_export_into_a_missing_folder_fails_in_one_line(demo_db: Path, tmp_path: Path) -> None:
    out = presence("export", "--db", str(demo_db), "--format", "ics", "-o",
                   str(tmp_path / "nowhere" / "week.ics"))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "does not exist" in out.stderr


def test_hand_off_leaves_drafts_home_and_says_so(demo_db: Path) -> None:
    out = presence("export", "--db", str(demo_db), "--week", "2026-W48", "--format", "buffer",
                   "--platform", "X", "--account", "slowroads")
    assert out.returncode == 0, out.stderr
    texts = [r["Text"] for r in csv.DictReader(io.StringIO(out.stdout, newline=""))]
    assert len(texts) == 5 and "The photo-walks course" not in out.stdout
    assert out.stderr == ""  # every post of this profile is scheduled
    mastodon = presence("export", "--db", str(demo_db), "--week", "2026-W48", "--format", "buffer",
                        "--platform", "mastodon")
    # The link-only draft of Thursday stays home, and the user is told.
    assert "blue-hour-guide" not in mastodon.stdout
    assert mastodon.stderr == ("presence: 1 draft or idea was not handed off "
                               "(--include-drafts adds them)\n")


def test_a_post_too_long_for_its_platform_is_left_out_and_named(demo_db: Path) -> None:
    args = ["export", "--db", str(demo_db), "--week", "2026-W48", "--format", "hootsuite",
            "--platform", "x", "--account", "ana-personal", "--include-drafts"]
    out = presence(*args)
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""  # the profile's only post is the 361-character draft
    assert out.stderr == (
        'presence: left out X (ana-personal) Fri 27 Nov 18:00 "The photo-walks course is open: '
        'eight l…": 361 characters as X counts them, over its limit of 280, so X would refuse it '
        "(shorten it, or give --force)\n")
    forced = presence(*args, "--force")
    assert forced.returncode == 0 and forced.stderr == ""
    [row] = list(csv.reader(io.StringIO(forced.stdout, newline="")))
    assert row[0] == "27/11/2026 18:00" and row[1].startswith("The photo-walks course is open")


def test_include_drafts_hands_off_drafts_and_ideas(demo_db: Path) -> None:
    out = presence("export", "--db", str(demo_db), "--week", "2026-W48", "--format", "buffer",
                   "--platform", "linkedin", "--include-drafts")
    times = [r["Posting Time"] for r in csv.DictReader(io.StringIO(out.stdout, newline=""))]
    assert times == ["2026-11-23 08:00", "2026-11-24 08:00", "2026-11-25 12:00", "2026-11-26 08:00"]


@pytest.mark.parametrize("fmt", ["hootsuite", "csv"])
def test_a_folder_that_does_not_exist_is_named_as_such(demo_db: Path, tmp_path: Path, fmt: str) -> None:
    missing = tmp_path / "handoff"
    out = presence("export", "--db", str(demo_db), "--week", "2026-W48", "--format", fmt,
                   "-o", f"{missing}/")
    assert out.returncode == 2
    assert out.stderr == (f"presence: -o {missing}/: that folder does not exist; create it "
                          "first, or give a file name\n")
    assert not missing.exists()
    bare = presence("export", "--db", str(demo_db), "--week", "2026-W48", "--format", "hootsuite",
                    "-o", str(missing))
    assert bare.returncode == 2 and f"the folder {missing} does not exist" in bare.stderr
    assert "FOLDER" not in bare.stderr and not missing.exists()


def test_csv_into_an_existing_folder_takes_the_week_s_name(demo_db: Path, tmp_path: Path) -> None:
    out = presence("export", "--db", str(demo_db), "--week", "2026-W48", "-o", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "presence-2026-W48.csv").read_text("utf-8").startswith("type,date,")
