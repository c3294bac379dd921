"""Files Presence must refuse, or only read: one clear line, and the file stays as it was.

Each case is run through the real command line (`lint`, `export`, `import`) and compared
byte for byte before and after, folder included: no -wal, -shm, lock or backup file may
appear beside a file we were given.
"""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from app.storage.repository import Repository
from app.storage.schema import SCHEMA_VERSION
from tests.reliability.support import can_honour_permissions, count_inputs, run_cli, snapshot

CSV = (
    "type,date,time,timezone,platform,account,kind,status,duration_min,repeat,text,link,tags,notes\r\n"
    "post,2026-11-24,09:00,Europe/Berlin,x,,own,,,,A new plan,,,\r\n"
)


def _presence(path: Path) -> None:
    with Repository.open(path) as repo:
        repo.set_setting("zone", "Europe/Berlin")


def zero_bytes(folder: Path) -> Path:
    path = folder / "presence.db"
    path.write_bytes(b"")
    return path


def random_bytes(folder: Path) -> Path:
    path = folder / "presence.db"
    path.write_bytes(random.Random(6).randbytes(16384))
    return path


def random_after_sqlite_header(folder: Path) -> Path:
    path = folder / "presence.db"
    path.write_bytes(b"SQLite format 3\x00" + random.Random(7).randbytes(16384))
    return path


def other_program(folder: Path) -> Path:
    path = folder / "presence.db"
    db = sqlite_utils.Database(path)
    db["recipes"].insert_all(
        [{"id": n, "name": f"soup {n}", "minutes": 10 + n} for n in range(40)], pk="id"
    )
    db.close()
    return path


def other_program_in_wal(folder: Path) -> Path:
    path = other_program(folder)
    db = sqlite_utils.Database(path)
    db.enable_wal()
    db.close()
    return path


