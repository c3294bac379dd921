"""Issue 18, points 18 and 19, and the sweep: every command on every hostile database,
path and environment ends in one line on stderr and exit 2, never a Python traceback.
"""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.storage.repository import Repository
from tests.reliability.support import (
    GOOD_ROW,
    HEADER,
    ROOT,
    child_env,
    count_inputs,
    demo_db,
    run_cli,
    snapshot,
)


def _edit(sql: str) -> Callable[[Path], Path]:
    """A demo database with one hand edit, as another program or a text editor would make."""
    def make(folder: Path) -> Path:
        db = demo_db(folder / "presence.db")
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.executescript(sql)
        conn.commit()
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
        return db
    return make


FIRST_POST = "(SELECT min(id) FROM items WHERE type = 'post')"
FIRST_SLOT = "(SELECT min(id) FROM items WHERE type = 'slot')"

# 18: rows no Presence writes. Each must be one line naming what is wrong, never a traceback.
HOSTILE_ROWS: dict[str, Callable[[Path], Path]] = {
    "blob text": _edit(f"UPDATE items SET text = x'00ff10' WHERE id = {FIRST_POST}"),
    "blob link": _edit(f"UPDATE items SET link = x'00ff10' WHERE id = {FIRST_POST}"),
    "text duration": _edit(f"UPDATE items SET duration_min = 'half an hour' WHERE id = {FIRST_SLOT}"),
    "null duration": _edit(f"UPDATE items SET duration_min = NULL WHERE id = {FIRST_SLOT}"),
    "huge duration": _edit(f"UPDATE items SET duration_min = 9223372036854775807 WHERE id = {FIRST_SLOT}"),
    "garbage rule": _edit(f"UPDATE items SET rrule = 'every blue moon' WHERE id = {FIRST_SLOT}"),
    "crlf rule": _edit(f"UPDATE items SET rrule = 'FREQ=DAILY\r\nFREQ=WEEKLY' WHERE id = {FIRST_SLOT}"),
    "sub-daily rule": _edit(f"UPDATE items SET rrule = 'FREQ=DAILY;BYHOUR=1,2,3' WHERE id = {FIRST_SLOT}"),
    "bad counting": _edit("UPDATE platforms SET counting = 'runes' WHERE id = 'x'"),
    "bad limit": _edit("UPDATE platforms SET text_limit = 'lots' WHERE id = 'x'"),
    "bad account use": _edit("INSERT INTO accounts (platform, handle, use) VALUES ('x', 'me', 'secret')"),
    "bad goal metric": _edit("INSERT INTO goals (week, platform, subject, metric, target) "
                             "VALUES ('2026-W48', 'x', 'own', 'roughly', 3)"),
    "no settings table": _edit("DROP TABLE settings"),
    "no platforms table": _edit("DROP TABLE platforms"),
    "no goals table": _edit("DROP TABLE goals"),
}


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "presence.db")
    return folder / "presence.db"


def _loop(folder: Path) -> Path:
    (folder / "presence.db").symlink_to(folder / "other.db")
    (folder / "other.db").symlink_to(folder / "presence.db")
    return folder / "presence.db"


def _dangling(folder: Path) -> Path:
    (folder / "presence.db").symlink_to(folder / "gone.db")
    return folder / "presence.db"


def _folder(folder: Path) -> Path:
    (folder / "presence.db").mkdir()
    return folder / "presence.db"


def _damaged(folder: Path) -> Path:
    db = demo_db(folder / "presence.db")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = DELETE")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'items'").fetchone()[0]
    conn.close()
    with open(db, "r+b") as fh:
        fh.seek((root - 1) * page + 8)
        fh.write(b"\xff" * 64)
    return db


HOSTILE_FILES: dict[str, Callable[[Path], Path]] = {
    "fifo": _fifo, "symlink loop": _loop, "dangling symlink": _dangling, "folder": _folder,
    "damaged page": _damaged,
    "trigger": _edit("CREATE TRIGGER t AFTER INSERT ON items BEGIN DELETE FROM items; END"),
    "view": _edit("CREATE VIEW v AS SELECT 1"),
    "foreign table": _edit("CREATE TABLE stash (x)"),
}


def commands(folder: Path) -> list[list[str]]:
    csv_file = folder / "in.csv"
    csv_file.write_text(HEADER + GOOD_ROW)
    return [
        ["import", str(csv_file)], ["demo"], ["lint"], ["export"], ["export", "--format", "ics"],
        ["export", "--format", "buffer", "-o", f"{folder}/out/"], ["checklist", "-o", str(folder / "c.html")],
        ["list"], ["list", "--backlog"], ["review"], ["fill", "--dry-run"], ["fill"], ["config"],
        ["config", "zone", "UTC"], ["fix", "nokey"], ["ignore", "nokey"], ["unignore", "nokey"],
        ["mark", "1", "--done"], ["account", "list"], ["account", "add", "x", "ana"], ["goal", "list"],
        ["restore", "2026-01-01"], ["sync", "caldav", "http://127.0.0.1:9/cal/", "--timeout", "1"],
    ]


WEEKLESS = {"import", "restore", "config", "mark", "account"}


def _run_all(db: Path, folder: Path) -> list[tuple[list[str], subprocess.CompletedProcess[str]]]:
    (folder / "out").mkdir(exist_ok=True)
    out = []
    for command in commands(folder):
        week = [] if command[0] in WEEKLESS else ["--week", "2026-W48"]
        out.append((command, run_cli(*command, "--db", str(db), *week, timeout=60)))
        count_inputs()
    return out


