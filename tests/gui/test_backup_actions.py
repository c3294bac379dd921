"""The window's backups: today's copy in the background, File > Restore, damaged rows, first size."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.domain.items import Post, PostKind
from app.services import edits
from app.storage import backup
from app.storage.repository import Repository
from app.ui import backup_actions
from app.ui.actions import ActionId
from app.ui.main_window import MainWindow

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def texts(win: MainWindow) -> list[str]:
    assert win.plan is not None
    return sorted(p.text for p in win.plan.posts)


class Told:
    """Records the message boxes the window would have shown."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []

    def __call__(self, kind: str):  # type: ignore[no-untyped-def]
        def show(_parent: object, _title: str, text: str, *args: object) -> None:
            self.lines.append((kind, text))
        return show


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> Told:
    seen = Told()
    for module in (backup_actions, __import__("app.ui.main_window", fromlist=["x"])):
        for kind in ("warning", "critical", "information"):
            monkeypatch.setattr(module.QMessageBox, kind, staticmethod(seen(kind)))
    return seen


def test_the_daily_copy_is_made_in_the_background_and_told_in_the_status_bar(
    qtbot, window: MainWindow  # type: ignore[no-untyped-def]
) -> None:
    job = backup_actions.start_daily_backup(window)
    assert job is not None
    qtbot.waitUntil(lambda: "backup copy is made" in window.statusBar().currentMessage(), timeout=10_000)
    assert window.repo.path is not None
    copy = backup.daily_name(window.repo.path, date.today())
    assert str(copy) in window.statusBar().currentMessage()
    with Repository.open(copy, readonly=True) as repo:
        assert repo.count() == window.repo.count()
    # A second window opened the same day makes no second copy.
    again = backup_actions.start_daily_backup(window)
    assert again is not None and again.wait(10)
    qtbot.waitUntil(lambda: "already in" in window.statusBar().currentMessage(), timeout=10_000)


def test_a_daily_copy_that_cannot_be_made_is_one_line_and_planning_goes_on(
    qtbot, window: MainWindow  # type: ignore[no-untyped-def]
) -> None:
    assert window.repo.path is not None
    backup.backup_folder(window.repo.path).write_text("a file where the folder should be")
    backup_actions.start_daily_backup(window)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("No backup today: "),
                    timeout=10_000)
    message = window.statusBar().currentMessage()
    assert "cannot make the backup folder" in message and "\n" not in message
    post = Post("x", datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN), PostKind.OWN, text="Still planning")
    window.run_edit("add a post", lambda: edits.add_item(window.repo, post))
    assert "Still planning" in texts(window)


def test_restore_from_the_window_goes_back_to_the_copy_and_clears_undo(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, told: Told
) -> None:
    path = window.repo.path
    assert path is not None
    made = backup.daily_backup(path)
    assert made is not None
    before, at_copy = texts(window), window.repo.count()
    post = Post("x", datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN), PostKind.OWN, text="After the copy")
    window.run_edit("add a post", lambda: edits.add_item(window.repo, post))
    assert "After the copy" in texts(window) and window.undo_stack.count() == 1

    offered: list[str] = []

    def pick(_parent: object, options: list[backup_actions.Choice]) -> backup_actions.Choice:
        offered.extend(o.label for o in options)
        return options[0]

    monkeypatch.setattr(backup_actions, "choose", pick)
    monkeypatch.setattr(backup_actions, "confirm", lambda *_: True)
    window.registry[ActionId.RESTORE].trigger()
    assert told.lines == []
    assert len(offered) == 1
    assert offered[0].startswith(f"{date.today().isoformat()} (today) · {at_copy} items · ")
    assert texts(window) == before  # the post added after the copy is gone
    assert window.undo_stack.count() == 0  # nothing left to undo into the replaced file
    assert "Restored from " in window.statusBar().currentMessage()
    kept = sorted(backup.backup_folder(path).glob("*-before-restore-*.db"))
    assert len(kept) == 1
    with Repository.open(kept[0], readonly=True) as previous:
        assert previous.count() == window.repo.count() + 1
    # The reopened connection takes edits, and they are undoable again.
    window.run_edit("add a post", lambda: edits.add_item(window.repo, post))
    assert "After the copy" in texts(window)
    window.undo_stack.undo()
    assert "After the copy" not in texts(window)
    # The list now offers the state before the restore as well, with its item count.
    labels = [c.label for c in backup_actions.choices(path)]
    assert labels[1].startswith("As it was before the restore of ")
    assert f"· {window.repo.count() + 1} items ·" in labels[1]


