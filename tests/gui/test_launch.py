"""Starting `presence` for the window, as a real subprocess: first launch, bad files, locks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths

from app.paths import app_data_dir
from app.storage.repository import Repository
from app.ui.lock import DatabaseLock


def launch(db: Path | None, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PRESENCE_SMOKE": "1", "QT_QPA_PLATFORM": "offscreen",
               "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "home" / "data"),
               "XDG_CONFIG_HOME": str(tmp_path / "home" / "config"), **env}
    environ.pop("PRESENCE_DB", None) if "PRESENCE_DB" not in env else None
    args = [sys.executable, "-m", "app"] + (["--db", str(db)] if db else [])
    return subprocess.run(args, env=environ, capture_output=True, text=True, timeout=60)


def test_first_launch_creates_the_database_with_the_demo_week(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = launch(db, tmp_path)
    assert result.returncode == 0, result.stderr
    with Repository.open(db) as repo:
        assert repo.count() > 10
    assert not (tmp_path / "new.db.lock").exists()


def test_the_default_database_goes_in_the_app_data_folder(tmp_path: Path) -> None:
    result = launch(None, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "home" / "data" / "Presence" / "presence.db").is_file()


def test_presence_db_overrides_the_default(tmp_path: Path) -> None:
    db = tmp_path / "from-env.db"
    result = launch(None, tmp_path, PRESENCE_DB=str(db))
    assert result.returncode == 0, result.stderr
    assert db.is_file()


@pytest.mark.parametrize("content", [b"", b"just some text, not a database\n" * 10,
                                     b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_file_we_cannot_use_is_refused_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "notes.db"
    db.write_bytes(content)
    result = launch(db, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith("presence: ") and str(db) in line for line in lines), result.stderr
    assert db.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["notes.db"]


def test_a_database_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "no" / "such" / "folder" / "p.db"
    result = launch(db, tmp_path)
    assert result.returncode == 2
    assert f"folder {db.parent} does not exist" in result.stderr
    assert not (tmp_path / "no").exists()


def test_a_second_launch_on_the_same_database_says_so(tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    Repository.open(db).close()
    lock = DatabaseLock(db)
    assert lock.acquire() == ""
    try:
        result = launch(db, tmp_path)
    finally:
        lock.release()
    assert result.returncode == 1
    assert "already open in another Presence window" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_lock_left_by_a_crashed_window_is_taken_over(tmp_path: Path) -> None:
    db = tmp_path / "crashed.db"
    Repository.open(db).close()
    code = ("import os, sys; from PySide6.QtCore import QLockFile; "
            "lock = QLockFile(sys.argv[1]); assert lock.tryLock(0); os.kill(os.getpid(), 9)")
    crashed = subprocess.run([sys.executable, "-c", code, str(db) + ".lock"], timeout=60)
    assert crashed.returncode == -signal.SIGKILL
    assert (tmp_path / "crashed.db.lock").exists()
    result = launch(db, tmp_path)
    assert result.returncode == 0, result.stderr


def test_qt_app_data_location_matches_the_command_lines(qapp, monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    assert Path(qt) == app_data_dir()


def test_the_window_icon_is_found_in_the_package(qapp) -> None:  # type: ignore[no-untyped-def]
    from app.ui.launch import app_icon

    icon = app_icon()
    assert not icon.isNull() and len(icon.availableSizes()) >= 5


@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize(("key", "demo"), [("Return", True), ("Escape", False)])
def test_first_launch_offers_the_demo_week_by_default(qtbot, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                      key: str, demo: bool) -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.ui.launch import ask_demo

    monkeypatch.delenv("PRESENCE_SMOKE", raising=False)
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.defaultButton().text())
        qtbot.keyClick(box, getattr(Qt.Key, f"Key_{key}"))

    QTimer.singleShot(20, answer)
    assert ask_demo() is demo
    assert seen == ["Show me a demo week"]