@pytest.mark.slow
@pytest.mark.parametrize("what", list(HOSTILE_FILES))
def test_every_command_on_a_hostile_file_is_one_line_and_exit_2(what: str, tmp_path: Path) -> None:
    db = HOSTILE_FILES[what](tmp_path)
    before = snapshot(tmp_path)
    for command, result in _run_all(db, tmp_path):
        assert "Traceback" not in result.stderr, (command, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 2 and len(lines) == 1, (command, result.returncode, result.stderr)
        assert lines[0].startswith("presence: "), (command, lines)
    assert snapshot(tmp_path) == {**before, "in.csv": snapshot(tmp_path)["in.csv"]}
    assert os.path.lexists(db)


READS_ITEMS = {"lint", "export", "list", "review", "checklist", "fill"}


@pytest.mark.slow
@pytest.mark.parametrize("what", list(HOSTILE_ROWS))
def test_18_every_command_on_a_hand_edited_row_is_one_line_never_a_traceback(
    what: str, tmp_path: Path
) -> None:
    db = HOSTILE_ROWS[what](tmp_path)
    for command, result in _run_all(db, tmp_path):
        assert "Traceback" not in result.stderr, (command, result.stderr)
        lines = result.stderr.strip().splitlines()
        if result.returncode == 2:
            assert len(lines) == 1 and lines[0].startswith("presence: "), (command, result.stderr)
        else:
            assert result.returncode in (0, 1), (command, result.returncode, result.stderr)
    # Opening refuses a file whose schema is not Presence's, and every read of the bad row
    # names it: the week's listing cannot pass over it silently.
    result = run_cli("list", "--db", str(db), "--week", "2026-W48")
    assert result.returncode == 2, (what, result.stdout[:300])
    assert str(db) in result.stderr


def test_18_a_hand_edited_row_is_named_by_table_and_id(tmp_path: Path) -> None:
    db = HOSTILE_ROWS["text duration"](tmp_path)
    result = run_cli("lint", "--db", str(db), "--week", "2026-W48")
    count_inputs()
    assert result.returncode == 2
    line = result.stderr.strip()
    assert "item" in line and "damaged" in line, line


# -- 19. a full disk or a file size limit says so --------------------------------------------

def _limited(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=child_env(),
                          capture_output=True, text=True, timeout=120, preexec_fn=apply)


@pytest.mark.parametrize("limit", [4096, 40_000, 120_000])
def test_19_demo_under_a_file_size_limit_says_the_disk_is_full_and_leaves_no_half_week(
    limit: int, tmp_path: Path
) -> None:
    db = tmp_path / "presence.db"
    result = _limited(limit, "demo", "--db", str(db), "--week", "2026-W48")
    count_inputs()
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        return  # it fitted
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert "full" in lines[0] or "size limit" in lines[0], lines[0]
    if db.exists():
        with Repository.open(db, readonly=True) as repo:
            assert repo.count() == 0 or repo.goals("2026-W48"), "half a demo week"


def test_19_an_import_under_a_file_size_limit_says_so_and_writes_nothing(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "presence.db")
    rows = "".join(f"post,2026-12-{1 + n % 28:02d},09:{n % 60:02d},Europe/Berlin,x,,own,,,,"
                   f"{'x' * 200} {n},,,\r\n" for n in range(3000))
    f = tmp_path / "big.csv"
    f.write_text(HEADER + rows)
    before = Repository.open(db, readonly=True)
    count = before.count()
    before.close()
    result = _limited(db.stat().st_size + 60_000, "import", str(f), "--db", str(db))
    count_inputs()
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert "full" in lines[0] or "size limit" in lines[0], lines[0]
    assert "rollback" not in lines[0]
    with Repository.open(db, readonly=True) as repo:
        assert repo.count() == count


def test_19_an_existing_file_whose_shared_memory_cannot_grow_is_not_called_corrupt(tmp_path: Path) -> None:
    """A 16 KB file size limit: SQLite cannot make its 32 KB -shm; once this was "corrupt"."""
    db = tmp_path / "presence.db"
    Repository.open(db).close()
    result = _limited(16 * 1024, "demo", "--db", str(db), "--week", "2026-W48")
    count_inputs()
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert "full" in lines[0] and "corrupt" not in lines[0], lines[0]
    with Repository.open(db, readonly=True) as repo:
        assert repo.count() == 0 and repo.goals("2026-W48") == []


@pytest.mark.slow
def test_19_an_import_under_a_memory_limit_says_so_and_leaves_nothing(tmp_path: Path) -> None:
    """`ulimit -v` 300 MB and a 77 MB file: one line saying memory ran out, no new file."""
    f = tmp_path / "huge.csv"
    with f.open("w") as out:
        out.write(HEADER)
        for n in range(300_000):
            out.write(f"post,2026-11-24,09:00,Europe/Berlin,x,,own,,,,{'word ' * 40}{n},,,\r\n")
    db = tmp_path / "presence.db"

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (300 * 1024 * 1024, 300 * 1024 * 1024))
    result = subprocess.run([sys.executable, "-m", "app", "import", str(f), "--db", str(db)], cwd=ROOT,
                            env=child_env(), capture_output=True, text=True, timeout=300, preexec_fn=apply)
    count_inputs()
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr[-2000:]
    assert "out of memory" in lines[0], lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["huge.csv"]
