"""`presence mark` and `presence review` as a script runs them: real processes, a real file."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from app.domain.items import Activity, Goal, GoalMetric, Post, PostKind, Slot
from app.storage.repository import Repository
from tests.conftest import BERLIN
from tests.e2e.support import presence

WEEK = "2026-W48"


@pytest.fixture
def planned(db_path: Path) -> Path:
    with Repository.open(db_path) as repo:
        repo.set_setting("zone", "Europe/Berlin")
        repo.add(Post("x", datetime(2026, 11, 24, 9, tzinfo=BERLIN), PostKind.CURATED, text="Essay",
                      link="https://example.com/essay"))  # id 1
        repo.add(Post("bluesky", datetime(2026, 11, 25, 12, tzinfo=BERLIN), PostKind.PROMO,
                      text="Course"))  # id 2
        repo.add(Slot("linkedin", datetime(2026, 11, 23, 13, tzinfo=BERLIN), 15, Activity.COMMENT,
                      rrule="FREQ=DAILY;COUNT=5"))  # id 3
        repo.add(Post("x", datetime(2026, 11, 26, 9, tzinfo=BERLIN), PostKind.OWN, text="Walks"))  # id 4
        repo.save_goal(Goal(WEEK, "linkedin", 2, "comment", GoalMetric.AT_LEAST))
    return db_path


def state(db: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return [*conn.execute("SELECT id, status FROM items ORDER BY id"),
                *conn.execute("SELECT * FROM post_marks ORDER BY item_id"),
                *conn.execute("SELECT * FROM slot_done ORDER BY item_id, occurrence_utc")]
    finally:
        conn.close()


def test_marks_from_a_script_then_the_review_in_json_and_in_words(planned: Path) -> None:
    db = str(planned)
    out = presence("mark", "1", "--posted", "--at", "09:04", "--url", "https://x.com/ana/status/1",
                   "--db", db)
    assert out.returncode == 0, out.stderr
    assert out.stdout == ("Marked curated post 1 on x posted at Tue 24 Nov 09:04 "
                          "(https://x.com/ana/status/1).\n")
    assert presence("mark", "2", "--skipped", "--reason", "Too much promotion", "--db", db).returncode == 0
    done = presence("--db", db, "mark", "3", "--done", "--at", "2026-11-24")
    assert done.stdout == "Marked comment slot 3 done on Tue 24 Nov 13:00.\n"
    assert presence("mark", "3", "--done", "--at", "2026-11-25T13:00", "--db", db).returncode == 0

    with Repository.open(planned, readonly=True) as repo:
        marks = repo.post_marks([1, 2])
    assert marks[1].at == datetime(2026, 11, 24, 9, 4, tzinfo=BERLIN)
    assert marks[1].url == "https://x.com/ana/status/1"
    assert marks[2].reason == "Too much promotion"

    review = presence("review", "--week", WEEK, "--json", "--db", db)
    assert review.returncode == 0, review.stderr
    assert json.loads(review.stdout) == {
        "week": WEEK,
        "platforms": {
            "x": {"planned": 2, "posted": 1, "skipped": 0, "missed": 1,
                  "engagement_min_planned": 0, "engagement_min_done": 0},
            "bluesky": {"planned": 1, "posted": 0, "skipped": 1, "missed": 0,
                        "engagement_min_planned": 0, "engagement_min_done": 0},
            "linkedin": {"planned": 0, "posted": 0, "skipped": 0, "missed": 0,
                         "engagement_min_planned": 75, "engagement_min_done": 30},
        },
        "goals": [{"text": "LinkedIn: at least 2 comment slots", "target": 2, "actual": 2, "met": True}],
    }
    words = presence("review", "--week", WEEK, "--db", db)
    assert words.returncode == 0
    lines = words.stdout.splitlines()
    assert lines[0] == "Week 2026-W48 (Mon 23 Nov – Sun 29 Nov 2026)"
    assert lines[1] == ("3 posts planned: 1 posted, 1 skipped, 1 missed, 0 still to come; "
                        "engagement 30 of 75 minutes done")
    assert "Goals: 1 of 1 met" in lines
    assert "Last 12 weeks (shares of the posts that went out)" in lines
    trend = lines[lines.index("Last 12 weeks (shares of the posts that went out)") + 2:]
    assert [t.split()[0] for t in trend] == [f"2026-W{n}" for n in range(37, 49)]
    assert trend[-1].split() == ["2026-W48", "1", "/", "3", "0%", "100%", "30", "/", "75", "1", "/", "1"]


@pytest.mark.parametrize(("args", "message"), [
    (["1"], "say what happened with exactly one of --posted, --skipped or --done"),
    (["1", "--posted", "--skipped"], "say what happened with exactly one of --posted, --skipped or --done"),
    (["one", "--posted"], "ID: 'one' is not an item id"),
    (["99", "--posted"], "ID: there is no post or slot 99"),
    (["3", "--posted"], "ID: 3 is an engagement slot; mark it --done"),
    (["1", "--done"], "ID: 1 is a post; mark it --posted or --skipped"),
    (["1", "--posted", "--url", "x.com/status/1"], "--url: 'x.com/status/1' is not a web address"),
    (["1", "--skipped", "--url", "https://x.com/1"], "--url: only a posted post has an address"),
    (["1", "--posted", "--reason", "late"], "--reason: only a skipped post has a reason"),
    (["1", "--posted", "--at", "9h"], "--at: '9h' is not a time like"),
    (["1", "--posted", "--at", "2099-01-01T09:00"], "--at: 2099-01-01 09:00 is still to come"),
    (["3", "--done", "--at", "2026-12-24"], "--at: slot 3 has no occurrence at 2026-12-24"),
])
def test_bad_input_is_one_line_exit_2_and_changes_nothing(planned: Path, args: list[str],
                                                          message: str) -> None:
    before = state(planned)
    out = presence("mark", *args, "--db", str(planned))
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("presence: ")
    assert message in out.stderr
    assert state(planned) == before


def test_review_of_an_empty_week_says_so(planned: Path) -> None:
    out = presence("review", "--week", "2026-W20", "--db", str(planned))
    assert out.returncode == 0
    assert "Nothing was planned this week." in out.stdout
    data = json.loads(presence("review", "--week", "2026-W20", "--json", "--db", str(planned)).stdout)
    assert data == {"week": "2026-W20", "platforms": {}, "goals": []}
