"""The window's side: bad files get a dialog, one window per file, and the command line
may write while the window is open."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app import APP_NAME
from app.domain.items import Post, PostKind
from app.domain.weeks import Week
from app.domain.zones import get_zone
from app.services import edits
from app.services.demo import fill_demo
from app.storage.repository import Repository
from app.ui import launch
from tests.reliability.support import ROOT, can_honour_permissions, child_env, count_inputs, snapshot
from tests.reliability.test_bad_files import REFUSED

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
BERLIN = get_zone("Europe/Berlin")
WEEK = "2026-W48"


class Dialogs:
    """Stands in for QMessageBox in app.ui.launch: records what the user would have seen."""

    shown: ClassVar[list[tuple[str, str]]] = []

    class Icon:
        Critical = "critical"
        Information = "information"
        Question = "question"

    def __init__(self, icon: object, title: str, text: str) -> None:
        self.icon, self.title, self.text = icon, title, text

    def exec(self) -> int:
        Dialogs.shown.append((str(self.icon), self.text))
        return 0


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[list[tuple[str, str]]]:
    qapp.setApplicationName(APP_NAME)
    Dialogs.shown = []
    monkeypatch.setattr(launch, "QMessageBox", Dialogs)
    monkeypatch.delenv("PRESENCE_SMOKE", raising=False)
    yield Dialogs.shown


@pytest.mark.parametrize("case", [c for c in REFUSED if c != "missing folder"])
def test_a_bad_file_gets_a_dialog_and_stays_untouched(
    case: str, tmp_path: Path, dialogs: list[tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    make, reason = REFUSED[case]
    folder = tmp_path / "data"
    folder.mkdir()
    db = make(folder)
    before = snapshot(folder)
    code = launch.run_window(str(db), [])
    count_inputs()
    assert code == launch.EXIT_BAD_DATABASE
    assert len(dialogs) == 1
    icon, text = dialogs[0]
    assert icon == "critical" and text.startswith(f"{db}: ") and "\n" not in text
    assert re.search(reason, text)
    assert capsys.readouterr().err.strip() == f"presence: {text}"
    assert snapshot(folder) == before  # no lock, -wal or -shm left beside it


def _window_process(db: Path, *, smoke: bool) -> subprocess.Popen[str]:
    env = child_env(QT_QPA_PLATFORM="offscreen")
    if smoke:
        env["PRESENCE_SMOKE"] = "1"
    return subprocess.Popen([sys.executable, "-m", "app", "--db", str(db)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _demo_db(path: Path) -> Path:
    with Repository.open(path) as repo:
        repo.set_setting("zone", "Europe/Berlin")
        fill_demo(repo, Week.parse(WEEK, BERLIN))
    return path


@pytest.mark.slow
def test_one_window_per_file_and_a_crashed_windows_lock_is_taken_over(
    tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    db = _demo_db(tmp_path / "presence.db")
    first = _window_process(db, smoke=False)  # a real window, left open
    try:
        lock = Path(f"{db}.lock")

        def locked_by_first() -> bool:  # QLockFile writes its owner's pid on the first line
            try:
                return lock.read_text(encoding="utf-8").split("\n", 1)[0].strip() == str(first.pid)
            except OSError:
                return False

        deadline = time.monotonic() + 30
        while not locked_by_first() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # polling for the other process's lock, not waiting a fixed time
        assert locked_by_first(), first.stderr.read() if first.stderr else ""
        assert launch.run_window(str(db), []) == launch.EXIT_LOCKED
        assert len(dialogs) == 1
        assert f"already open in another Presence window (process {first.pid}" in dialogs[0][1]
        # The command line is not the window: it may import while the window is open.
        source = tmp_path / "week.csv"
        source.write_text(
            "type,date,time,timezone,platform,account,kind,status,duration_min,repeat,text,"
            "link,tags,notes\r\npost,2026-11-25,07:15,Europe/Berlin,x,,own,,,,From the CLI,,,\r\n",
            encoding="utf-8")
        imported = subprocess.run([sys.executable, "-m", "app", "import", str(source), "--db", str(db)],
                                  cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=60)
        assert imported.returncode == 0, imported.stderr
    finally:
        first.send_signal(signal.SIGKILL)  # a crash: the lock file stays behind
        first.communicate(timeout=30)
    assert Path(f"{db}.lock").exists()
    second = _window_process(db, smoke=True)
    _, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert not Path(f"{db}.lock").exists()
    with Repository.open(db) as repo:
        texts = [p.text for p in repo.load_plan(Week.parse(WEEK, BERLIN)).posts]
    assert "From the CLI" in texts


@pytest.mark.skipif(bool(can_honour_permissions()), reason="cannot make root obey file modes here")
@pytest.mark.parametrize("where", ["file", "folder"])
def test_the_window_refuses_a_read_only_file_or_folder(where: str, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    db = _demo_db(folder / "presence.db")
    if where == "file":
        db.chmod(0o444)
    else:
        folder.chmod(0o555)
    before = snapshot(folder)
    from tests.reliability.support import _drop_permission_override

    env = child_env(QT_QPA_PLATFORM="offscreen", PRESENCE_SMOKE="1")
    try:
        result = subprocess.run([sys.executable, "-m", "app", "--db", str(db)], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=60,
                                preexec_fn=_drop_permission_override if os.geteuid() == 0 else None)
        count_inputs()
        assert result.returncode == launch.EXIT_BAD_DATABASE, result.stderr
        lines = [line for line in result.stderr.splitlines() if line.startswith("presence: ")]
        assert len(lines) == 1 and str(db) in lines[0], result.stderr
        assert "read-only" in lines[0] and "lock" not in lines[0]
        assert snapshot(folder) == before
    finally:
        folder.chmod(0o755)


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    db = _demo_db(tmp_path / "presence.db")
    repo = Repository.open(db)
    layout = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    win = MainWindow(repo, layout, Week.parse(WEEK, BERLIN))
    qtbot.addWidget(win)
    yield win
    win.poll.stop()
    repo.close()


def _texts(win: object) -> list[str]:
    plan = win.plan  # type: ignore[attr-defined]
    return sorted(p.text for p in plan.posts)


def test_the_window_shows_a_command_line_import_and_keeps_its_own_edits(
    window: object, qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    win = window
    repo: Repository = win.repo  # type: ignore[attr-defined]
    mine = Post("bluesky", datetime(2026, 11, 26, 8, 0, tzinfo=BERLIN), PostKind.CONVERSATION,
                text="Asked in the window")
    win.run_edit("add a post", lambda: edits.add_item(repo, mine))  # type: ignore[attr-defined]
    assert "Asked in the window" in _texts(win)
    source = tmp_path / "week.csv"
    source.write_text(
        "type,date,time,timezone,platform,account,kind,status,duration_min,repeat,text,link,"
        "tags,notes\r\npost,2026-11-25,07:15,Europe/Berlin,x,,own,,,,From the CLI,,,\r\n",
        encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "app", "import", str(source), "--db", str(repo.path)],
                            cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # The window's own poll notices the other program's commit and shows it.
    qtbot.waitUntil(lambda: "From the CLI" in _texts(win), timeout=10_000)
    assert "Asked in the window" in _texts(win)
    # Undo still undoes the window's edit, and only that.
    win.undo_stack.undo()  # type: ignore[attr-defined]
    assert "Asked in the window" not in _texts(win)
    assert "From the CLI" in _texts(win)
    with Repository.open(repo.path, readonly=True) as other:  # type: ignore[arg-type]
        stored = sorted(p.text for p in other.load_plan(Week.parse(WEEK, BERLIN)).posts)
    assert stored == _texts(win)


def test_two_connections_see_each_others_commits(tmp_path: Path) -> None:
    """The storage side of two writers: WAL lets one read while the other writes."""
    db = _demo_db(tmp_path / "presence.db")
    with Repository.open(db) as a, Repository.open(db) as b:
        seen = a.data_version()
        with b.transaction():
            b.add(Post("x", datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN), PostKind.OWN, text="B"))
            assert a.count() == b.count() - 1  # A reads the last commit while B writes
            assert a.data_version() == seen
        assert a.data_version() != seen
        assert "B" in [p.text for p in a.load_plan(Week.parse(WEEK, BERLIN)).posts]


def test_the_window_makes_the_daily_copy_when_it_opens(tmp_path: Path) -> None:
    db = _demo_db(tmp_path / "presence.db")
    result = subprocess.run([sys.executable, "-m", "app", "--db", str(db)], cwd=ROOT, timeout=60,
                            env=child_env(QT_QPA_PLATFORM="offscreen", PRESENCE_SMOKE="1"),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    copy = tmp_path / "backups" / f"presence-{date.today().isoformat()}.db"
    assert copy.is_file()
    with Repository.open(copy, readonly=True) as repo:
        assert repo.count() > 10


def test_a_damaged_row_gets_a_dialog_too(tmp_path: Path, dialogs: list[tuple[str, str]]) -> None:
    db = _demo_db(tmp_path / "presence.db")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE items SET kind = 'spam' WHERE type = 'post'")
    conn.commit()
    conn.close()
    assert launch.run_window(str(db), []) == launch.EXIT_BAD_DATABASE
    assert len(dialogs) == 1 and "is damaged ('spam' is not a valid PostKind)" in dialogs[0][1]
