"""The window's side of backups: today's copy made in the background, and File > Restore.

The daily copy of a large planner takes a while (about 120 MB for half a million items),
so it runs on a worker thread with its own SQLite connection (`daily_backup` opens one)
after the window has shown; its outcome is one line in the status bar and never stops
the planning. A restore replaces the file under the window: the window's connection is
closed for it and opened again after, and its undo history is dropped, since those edits
no longer describe the file.
"""

from __future__ import annotations

import contextlib
import re
import threading
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

from app import APP_NAME
from app.storage import backup
from app.storage.errors import ReadWriteError, StorageError
from app.storage.repository import Repository

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

STATUS_MS = 8000
_BEFORE_RESTORE = re.compile(r"-before-restore-(?P<stamp>\d{8}-\d{6})\.db$")


class DailyBackup(QObject):
    """Makes today's copy on a worker thread; `finished(message, failed)` arrives in the GUI thread."""

    finished = Signal(str, bool)

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("daily_backup")
        self.db_path = Path(db_path)
        self.message = ""
        self.failed = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._work, name="presence-daily-backup", daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the copy is over (or was never started)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running

    def _work(self) -> None:
        try:
            made = backup.daily_backup(self.db_path)
        except StorageError as exc:
            self.message, self.failed = f"No backup today: {exc}", True
        except (OSError, ReadWriteError) as exc:  # daily_backup names most; never lose the thread's reason
            self.message, self.failed = f"No backup today: {self.db_path}: {exc}", True
        else:
            folder = backup.backup_folder(self.db_path)
            self.message = (f"Today's backup copy is made: {made}" if made is not None
                            else f"Today's backup copy is already in {folder}")
        with contextlib.suppress(RuntimeError):  # the window is gone already; the copy is done
            self.finished.emit(self.message, self.failed)


def start_daily_backup(window: MainWindow) -> DailyBackup | None:
    """Start today's copy for the window's database; the status bar tells how it went."""
    if window.repo.path is None:
        return None
    job = DailyBackup(window.repo.path, window)
    job.finished.connect(lambda message, failed: _report(window, message, failed),
                         Qt.ConnectionType.QueuedConnection)
    job.start()
    return job


def _report(window: MainWindow, message: str, failed: bool) -> None:
    window.statusBar().showMessage(message, 0 if failed else STATUS_MS)


# -- restore -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Choice:
    """One copy the user may go back to, as the list shows it."""

    path: Path
    label: str


def _count(path: Path) -> str:
    try:
        with Repository.open(path, readonly=True) as repo:
            n = repo.count()
    except (StorageError, ReadWriteError):
        return "unreadable"
    return f"{n} item{'s' if n != 1 else ''}"


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def choices(db_path: Path, today: date | None = None) -> list[Choice]:
    """The daily copies, newest first, then the copies kept before earlier restores."""
    today = today or date.today()
    out: list[Choice] = []
    for copy in backup.list_backups(db_path):
        when = "today" if copy.day == today else f"{copy.day:%a %d %b %Y}"
        out.append(Choice(copy.path, f"{copy.day.isoformat()} ({when}) · {_count(copy.path)} · "
                                     f"{_size(copy.size)}"))
    kept = sorted(backup.backup_folder(db_path).glob(f"{db_path.stem}-before-restore-*.db"),
                  reverse=True)
    for path in kept:
        match = _BEFORE_RESTORE.search(path.name)
        if match is None:
            continue
        at = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
        out.append(Choice(path, f"As it was before the restore of {at:%Y-%m-%d %H:%M} · "
                                f"{_count(path)} · {_size(path.stat().st_size)}"))
    return out


def choose(parent: QWidget, options: list[Choice]) -> Choice | None:
    """Ask which copy to go back to (tests replace this)."""
    labels = [c.label for c in options]
    label, ok = QInputDialog.getItem(parent, "Restore from backup",
                                     "Go back to the planner as it was in this copy:", labels, 0, False)
    return options[labels.index(label)] if ok and label in labels else None


def confirm(parent: QWidget, db_path: Path, choice: Choice) -> bool:
    """Last word before replacing the planner (tests replace this)."""
    answer = QMessageBox.question(
        parent, "Restore from backup",
        f"Replace everything in {db_path.name} with the copy {choice.path.name}? The planner as "
        "it is now is kept in the backups folder first; the undo history is cleared.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


def restore_dialog(window: MainWindow) -> bool:
    """File > Restore from backup...: pick a copy, confirm, restore; True if restored."""
    path = window.repo.path
    if path is None:
        return False
    options = choices(path)
    if not options:
        QMessageBox.information(window, APP_NAME, f"There is no backup copy of {path} yet; "
                                "one is made each day the window opens it.")
        return False
    choice = choose(window, options)
    if choice is None or not confirm(window, path, choice):
        return False
    return restore_into(window, choice.path)


def restore_into(window: MainWindow, source: Path) -> bool:
    """Replace the window's database with `source`, then show it; errors in one line.

    The process keeps its lock file (no second window can open meanwhile); only the
    SQLite connection is closed, since a restore waits for every connection to go.
    """
    path = window.repo.path
    assert path is not None
    job = window.findChild(DailyBackup, "daily_backup")
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    error = ""
    aside: Path | None = None
    try:
        if job is not None:
            job.wait()  # its connection would make the restore refuse
        if window.editor is not None:
            window.editor.reject()
        try:
            with window.database.released():
                try:
                    aside = backup.restore(path, source)
                except StorageError as exc:
                    error = str(exc)
        except StorageError as exc:  # the file could not be opened again
            QApplication.restoreOverrideCursor()
            QMessageBox.critical(window, APP_NAME, f"{exc}; Presence closes")
            window.close()
            return False
    finally:
        if QApplication.overrideCursor() is not None:
            QApplication.restoreOverrideCursor()
    if error:
        QMessageBox.warning(window, APP_NAME, error)
        return False
    window.file_replaced()  # its undo history was for the file replaced; the copy has its own zone
    kept = f"; the previous state is kept as {aside.name}" if aside is not None else ""
    window.statusBar().showMessage(f"Restored from {source.name}{kept}", STATUS_MS)
    return True
