"""Issue 18, files and paths: races, tampered databases, odd paths, permissions.

Each test is one reproduction of the attack run, through the real command line where the
user would meet it. Numbers in the names are the issue's points.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.weeks import Week
from app.domain.zones import get_zone
from app.storage.database import uri
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

BAD_ROW = "post,2026-11-24,25:00,Europe/Berlin,x,,own,,,,Broken,,,\r\n"


def item_count(path: Path) -> int:
    conn = sqlite3.connect(uri(path, "ro"), uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM items").fetchone()[0])
    finally:
        conn.close()


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of a refused command (exit 2, no traceback)."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- 1. a refused import deletes only what it created --------------------------------------

def test_01_a_refused_import_never_deletes_a_database_another_process_created(tmp_path: Path) -> None:
    """A refused import of a new path removes its own file, never one filled meanwhile."""
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + BAD_ROW * 2000)  # slow enough to parse that the other run fits in
    db = tmp_path / "new.db"
    proc = subprocess.Popen([sys.executable, "-m", "app", "import", str(bad), "--db", str(db)],
                            cwd=ROOT, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Meanwhile another program creates and fills the same path.
    while proc.poll() is None and not db.exists():
        pass
    if db.exists():
        good = tmp_path / "good.csv"
        good.write_text(HEADER + GOOD_ROW)
        run_cli("import", str(good), "--db", str(db))
    proc.communicate(timeout=120)
    count_inputs()
    assert proc.returncode == 2
    if db.exists() or Path(f"{db}-wal").exists():
        assert item_count(db) == 1, "the other run's item is lost"
    # And a refused import alone leaves nothing behind.
    lonely = tmp_path / "lonely.db"
    result = run_cli("import", str(bad), "--db", str(lonely))
    assert result.returncode == 2
    assert not any(p.name.startswith("lonely.db") for p in tmp_path.iterdir())


def test_01_a_new_database_appears_whole_or_not_at_all(tmp_path: Path) -> None:
    """The import builds a new file aside and links it in: while it runs, the path holds
    nothing, so another program can never fill a file that is then deleted."""
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + BAD_ROW * 3000)
    db = tmp_path / "new.db"
    proc = subprocess.Popen([sys.executable, "-m", "app", "import", str(bad), "--db", str(db)],
                            cwd=ROOT, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = False
    while proc.poll() is None:
        seen = seen or db.exists()
    proc.communicate()
    count_inputs()
    assert not seen and not db.exists()


# -- 2. two imports of the same file at once plan it once -----------------------------------

def _blocked(pid: int, db: Path) -> bool:
    """The child has the database open and sleeps (in SQLite's busy handler, waiting for
    the write lock we hold), read twice so a passing sleep does not count."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
        opened = any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(db) for fd in fds)
        states = [Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] for _ in range(2)]
    except OSError:
        return False
    return opened and states == ["S", "S"]


