"""`presence import` of a scheduler user's spreadsheet, as issue 12 found it refused: "X",
"twitter", an empty time zone and "weekly"; and the words the command line answers with."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from app.exchange.csv_format import HEADER
from app.storage.repository import Repository
from tests.e2e.support import presence

SPREADSHEET = (
    HEADER + "\n"
    "post,2026-11-24,09:30,,X,slowroads,Promo,Scheduled,,,Course opens,https://a.example/c,,\n"
    "post,2026-11-24,12:00,,twitter,slowroads,own,draft,,,Seven walks,,,\n"
    "Slot,2026-11-25,08:30,,Bluesky,,Reply,,20,weekly,,,,\n"
    "slot,2026-11-23,17:00,,li,,comment,,15,weekdays,,,,\n"
)


def test_a_scheduler_users_spreadsheet_is_read_as_meant(tmp_path: Path, db_path: Path) -> None:
    with Repository.open(db_path) as repo:
        repo.set_setting("zone", "America/New_York")  # the default zone of the settings
    source = tmp_path / "from-a-spreadsheet.csv"
    source.write_text(SPREADSHEET, encoding="utf-8")
    result = presence("import", "--db", str(db_path), str(source))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Imported 4 items from {source}.\n"
    out = presence("export", "--db", str(db_path), "--week", "2026-W48")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    first = rows[0]
    assert (first["platform"], first["timezone"], first["kind"], first["status"]) == (
        "linkedin", "America/New_York", "comment", "")
    posts = [r for r in rows if r["type"] == "post"]
    assert [(r["platform"], r["kind"], r["status"]) for r in posts] == [
        ("x", "promo", "scheduled"), ("x", "own", "draft")]
    bluesky = [r for r in rows if r["platform"] == "bluesky"]
    assert [r["date"] for r in bluesky] == ["2026-11-25"]  # weekly on its own Wednesday
    assert sum(r["platform"] == "linkedin" for r in rows) == 5  # Monday to Friday
    with Repository.open(db_path, readonly=True) as repo:
        assert [(a.platform, a.handle, a.use.value) for a in repo.accounts()] == [
            ("x", "slowroads", "business")]  # named in the file, created as business


def test_the_export_imports_back_into_the_same_week(tmp_path: Path, db_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(SPREADSHEET.replace(",,X,", ",Europe/Berlin,X,"), encoding="utf-8")
    assert presence("import", "--db", str(db_path), str(source)).returncode == 0
    exported = tmp_path / "out.csv"
    assert presence("export", "--db", str(db_path), "--week", "2026-W48", "-o", str(exported)).returncode == 0
    other = tmp_path / "other.db"
    assert presence("import", "--db", str(other), str(exported)).returncode == 0
    again = presence("export", "--db", str(other), "--week", "2026-W48")
    assert again.stdout == exported.read_text("utf-8")


def test_still_all_or_nothing_and_every_refused_row_named(tmp_path: Path, db_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(
        HEADER + "\n"
        "post,2026-11-24,09:30,,X,,promo,,,,fine,,,\n"
        "post,2026-11-24,09:30,,myspace,,promo,,,,hi,,,\n"
        "slot,2026-11-24,10:00,,x,,reply,,15,fortnightly,,,,\n",
        encoding="utf-8")
    result = presence("import", "--db", str(db_path), str(source))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{source}: line 3, platform: unknown platform 'myspace'")
    assert lines[1].startswith(f"{source}: line 4, repeat: 'fortnightly' is neither a repeat word")
    assert lines[2] == f"presence: nothing imported: 2 problems in {source}"
    assert not db_path.exists()  # a refused file leaves no new database behind


def test_a_missing_database_is_not_answered_with_the_demo(tmp_path: Path) -> None:
    missing = tmp_path / "mine.db"
    result = presence("lint", "--db", str(missing))
    assert result.returncode == 2
    assert result.stderr == (
        f"presence: {missing}: no such database file; `presence import FILE.csv --db {missing}` "
        f"starts it with your own plan, or open the window (`presence --db {missing}`) to plan "
        "from scratch\n")
    assert "demo" not in result.stderr and not missing.exists()
