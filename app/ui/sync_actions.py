"""The window's side of calendar sync: File > Sync to calendar, its settings, and the
optional sync a little while after every edit.

The sync itself is `app.sync.service.sync`, the same as `presence sync caldav`. It runs
on a pool thread with its own SQLite connection, so a slow or silent server never
freezes the window; its outcome is one line in the status bar. The account (address,
user, calendar) is kept in the database's settings; the password only in the system
keyring (or PRESENCE_CALDAV_PASSWORD), never in the database.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.weeks import Week
from app.services.preferences import user_zone, week_start
from app.storage.errors import ReadWriteError, StorageError
from app.sync.service import AUTO_KEY, CALENDAR_KEY, URL_KEY, USER_KEY, Account
from app.sync.webdav import TIMEOUT_S

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

STATUS_MS = 10_000
AUTO_DELAY_MS = 15_000  # after the last edit: a burst of edits is published once


def account_of(repo: Any) -> Account | None:
    """The account kept in the settings, or None when no address is set."""
    url = repo.setting(URL_KEY)
    if not isinstance(url, str) or not url.strip():
        return None
    user = repo.setting(USER_KEY)
    calendar = repo.setting(CALENDAR_KEY)
    return Account(url.strip(), user if isinstance(user, str) and user else None,
                   calendar if isinstance(calendar, str) and calendar else None)


def run_sync(db_path: Path, account: Account, start: datetime,
             timeout: float = TIMEOUT_S) -> tuple[str, bool]:
    """One sync on a connection of its own: (the status line, failed)."""
    from app.storage.repository import Repository
    from app.sync.secrets import find_password
    from app.sync.service import sync
    from app.sync.webdav import SyncError

    try:
        password = find_password(account.url, account.user) if account.user else None
        with Repository.open(db_path) as repo:
            report = sync(repo, account, password, start=start, timeout=timeout)
    except SyncError as exc:
        return f"Calendar sync failed: {exc}", True
    except (StorageError, ReadWriteError, OSError) as exc:
        return f"Calendar sync failed: {db_path}: {exc}", True
    except Exception as exc:  # never lose the pool thread's reason
        return f"Calendar sync failed: {type(exc).__name__}: {exc}", True
    return f"{report.summary()}.", False


class CalendarSync(QObject):
    """Runs syncs off the GUI thread, one at a time; `finished(message, failed)` in the GUI thread."""

    finished = Signal(str, bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("calendar_sync")
        self.window = window
        self.busy = False
        self.timeout = TIMEOUT_S  # per answer of the server
        self.pending = False  # an edit came in during a sync: publish again after it
        self.message = ""
        self.failed = False
        self.auto_timer = QTimer(self)
        self.auto_timer.setSingleShot(True)
        self.auto_timer.setInterval(AUTO_DELAY_MS)
        self.auto_timer.timeout.connect(self.start)
        self.finished.connect(self._done)

    def start(self) -> bool:
        """Begin a sync; False (and the settings opened) when no account is set."""
        window = self.window
        account = account_of(window.repo)
        if account is None:
            window.statusBar().showMessage("Calendar sync: set the calendar's address first", STATUS_MS)
            open_sync_settings(window)
            return False
        if self.busy:
            self.pending = True
            return True
        path = window.repo.path
        if path is None:
            return False
        zone = user_zone(window.repo)
        current = Week.current(zone, week_start(window.repo)).start
        start = min(current, window.week.start)  # the week shown on, and this week on
        self.busy = True
        self.pending = False
        window.statusBar().showMessage("Syncing with the calendar…")

        def work() -> None:
            message, failed = run_sync(Path(path), account, start, self.timeout)
            with contextlib.suppress(RuntimeError):  # the window is gone; the sync is done
                self.finished.emit(message, failed)

        QThreadPool.globalInstance().start(work)
        return True

    def edited(self) -> None:
        """An edit was made: sync a little later if the user asked for that."""
        try:
            wanted = self.window.repo.setting(AUTO_KEY) is True and account_of(self.window.repo) is not None
        except (ReadWriteError, StorageError):  # the window's database is closed or damaged
            return
        if wanted:
            self.auto_timer.start()  # restarted by each edit

    def _done(self, message: str, failed: bool) -> None:
        self.busy = False
        self.message, self.failed = message, failed
        # The sync wrote only its own records: take them as seen, not as an outside change.
        with contextlib.suppress(ReadWriteError):
            self.window.database.seen()
        self.window.statusBar().showMessage(message, 0 if failed else STATUS_MS)
        if self.pending:
            self.start()


class SyncSettingsDialog(QDialog):
    """The calendar account: address, user, calendar name, password, sync after edits."""

    def __init__(self, repo: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.setWindowTitle("Calendar sync")
        account = account_of(repo)
        self.url = QLineEdit(account.url if account else "", self)
        self.url.setPlaceholderText("https://cloud.example.org/remote.php/dav/calendars/anna/personal/")
        self.user = QLineEdit(account.user or "" if account else "", self)
        self.calendar = QLineEdit(account.calendar or "" if account else "", self)
        self.calendar.setPlaceholderText("only if the address is the account, not the calendar")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("kept in the system keyring; empty: keep the one stored")
        self.auto = QCheckBox(f"Sync {AUTO_DELAY_MS // 1000} seconds after the last edit", self)
        self.auto.setChecked(repo.setting(AUTO_KEY) is True)
        for widget, name in ((self.url, "Calendar address"), (self.user, "User name"),
                             (self.calendar, "Calendar name"), (self.password, "Password")):
            widget.setAccessibleName(name)
        form = QFormLayout()
        form.addRow("&Address:", self.url)
        form.addRow("&User:", self.user)
        form.addRow("&Calendar:", self.calendar)
        form.addRow("&Password:", self.password)
        form.addRow("", self.auto)
        note = QLabel("Posts and engagement slots from the week shown (or this week) on are "
                      "published as events with an alarm; nothing is read back from the calendar. "
                      "Other events in that calendar are left alone.", self)
        note.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setObjectName("sync_error")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)  # a calendar address is long

    def accept(self) -> None:
        from app.sync.service import check_account
        from app.sync.webdav import SyncError

        url, user = self.url.text().strip(), self.user.text().strip()
        try:
            if url:
                check_account(Account(url, user or None))
            if self.password.text():
                if not (url and user):
                    raise SyncError("a password needs the address and the user name")
                from app.sync.secrets import store_password

                store_password(url, user, self.password.text())
        except SyncError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        for key, value in ((URL_KEY, url), (USER_KEY, user),
                           (CALENDAR_KEY, self.calendar.text().strip()), (AUTO_KEY, self.auto.isChecked())):
            self.repo.set_setting(key, value)
        self.password.clear()
        super().accept()


def open_sync_settings(window: Any) -> SyncSettingsDialog:
    dialog = SyncSettingsDialog(window.repo, window)
    dialog.open()
    return dialog


def install(window: MainWindow, sync_action: Any, settings_action: Any) -> CalendarSync:
    """Wire the two menu commands and the sync after edits; returns the controller."""
    controller = CalendarSync(window)
    sync_action.triggered.connect(controller.start)
    settings_action.triggered.connect(lambda: open_sync_settings(window))
    window.undo_stack.indexChanged.connect(lambda _: controller.edited())
    return controller