def test_02_two_imports_of_one_file_at_the_same_moment_plan_it_once(tmp_path: Path) -> None:
    """Both imports start while another program holds the write lock, so they reach the
    duplicate check together; the check must be inside the write transaction."""
    db = demo_db(tmp_path / "presence.db")
    before = item_count(db)
    rows = "".join(f"post,2026-11-{10 + n % 10:02d},{9 + n % 8:02d}:{n % 60:02d},Europe/Berlin,x,,own,,,,"
                   f"Post {n},,,\r\n" for n in range(300))
    csv_file = tmp_path / "plan.csv"
    csv_file.write_text(HEADER + rows)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    procs = [subprocess.Popen([sys.executable, "-m", "app", "import", str(csv_file), "--db", str(db)],
                              cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    while not all(_blocked(p.pid, db) or p.poll() is not None for p in procs):
        pass
    holder.execute("COMMIT")
    holder.close()
    outs = [p.communicate(timeout=120) for p in procs]
    count_inputs(2)
    assert [p.returncode for p in procs] == [0, 0], outs
    assert item_count(db) == before + 300, "planned twice"
    said = sorted(out[0].decode().split(" from ")[0] for out in outs)
    assert said == ["Imported 300 items", "Nothing new to import"], said


# -- 3. the path given is the file opened ---------------------------------------------------

@pytest.mark.parametrize("name", ["My%20plans.db", "a%3fb.db", "100%.db", "x%2e%2e.db"])
def test_03_percent_in_the_path_is_not_decoded(name: str, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD_ROW)
    decoded = tmp_path / name.replace("%20", " ").replace("%3f", "?").replace("%2e", ".")
    if decoded.name != name:
        demo_db(decoded)
        conn = sqlite3.connect(decoded)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
    before = snapshot(tmp_path)
    result = run_cli("import", str(good), "--db", str(tmp_path / name))
    count_inputs()
    assert result.returncode == 0, result.stderr
    assert item_count(tmp_path / name) == 1
    after = snapshot(tmp_path)
    if decoded.name != name:
        assert after[decoded.name] == before[decoded.name], "the look-alike file was touched"
        assert not Path(f"{decoded}-wal").exists()


# -- 7. a damaged page: never written, never a traceback ------------------------------------

def _damage_a_page(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = DELETE")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'items'").fetchone()[0]
    conn.close()
    with open(db, "r+b") as fh:
        fh.seek((root - 1) * page + 8)
        fh.write(b"\xff" * 64)


@pytest.mark.parametrize("command", [["import", "CSV"], ["demo"], ["lint"], ["export"],
                                     ["export", "--format", "ics"], ["list"]])
def test_07_a_database_with_a_damaged_page_is_refused_untouched(command: list[str], tmp_path: Path) -> None:
    db = demo_db(tmp_path / "presence.db")
    with Repository.open(db) as repo:  # many rows, so the table spans pages
        from app.domain.items import Post, PostKind
        monday = Week.parse("2026-W49", get_zone("UTC")).start
        repo.add_many([Post("x", monday, PostKind.OWN, text=f"p{n}") for n in range(400)])
    _damage_a_page(db)
    good = tmp_path / "in.csv"
    good.write_text(HEADER + GOOD_ROW)
    before = snapshot(tmp_path)
    args = [str(good) if a == "CSV" else a for a in command]
    result = run_cli(*args, "--db", str(db), "--week", "2026-W48") if command[0] != "import" else \
        run_cli(*args, "--db", str(db))
    count_inputs()
    line = one_line(result)
    assert str(db) in line
    assert snapshot(tmp_path) == before


# -- 8. a -wal of another file is not merged ------------------------------------------------

def test_08_a_stale_wal_from_another_database_is_refused(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "presence.db")
    with Repository.open(db) as repo:  # a bigger file than the one the -wal comes from
        from app.domain.items import Post, PostKind
        monday = Week.parse("2026-W49", get_zone("UTC")).start
        repo.add_many([Post("x", monday, PostKind.OWN, text=f"p{n}") for n in range(3000)])
    (tmp_path / "other").mkdir()
    other = demo_db(tmp_path / "other" / "presence.db")
    # Make a -wal full of the other file's pages, then leave it beside ours.
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("DELETE FROM items WHERE id % 2 = 0")
    conn.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    wal = Path(f"{other}-wal").read_bytes()
    conn.close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    Path(f"{db}-wal").write_bytes(wal)
    count = item_count_immutable(db)
    before = snapshot(tmp_path)
    result = run_cli("lint", "--db", str(db), "--week", "2026-W48")
    count_inputs()
    line = one_line(result)
    assert "-wal" in line
    assert snapshot(tmp_path) == before
    assert item_count_immutable(db) == count


def item_count_immutable(path: Path) -> int:
    conn = sqlite3.connect(uri(path, "ro") + "&immutable=1", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM items").fetchone()[0])
    finally:
        conn.close()


# -- 9. -o naming the database --------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "ics"])
def test_09_export_onto_the_database_itself_is_refused(fmt: str, tmp_path: Path) -> None:
    db = demo_db(tmp_path / "presence.db")
    link = tmp_path / "alias.db"
    link.symlink_to(db)
    for target in (db, link):
        before = db.read_bytes()
        result = run_cli("export", "--db", str(db), "--week", "2026-W48", "--format", fmt, "-o", str(target))
        count_inputs()
        assert "database" in one_line(result)
        assert db.read_bytes() == before
    assert item_count(db) > 0


# -- 10. symlinks: never deleted, restored through -------------------------------------------

def test_10_a_dangling_symlink_as_db_is_refused_and_kept(tmp_path: Path) -> None:
    link = tmp_path / "presence.db"
    link.symlink_to(tmp_path / "nowhere" / "real.db")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + BAD_ROW)
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD_ROW)
    for csv_file in (bad, good):
        result = run_cli("import", str(csv_file), "--db", str(link))
        count_inputs()
        one_line(result)
        assert link.is_symlink()


def test_10_restore_through_a_symlink_restores_the_real_file(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    real = demo_db(tmp_path / "data" / "presence.db")
    link = tmp_path / "presence.db"
    link.symlink_to(real)
    copy = tmp_path / "copy.db"
    conn = sqlite3.connect(real)
    dest = sqlite3.connect(copy)
    conn.backup(dest)
    dest.close()
    conn.execute("DELETE FROM items")
    conn.commit()
    conn.close()
    result = run_cli("restore", "--db", str(link), str(copy))
    count_inputs()
    assert result.returncode == 0, result.stderr
    assert link.is_symlink(), "the link was replaced by a file"
    assert item_count(real) > 0, "the real database was not restored"


# -- 13. planted schema ---------------------------------------------------------------------

PLANTS = {
    "trigger on items":
        "CREATE TRIGGER t AFTER INSERT ON items BEGIN DELETE FROM items WHERE id <> new.id; END",
    "trigger on settings": "CREATE TRIGGER t AFTER INSERT ON settings BEGIN DELETE FROM items; END",
    "view":
        "CREATE VIEW v AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r",
    "foreign table": "CREATE TABLE stash (x)",
    "items as a view": "ALTER TABLE items RENAME TO items_old; CREATE VIEW items AS SELECT * FROM items_old",
}


def plant(db: Path, sql: str) -> None:
    conn = sqlite3.connect(db)
    conn.executescript(sql)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


@pytest.mark.parametrize("what", list(PLANTS))
@pytest.mark.parametrize("command", [["import", "CSV"], ["export", "--format", "ics"], ["lint"]])
def test_13_a_planted_schema_object_is_refused_before_anything_runs(
    what: str, command: list[str], tmp_path: Path
) -> None:
    db = demo_db(tmp_path / "presence.db")
    plant(db, PLANTS[what])
    good = tmp_path / "in.csv"
    good.write_text(HEADER + GOOD_ROW)
    before = snapshot(tmp_path)
    args = [str(good) if a == "CSV" else a for a in command]
    extra = [] if command[0] == "import" else ["--week", "2026-W48"]
    result = run_cli(*args, "--db", str(db), *extra, timeout=30)
    count_inputs()
    line = one_line(result)
    assert "not Presence's" in line, line
    assert snapshot(tmp_path) == before


def test_13_restore_refuses_a_copy_with_a_planted_trigger(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "presence.db")
    copy = tmp_path / "copy.db"
    demo_db(copy)
    plant(copy, PLANTS["trigger on items"])
    before = db.read_bytes()
    result = run_cli("restore", "--db", str(db), str(copy))
    count_inputs()
    assert "not Presence's" in one_line(result)
    assert db.read_bytes() == before


def test_13_connections_are_defensive() -> None:
    import tempfile

    from app.storage.database import open_database
    with tempfile.TemporaryDirectory() as folder:
        conn = open_database(Path(folder) / "p.db")
        try:
            assert conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
            if hasattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE"):
                assert conn.getconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE)  # type: ignore[attr-defined]
        finally:
            conn.close()


# -- 14. private from the first byte ---------------------------------------------------------

def _umask_cli(mask: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c",
                           f"import os, sys; os.umask({mask}); sys.argv = ['presence', *{list(args)!r}];"
                           "from app.cli.main import main; raise SystemExit(main())"],
                          cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=120)