def test_a_refused_restore_is_one_line_and_the_window_keeps_working(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, told: Told, tmp_path: Path
) -> None:
    junk = tmp_path / "not-a-backup.db"
    junk.write_bytes(b"just some text\n" * 20)
    before = texts(window)
    window.run_edit("add a post", lambda: edits.add_item(window.repo, Post(
        "x", datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN), PostKind.OWN, text="Mine")))
    assert backup_actions.restore_into(window, junk) is False
    assert len(told.lines) == 1
    kind, text = told.lines[0]
    assert kind == "warning" and text.startswith(f"{junk}: ") and "\n" not in text
    assert texts(window) == sorted([*before, "Mine"])
    assert window.undo_stack.count() == 1  # nothing was replaced: undo still applies
    window.undo_stack.undo()
    assert texts(window) == before


def test_restore_with_no_copies_says_when_they_are_made(window: MainWindow, told: Told) -> None:
    assert backup_actions.restore_dialog(window) is False
    assert len(told.lines) == 1 and "one is made each day the window opens it" in told.lines[0][1]


def test_a_damaged_row_written_while_the_window_is_open_is_told_once(
    window: MainWindow, told: Told
) -> None:
    assert window.repo.path is not None
    shown = texts(window)
    conn = sqlite3.connect(window.repo.path)
    conn.execute("UPDATE items SET kind = 'spam' WHERE type = 'post'")
    conn.commit()
    conn.close()
    window.database.check()
    window.database.check()
    assert len(told.lines) == 1
    assert "is damaged ('spam' is not a valid PostKind)" in told.lines[0][1]
    assert "is damaged" in window.statusBar().currentMessage()
    assert texts(window) == shown  # the week shown before stays
    window.go_to(window.week.shifted(3))  # an untouched week still opens
    assert texts(window) == []


def test_the_first_launch_uses_most_of_the_screen_centred(
    qtbot, demo_repo: Repository, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    win = MainWindow(demo_repo, QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.poll.stop()
    screen = win.screen() or QApplication.primaryScreen()
    free = screen.availableGeometry()
    size = win.size()
    assert size.width() >= min(free.width(), max(1100, int(free.width() * 0.85)))
    assert size.height() >= min(free.height(), max(700, int(free.height() * 0.85)))
    assert size.width() <= free.width() and size.height() <= free.height()
    centre = win.geometry().center()
    assert abs(centre.x() - free.center().x()) <= 2 and abs(centre.y() - free.center().y()) <= 2


@pytest.mark.parametrize("kind", ["post", "slot"])
def test_editor_dates_stay_within_the_years_the_csv_import_takes(window: MainWindow, kind: str) -> None:
    from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
    from PySide6.QtWidgets import QDialogButtonBox

    editor = window.new_post() if kind == "post" else window.new_slot()
    if kind == "post":
        editor.text.setPlainText("See you in the year 2999.")  # a blank post cannot be saved
    utc = QTimeZone(QTimeZone.Initialization.UTC)
    editor.zone.setText("Pacific/Kiritimati")  # UTC+14: the far end overflows first there
    editor.when.setDateTime(QDateTime(QDate(9999, 12, 31), QTime(23, 0), utc))
    assert editor.when.date() == QDate(2999, 12, 31)
    editor.when.setDateTime(QDateTime(QDate(1, 1, 1), QTime(9, 0), utc))
    assert editor.when.date() == QDate(1970, 1, 1)
    editor.when.setDateTime(QDateTime(QDate(2999, 12, 31), QTime(23, 0), utc))
    assert editor.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    editor.accept()
    posts, slots = window.repo.items_between(
        datetime(2999, 12, 30, tzinfo=BERLIN), datetime(3000, 1, 1, tzinfo=BERLIN))
    saved = [i for i in (*posts, *slots) if i.start.year > 2026]  # not the demo's endless series
    assert len(saved) == 1
    assert saved[0].start.date() == date(2999, 12, 31) and saved[0].tz == "Pacific/Kiritimati"
