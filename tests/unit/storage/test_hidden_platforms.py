"""Hidden platforms: stored, still returned for the posts planned on them, readable in older files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.domain.platforms import Platform
from app.storage import database, schema
from app.storage.repository import Repository


def test_a_hidden_platform_is_kept_and_still_returned(repo: Repository) -> None:
    repo.save_platform(repo.platforms()["pinterest"].with_(hidden=True))
    repo.save_platform(Platform("my-forum", "My forum", 2000, 3, "#336699"))
    platforms = repo.platforms()
    assert platforms["pinterest"].hidden and platforms["pinterest"].name == "Pinterest"
    assert not platforms["x"].hidden and not platforms["my-forum"].hidden
    assert list(platforms)[-1] == "my-forum"  # a platform the user adds comes last
    repo.save_platform(platforms["pinterest"].with_(hidden=False))
    assert not repo.platforms()["pinterest"].hidden


def test_a_read_only_schema_2_file_has_no_hidden_platforms(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "MIGRATIONS", schema.MIGRATIONS[:2])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 2)
    database.open_database(db_path).close()
    monkeypatch.undo()
    with Repository.open(db_path, readonly=True) as repo:  # as `presence lint` opens it
        platforms = repo.platforms()
    assert "x" in platforms and not any(p.hidden for p in platforms.values())
    check = sqlite3.connect(db_path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 2
    check.close()
