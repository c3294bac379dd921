"""File > Sync to calendar in a real window (offscreen) against a real Radicale server.

The window calls the same service as `presence sync caldav`, on a pool thread: the
window keeps answering while the server is slow, and the outcome is a status-bar line.
"""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from app import APP_NAME
from app.domain.items import Post, PostKind
from app.domain.weeks import Week
from app.services import edits
from app.services.demo import fill_demo
from app.storage.repository import Repository
from app.sync.secrets import PASSWORD_ENV
from app.sync.service import AUTO_KEY, CALENDAR_KEY, URL_KEY, USER_KEY
from app.ui.actions import ActionId
from app.ui.main_window import MainWindow
from app.ui.sync_actions import SyncSettingsDialog
from tests.sync.support import PASSWORD, USER, Radicale

LISBON = ZoneInfo("Europe/Lisbon")
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in this process (keyring's own backend interface)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def window(qtbot, repo: Repository, tmp_path: Path,  # type: ignore[no-untyped-def]
           monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    QApplication.instance().setApplicationName(APP_NAME)  # type: ignore[union-attr]
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    repo.set_setting("zone", "Europe/Lisbon")
    week = Week.current(LISBON)
    fill_demo(repo, week)
    win = MainWindow(repo, QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat), week)
    qtbot.addWidget(win)
    win.poll.stop()
    yield win
    qtbot.waitUntil(lambda: not win.calendar_sync.busy, timeout=30_000)  # no thread left behind


def set_account(repo: Repository, url: str, user: str = USER, calendar: str = "") -> None:
    for key, value in ((URL_KEY, url), (USER_KEY, user), (CALENDAR_KEY, calendar)):
        repo.set_setting(key, value)


def status(win: MainWindow) -> str:
    return win.statusBar().currentMessage()


def test_sync_publishes_through_the_service_and_reports_in_the_status_bar(
        qtbot, window: MainWindow, radicale: Radicale, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    set_account(window.repo, radicale.calendar_url)
    window.registry[ActionId.SYNC].trigger()
    assert status(window) == "Syncing with the calendar…"
    qtbot.waitUntil(lambda: status(window).startswith("Published to calendar"), timeout=30_000)
    assert "22 added, 0 updated, 0 removed" in status(window)
    assert len(radicale.events()) == window.repo.count()

    window.registry[ActionId.SYNC].trigger()
    qtbot.waitUntil(lambda: "is up to date" in status(window), timeout=30_000)


def test_the_window_keeps_answering_while_a_silent_server_times_out(
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        set_account(window.repo, f"http://127.0.0.1:{silent.getsockname()[1]}/anna/plan/")
        window.calendar_sync.timeout = 2.0
        before = window.repo.count()
        window.registry[ActionId.SYNC].trigger()
        ticks: list[bool] = []
        QTimer.singleShot(0, lambda: ticks.append(window.calendar_sync.busy))
        qtbot.waitUntil(lambda: bool(ticks), timeout=1_000)
        assert ticks == [True]  # the event loop ran while the sync was still waiting
        window.registry[ActionId.NEXT_WEEK].trigger()  # and the window still does its work
        assert window.week == Week.current(LISBON).shifted(1)
        qtbot.waitUntil(lambda: status(window).startswith("Calendar sync failed"), timeout=30_000)
    assert "no answer within 2 s (timeout)" in status(window)
    assert window.repo.count() == before


def test_a_refused_login_is_one_line_in_the_status_bar(
        qtbot, window: MainWindow, radicale: Radicale, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(PASSWORD_ENV, "wrong")
    set_account(window.repo, radicale.calendar_url)
    window.registry[ActionId.SYNC].trigger()
    qtbot.waitUntil(lambda: status(window).startswith("Calendar sync failed"), timeout=30_000)
    assert "refused the login of 'anna'" in status(window) and "\n" not in status(window)
    assert radicale.events() == {}


def test_the_settings_keep_the_password_in_the_keyring_not_in_the_database(
        qtbot, window: MainWindow, radicale: Radicale, memory_keyring: MemoryKeyring) -> None:  # type: ignore[no-untyped-def]
    window.registry[ActionId.SYNC].trigger()  # no account yet: the settings open
    dialog = window.findChild(SyncSettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.url.setText(radicale.root)
    dialog.user.setText(USER)
    dialog.calendar.setText("plan")
    dialog.password.setText(PASSWORD)
    dialog.accept()
    assert dialog.result() == SyncSettingsDialog.DialogCode.Accepted
    assert memory_keyring.kept == {("presence-caldav", f"{USER}@127.0.0.1:{radicale.port}"): PASSWORD}
    assert window.repo.path is not None
    with sqlite3.connect(window.repo.path) as conn:
        assert PASSWORD not in "\n".join(conn.iterdump())

    window.registry[ActionId.SYNC].trigger()
    qtbot.waitUntil(lambda: status(window).startswith("Published to calendar"), timeout=30_000)
    assert len(radicale.events()) == window.repo.count()


def test_a_password_without_an_address_is_refused_in_the_dialog(
        window: MainWindow, memory_keyring: MemoryKeyring) -> None:
    dialog = SyncSettingsDialog(window.repo, window)
    dialog.password.setText(PASSWORD)
    dialog.accept()
    assert dialog.result() != SyncSettingsDialog.DialogCode.Accepted
    assert "needs the address and the user name" in dialog.error.text()
    assert memory_keyring.kept == {} and window.repo.setting(URL_KEY) is None


def test_with_sync_after_edits_an_edit_is_published_a_little_later(
        qtbot, window: MainWindow, radicale: Radicale, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    set_account(window.repo, radicale.calendar_url)
    window.calendar_sync.auto_timer.setInterval(100)
    post = Post("mastodon", window.week.start + timedelta(days=2, hours=11), PostKind.OWN,
                text="Published by itself after the edit")
    window.run_edit("add a post", lambda: edits.add_item(window.repo, post))
    assert not window.calendar_sync.auto_timer.isActive()  # off until asked for

    window.repo.set_setting(AUTO_KEY, True)
    window.run_edit("add a post", lambda: edits.add_item(window.repo, post))
    assert window.calendar_sync.auto_timer.isActive()
    qtbot.waitUntil(lambda: status(window).startswith("Published to calendar"), timeout=30_000)
    texts = [str(e.vevent.get("DESCRIPTION", "")) for e in radicale.events().values()]
    assert sum("Published by itself after the edit" in t for t in texts) == 2
    assert isinstance(window.week.start, datetime)
