"""Starting the window: find the database, take its lock, offer the demo the first time.

Exit codes: 0 after the window closes, 1 when another window has the database open,
2 when the file is not a database we can use (it is left untouched), its folder is
read-only, or a damaged row is found while the window opens.
Once the window shows, today's backup copy is made on a worker thread (app.storage.backup).
PRESENCE_SMOKE=1 opens the window, fills the demo week if the week is empty, lets the
event loop run briefly and quits with 0: the packaged app's smoke test.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_NAME, __version__
from app.resources import app_icon
from app.storage.errors import StorageError
from app.storage.repository import Repository

EXIT_OK = 0
EXIT_LOCKED = 1
EXIT_BAD_DATABASE = 2
SMOKE_MS = 300
BACKUP_DELAY_MS = 200  # after the first paint: the copy must not slow the window's start


def smoke_mode() -> bool:
    return os.environ.get("PRESENCE_SMOKE") == "1"


def application(qt_args: list[str]) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "presence", *qt_args])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("presence")
    app.setWindowIcon(app_icon())
    return app


def layout_settings() -> QSettings:
    """Window layout only (geometry, splitters): an INI file in the user's config folder."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)


def tell(title: str, message: str, *, error: bool = True) -> None:
    """One line on stderr always, and a dialog unless running the smoke test."""
    print(f"presence: {message}", file=sys.stderr)
    if smoke_mode():
        return
    box = QMessageBox(QMessageBox.Icon.Critical if error else QMessageBox.Icon.Information,
                      title, message)
    box.exec()


def ask_demo() -> bool:
    """First launch: the demo week (the default button) or an empty week."""
    if smoke_mode():
        return True
    box = QMessageBox(QMessageBox.Icon.Question, f"Welcome to {APP_NAME}",
                      "This is a new planner. Start with a sample week to see what Presence "
                      "warns about, or with an empty week?")
    demo = box.addButton("Show me a demo week", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Start empty", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(demo)
    box.exec()
    return box.clickedButton() is demo


def database_path(db_arg: str | None) -> Path:
    from app.paths import default_db_path

    return Path(db_arg).expanduser() if db_arg else default_db_path()


def run_window(db_arg: str | None, qt_args: list[str]) -> int:
    """Open the main window on the database; returns the exit code."""
    app = application(qt_args)
    try:
        path = database_path(db_arg)
    except StorageError as exc:  # HOME empty: no data folder to put the file in
        tell(APP_NAME, str(exc))
        return EXIT_BAD_DATABASE
    if not db_arg and not os.environ.get("PRESENCE_DB"):
        data_dir = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        Path(data_dir).mkdir(parents=True, exist_ok=True)
    if not path.parent.is_dir():
        tell(APP_NAME, f"{path}: cannot create the database, folder {path.parent} does not exist")
        return EXIT_BAD_DATABASE

    if not os.access(path.parent, os.W_OK):
        # Checked before the lock, whose file could not be made there either.
        tell(APP_NAME, f"{path}: its folder {path.parent} is read-only; Presence needs to write "
                       "beside the file (check the folder's permissions)")
        return EXIT_BAD_DATABASE

    from app.ui.lock import DatabaseLock

    lock = DatabaseLock(path)
    busy = lock.acquire()
    if busy:
        tell(APP_NAME, busy + "; switch to that window", error=False)
        return EXIT_LOCKED
    try:
        fresh = not path.exists()
        try:
            repo = Repository.open(path)
        except StorageError as exc:
            tell(APP_NAME, str(exc))
            return EXIT_BAD_DATABASE
        try:
            from app.storage.database import check_rows

            check_rows(repo.conn, path)  # a hand-edited platform, account, goal or rule: named
        except StorageError as exc:
            repo.close()
            tell(APP_NAME, str(exc))
            return EXIT_BAD_DATABASE
        try:
            return _run(app, repo, fresh)
        finally:
            repo.close()
    finally:
        lock.release()


def _run(app: QApplication, repo: Repository, fresh: bool) -> int:
    from app.services.demo import fill_demo
    from app.ui.backup_actions import DailyBackup, start_daily_backup
    from app.ui.main_window import MainWindow, week_for

    try:
        week = week_for(repo)
        # The week shown and those read ahead beside it: a row no Presence writes there is
        # named in one line now, not met by a rule halfway through painting.
        from datetime import timedelta

        from app.storage.database import check_items

        ahead = timedelta(days=9)
        check_items(repo.conn, repo.path or Path("the database"), int((week.start - ahead).timestamp()),
                    int((week.end + ahead).timestamp()))
        if (fresh and ask_demo()) or smoke_mode():
            fill_demo(repo, week)
        window = MainWindow(repo, layout_settings(), week)
    except StorageError as exc:  # a damaged row or setting, found by the first load
        tell(APP_NAME, str(exc))
        return EXIT_BAD_DATABASE
    window.show()
    jobs: list[DailyBackup | None] = []
    QTimer.singleShot(BACKUP_DELAY_MS, lambda: jobs.append(start_daily_backup(window)))
    if smoke_mode():
        QTimer.singleShot(SMOKE_MS, window.close)
    app.exec()
    for job in jobs:  # a copy under way is finished, not left half-written
        if job is not None:
            job.wait()
    return EXIT_OK