def newer_presence(folder: Path) -> Path:
    path = folder / "presence.db"
    _presence(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    return path


def truncated_presence(folder: Path) -> Path:
    path = folder / "presence.db"
    _presence(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def missing_folder(folder: Path) -> Path:
    return folder / "no such folder" / "presence.db"


REFUSED: dict[str, tuple[Callable[[Path], Path], str]] = {
    "zero-byte file": (zero_bytes, "is an empty file, not a Presence database"),
    "random bytes": (random_bytes, r"is not a Presence database \(not an SQLite file\)"),
    "garbage after an SQLite header": (random_after_sqlite_header, "is corrupt"),
    "another program's database": (other_program, "an SQLite database of another program"),
    "another program's WAL database": (other_program_in_wal, "an SQLite database of another program"),
    "newer Presence": (newer_presence, "was written by a newer Presence"),
    "truncated Presence": (truncated_presence, "is corrupt"),
    "missing folder": (missing_folder, "(does not exist|no such database file)"),
}
COMMANDS = {
    "lint": ["lint", "--week", "2026-W48"],
    "export": ["export", "--week", "2026-W48"],
    "import": ["import", "{csv}"],
}


def _args(command: str, db: Path, csv: Path) -> list[str]:
    return [a.replace("{csv}", str(csv)) for a in COMMANDS[command]] + ["--db", str(db)]


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_in_one_line_and_left_untouched(case: str, command: str, tmp_path: Path) -> None:
    make, reason = REFUSED[case]
    folder = tmp_path / "data"
    folder.mkdir()
    db = make(folder)
    csv = tmp_path / "week.csv"
    csv.write_text(CSV, encoding="utf-8")
    before = snapshot(folder)
    result = run_cli(*_args(command, db, csv))
    count_inputs()
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"presence: {db}: ") and re.search(reason, lines[0])
    assert result.stdout == ""
    assert snapshot(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(before)


@pytest.fixture
def obeys_modes() -> None:
    reason = can_honour_permissions()
    if reason:
        pytest.skip(reason)


def _read_only_file(folder: Path) -> Path:
    db = folder / "presence.db"
    _presence(db)
    db.chmod(0o444)
    return db


def _read_only_folder(folder: Path) -> Path:
    db = folder / "presence.db"
    _presence(db)
    folder.chmod(0o555)
    return db


@pytest.mark.usefixtures("obeys_modes")
@pytest.mark.parametrize(("make", "reason"), [
    (_read_only_file, "is read-only; Presence needs to write to it"),
    (_read_only_folder, "is read-only; Presence needs to write beside the file"),
], ids=["read-only file", "read-only folder"])
def test_read_only_places_are_read_but_never_written(
    make: Callable[[Path], Path], reason: str, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    db = make(folder)
    csv = tmp_path / "week.csv"
    csv.write_text(CSV, encoding="utf-8")
    before = snapshot(folder)
    try:
        imported = run_cli(*_args("import", db, csv), obey_modes=True)
        assert imported.returncode == 2, imported.stderr
        lines = imported.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"presence: {db}: ") and reason in lines[0]
        # Reading is still fine: the week exports and lints without leaving files behind.
        exported = run_cli(*_args("export", db, csv), obey_modes=True)
        assert exported.returncode == 0, exported.stderr
        assert exported.stdout.startswith("type,date,time,timezone")
        linted = run_cli(*_args("lint", db, csv), obey_modes=True)
        assert linted.returncode in (0, 1), linted.stderr
        assert snapshot(folder) == before
        count_inputs(3)
    finally:
        folder.chmod(0o755)


def test_reading_a_healthy_file_leaves_no_files_behind(tmp_path: Path) -> None:
    db = tmp_path / "presence.db"
    _presence(db)
    before = snapshot(tmp_path)
    for command in ("lint", "export"):
        result = run_cli(*_args(command, db, tmp_path / "unused.csv"))
        assert result.returncode in (0, 1), result.stderr
    assert snapshot(tmp_path) == before


DAMAGE = {
    "unknown post kind": "UPDATE items SET kind = 'spam' WHERE type = 'post'",
    "unknown slot activity": "UPDATE items SET kind = 'nap' WHERE type = 'slot'",
    "unknown zone": "UPDATE items SET tz = 'Mars/Phobos' WHERE id = (SELECT min(id) FROM items)",
    "zone setting not JSON": "INSERT OR REPLACE INTO settings (key, value) VALUES ('zone', '{bad')",
    "rules setting not JSON": "INSERT OR REPLACE INTO settings (key, value) VALUES ('rules', '[1,')",
}


@pytest.mark.parametrize("command", [
    ["lint", "--week", "2026-W48"],
    ["export", "--week", "2026-W48"],
    ["export", "--week", "2026-W48", "--format", "ics"],
], ids=["lint", "export-csv", "export-ics"])
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_row_or_setting_is_named_in_one_line(
    damage: str, command: list[str], tmp_path: Path
) -> None:
    from app.domain.weeks import Week
    from app.domain.zones import get_zone
    from app.services.demo import fill_demo

    db = tmp_path / "presence.db"
    with Repository.open(db) as repo:
        fill_demo(repo, Week.parse("2026-W48", get_zone("Europe/Berlin")))
        repo.set_setting("rules", {})
    conn = sqlite3.connect(db)
    conn.execute(DAMAGE[damage])
    conn.commit()
    conn.close()
    before = snapshot(tmp_path)
    result = run_cli(*command, "--db", str(db))
    count_inputs()
    if damage == "rules setting not JSON" and command[0] == "export":
        assert result.returncode == 0, result.stderr  # export does not read the rules
        return
    assert result.returncode == 2, result.stdout[-300:] + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("presence: ") and "damaged" in lines[0], lines
    assert snapshot(tmp_path) == before


@pytest.mark.slow
def test_a_file_locked_by_another_program_is_busy_not_corrupt(tmp_path: Path) -> None:
    db = tmp_path / "presence.db"
    _presence(db)
    holder = sqlite3.connect(db, isolation_level=None)  # say, the sqlite3 shell mid-transaction
    try:
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("INSERT INTO settings (key, value) VALUES ('note', '1')")
        result = run_cli("lint", "--week", "2026-W48", "--db", str(db))  # waits 5 s, then gives up
        count_inputs()
    finally:
        holder.close()
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"presence: {db}: is locked by another program (a restore, a copy?); try again in a moment"]