def test_14_a_new_database_and_its_backups_are_private_under_any_umask(tmp_path: Path) -> None:
    good = tmp_path / "in.csv"
    good.write_text(HEADER + GOOD_ROW)
    db = tmp_path / "presence.db"
    result = _umask_cli(0o022, "import", str(good), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    from app.storage.backup import daily_backup

    old = os.umask(0)
    try:
        made = daily_backup(db)
    finally:
        os.umask(old)
    assert made is not None
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert stat.S_IMODE(made.parent.stat().st_mode) & 0o077 == 0
    out = tmp_path / "week.csv"
    result = _umask_cli(0, "export", "--db", str(db), "--week", "2026-W48", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) & 0o022 == 0, oct(out.stat().st_mode)
    count_inputs(3)


def test_14_a_backup_in_progress_is_never_readable_by_others(tmp_path: Path) -> None:
    """The copy's part file is 0600 before SQLite writes its first byte, under umask 022."""
    db = demo_db(tmp_path / "presence.db")
    os.chmod(db, 0o600)
    from app.storage import backup

    real_connect = sqlite3.connect
    modes: list[int] = []

    def spy(target: object, *a: object, **k: object) -> sqlite3.Connection:
        if str(target).endswith(".part"):  # the file as SQLite finds it, before any byte is copied
            exists = os.path.exists(str(target))
            modes.append(stat.S_IMODE(os.stat(str(target)).st_mode) if exists else -1)
        return real_connect(target, *a, **k)  # type: ignore[arg-type]

    old = os.umask(0o022)
    backup.sqlite3.connect = spy  # type: ignore[assignment]
    try:
        backup.daily_backup(db)
    finally:
        backup.sqlite3.connect = real_connect  # type: ignore[assignment]
        os.umask(old)
    count_inputs()
    assert modes == [0o600], modes


def test_14_a_planted_symlink_under_todays_backup_name_is_not_followed_and_said(tmp_path: Path) -> None:
    from datetime import date

    from app.storage.backup import daily_backup, daily_name
    from app.storage.errors import StorageError

    db = demo_db(tmp_path / "presence.db")
    target = daily_name(db, date.today())
    target.parent.mkdir()
    elsewhere = tmp_path / "elsewhere.db"
    target.symlink_to(elsewhere)
    with pytest.raises(StorageError, match="not a backup"):
        daily_backup(db)
    assert not elsewhere.exists()


# -- 20. FIFOs, loops, HOME, migrations --------------------------------------------------------

@pytest.mark.parametrize("kind", ["fifo", "loop", "dangling"])
@pytest.mark.parametrize("command", [["lint"], ["export"], ["demo"], ["import", "CSV"], ["list"]])
def test_20_a_fifo_or_a_symlink_loop_as_db_is_one_line(kind: str, command: list[str], tmp_path: Path) -> None:
    db = tmp_path / "presence.db"
    if kind == "fifo":
        os.mkfifo(db)
    elif kind == "loop":
        db.symlink_to(tmp_path / "loop2")
        (tmp_path / "loop2").symlink_to(db)
    else:
        db.symlink_to(tmp_path / "gone.db")
    good = tmp_path / "in.csv"
    good.write_text(HEADER + GOOD_ROW)
    args = [str(good) if a == "CSV" else a for a in command]
    result = run_cli(*args, "--db", str(db), timeout=30)
    count_inputs()
    line = one_line(result)
    assert str(db) in line
    assert os.path.lexists(db)
    assert not (tmp_path / "gone.db").exists()


def test_20_an_empty_home_is_refused_not_slash(tmp_path: Path) -> None:
    env = child_env(HOME="")
    env.pop("XDG_DATA_HOME", None)
    slash = Path("/.local/share/Presence/presence.db")
    was_there = slash.exists()
    result = subprocess.run([sys.executable, "-m", "app", "demo"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    count_inputs()
    if slash.exists() and not was_there:  # what the failing version made: take it away again
        slash.unlink()
        for folder in (slash.parent, slash.parent.parent, slash.parent.parent.parent):
            with contextlib.suppress(OSError):
                folder.rmdir()
        pytest.fail("a database was created under /.local/share")
    line = one_line(result)
    assert "HOME" in line


def test_20_a_failed_migration_leaves_no_extra_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each failed attempt used to leave one more `.bak` while saying the file was left as it was."""
    from app.storage import database
    from app.storage.errors import StorageError

    db = tmp_path / "presence.db"
    Repository.open(db).close()
    # A later Presence whose next migration fails halfway (as on a full disk).
    failing = "CREATE TABLE later (x); SELECT nope FROM gone"
    monkeypatch.setattr(database, "MIGRATIONS", [*database.MIGRATIONS, failing])
    monkeypatch.setattr(database, "SCHEMA_VERSION", database.SCHEMA_VERSION + 1)
    before = db.read_bytes()
    for _ in range(3):
        with pytest.raises(StorageError, match="left as it was"):
            database.open_database(db)
    count_inputs()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["presence.db"]
    assert db.read_bytes() == before
