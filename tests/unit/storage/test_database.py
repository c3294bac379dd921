"""Opening files: ours are migrated safely, anything else is refused and left untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlite_utils

from app.domain.items import Post, PostKind
from app.storage import schema
from app.storage.database import open_database
from app.storage.errors import StorageError
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_database_is_ours_in_wal_mode_with_the_platforms(db_path: Path) -> None:
    conn = open_database(db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    ids = [r[0] for r in conn.execute("SELECT id FROM platforms ORDER BY position")]
    assert ids[:3] == ["x", "bluesky", "mastodon"] and "reddit" in ids
    conn.close()


def test_each_edit_is_committed_at_once(db_path: Path) -> None:
    repo = Repository.open(db_path)
    post = repo.add(Post("x", datetime(2026, 11, 24, 9, tzinfo=BERLIN), PostKind.OWN, text="hi"))
    # A second connection sees it without anyone closing or saving the first.
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT text FROM items WHERE id = ?", (post.id,)).fetchone() == ("hi",)
    other.close()
    repo.close()


def make_foreign(path: Path) -> None:
    db = sqlite_utils.Database(path)
    db["songs"].insert({"title": "Blue hour", "plays": 3})
    db.close()


def make_newer(path: Path) -> None:
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b""), "empty file"),
        (lambda p: p.write_bytes(bytes(range(256)) * 40), "not an SQLite file"),
        (make_foreign, "another program"),
        (make_newer, "newer Presence"),
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000), "corrupt"),
    ],
    ids=["empty", "random", "foreign", "newer", "corrupt"],
)
def test_files_that_are_not_presence_databases_are_refused_untouched(
    db_path: Path, make, message: str  # type: ignore[no-untyped-def]
) -> None:
    make(db_path)
    before = digest(db_path)
    siblings = sorted(p.name for p in db_path.parent.iterdir())
    with pytest.raises(StorageError, match=message) as caught:
        open_database(db_path)
    assert "\n" not in str(caught.value) and str(db_path) in str(caught.value)
    assert digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == siblings


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        open_database(tmp_path / "nowhere" / "presence.db")
    assert not (tmp_path / "nowhere").exists()


def test_an_older_schema_is_backed_up_then_migrated(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repository.open(db_path)
    repo.add(Post("x", datetime(2026, 11, 24, 9, tzinfo=BERLIN), PostKind.OWN, text="kept"))
    repo.close()
    original = digest(db_path.with_name(db_path.name))
    shipped = schema.SCHEMA_VERSION
    # A future version adds a column: the file is copied first, then migrated forward.
    monkeypatch.setattr(
        schema, "MIGRATIONS", [*schema.MIGRATIONS, "ALTER TABLE items ADD COLUMN mood TEXT"]
    )
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    import app.storage.database as database

    monkeypatch.setattr(database, "MIGRATIONS", schema.MIGRATIONS)
    monkeypatch.setattr(database, "SCHEMA_VERSION", schema.SCHEMA_VERSION)
    conn = open_database(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("SELECT text, mood FROM items").fetchall() == [("kept", None)]
    conn.close()
    backups = list(db_path.parent.glob(f"presence.db.schema{shipped}-*.bak"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == shipped
    assert old.execute("SELECT text FROM items").fetchall() == [("kept",)]
    old.close()
    assert original  # the live file changed; the copy holds the old schema


def test_a_failing_migration_leaves_the_old_schema_in_place(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Repository.open(db_path).close()
    import app.storage.database as database

    broken = [*schema.MIGRATIONS, "ALTER TABLE items ADD COLUMN mood TEXT; THIS IS NOT SQL"]
    monkeypatch.setattr(database, "MIGRATIONS", broken)
    monkeypatch.setattr(database, "SCHEMA_VERSION", len(broken))
    with pytest.raises(StorageError) as refused:
        open_database(db_path)
    message = str(refused.value)
    assert message.startswith(f"{db_path}: cannot be upgraded from schema {schema.SCHEMA_VERSION} "
                              f"to {len(broken)} (")
    assert "syntax error" in message and message.endswith("the file is left as it was")
    assert "\n" not in message
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    columns = [r[1] for r in conn.execute("PRAGMA table_info(items)")]
    assert "mood" not in columns
    conn.close()


def test_a_readonly_open_does_not_write(db_path: Path) -> None:
    Repository.open(db_path).close()
    before = digest(db_path)
    repo = Repository.open(db_path, readonly=True)
    assert repo.count() == 0
    with pytest.raises(sqlite3.OperationalError):
        repo.set_setting("zone", "Europe/Berlin")
    repo.close()
    assert digest(db_path) == before
