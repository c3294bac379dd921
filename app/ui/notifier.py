"""Due-now notices on the desktop: the tray icon and its messages, the timer to the next
due moment, and the session autostart entry.

The timer is single-shot, set to the next moment something is due (`DueNow.next_due`),
never a poll every second; it is capped so a machine woken from sleep looks again soon
(a monotonic timer does not count the time asleep). Each notice is written down when it
is told (app.services.daily), so nothing is told twice, even across a restart, and what
came due while Presence was closed is told once, as a count, on the next start.
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from app import APP_NAME
from app.services.daily import Clock, DueEvent, DueKind, DueNow, Told, describe, system_clock
from app.storage.repository import Repository

# Longest wait between two looks at the clock (see the module's docstring).
MAX_WAIT_MS = 15 * 60 * 1000
MESSAGE_MS = 15000


@dataclass(frozen=True, slots=True)
class Notice:
    """One message shown: about one due event, or (missed) a count of several."""

    title: str
    body: str
    events: tuple[DueEvent, ...]
    missed: bool = False


def missed_summary(events: list[DueEvent], names: dict[str, str]) -> Notice:
    """"2 posts were due while Presence was closed", with what they were."""
    posts = sum(1 for e in events if e.kind is DueKind.POST)
    slots = len(events) - posts
    parts = []
    if posts:
        parts.append(f"{posts} post{'s' if posts != 1 else ''}")
    if slots:
        parts.append(f"{slots} engagement slot{'s' if slots != 1 else ''}")
    verb = "was" if len(events) == 1 else "were"
    title = f"{' and '.join(parts)} {verb} due while {APP_NAME} was closed"
    lines = []
    for event in events[:5]:
        if event.occurrence is not None:
            occ = event.occurrence
            name = names.get(occ.platform, occ.platform)
            lines.append(f"{event.due:%a %H:%M} · {occ.activity.value} on {name}, {occ.duration_min} min")
            continue
        what, words = describe(event, names)
        lines.append(f"{event.due:%a %H:%M} · {what}: {words}")
    if len(events) > 5:
        lines.append(f"and {len(events) - 5} more")
    return Notice(title, "\n".join(lines), tuple(events), missed=True)


class Notifier(QObject):
    """Shows notices in the system tray where there is one; every notice sent is also
    kept in `sent` and signalled, which the window (and the tests) follow."""

    notice_sent = Signal(object)  # Notice
    clicked = Signal(object)  # the Notice whose message was clicked
    show_requested = Signal()
    quit_requested = Signal()

    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sent: list[Notice] = []
        self._last: Notice | None = None
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(APP_NAME)
            menu = QMenu()
            menu.addAction(f"Show {APP_NAME}", self.show_requested.emit)
            menu.addSeparator()
            menu.addAction("Quit", self.quit_requested.emit)
            self._menu = menu
            self.tray.setContextMenu(menu)
            self.tray.activated.connect(self._activated)
            self.tray.messageClicked.connect(self._message_clicked)
            self.tray.show()

    @property
    def has_tray(self) -> bool:
        return self.tray is not None and self.tray.isVisible()

    def send(self, notice: Notice) -> None:
        self.sent.append(notice)
        self._last = notice
        if self.tray is not None and self.tray.supportsMessages():
            self.tray.showMessage(notice.title, notice.body,
                                  QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)
        self.notice_sent.emit(notice)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_requested.emit()

    def _message_clicked(self) -> None:
        if self._last is not None:
            self.clicked.emit(self._last)

    def hide(self) -> None:
        if self.tray is not None:
            self.tray.hide()


class DueScheduler(QObject):
    """Looks for what is due when the timer fires, tells it through the notifier, and sets
    the timer to the next due moment."""

    def __init__(self, due: DueNow, notifier: Notifier, names: dict[str, str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.due = due
        self.notifier = notifier
        self.names = names
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)
        self.next_due: datetime | None = None

    def start(self) -> Told:
        """On start: what came due while closed, told once as a count; then what is due now."""
        told = self.due.check(starting=True)
        if told.missed:
            self.notifier.send(missed_summary(told.missed, self.names))
        self._tell(told.due)
        self.schedule()
        return told

    def check(self) -> Told:
        told = self.due.check()
        self._tell(told.due)
        self.schedule()
        return told

    def _tell(self, events: list[DueEvent]) -> None:
        for event in events:
            title, body = describe(event, self.names)
            self.notifier.send(Notice(title, body, (event,)))

    def schedule(self) -> None:
        """Set the timer to the next due moment (after an edit too: it may have moved)."""
        now = self.due.now()
        self.next_due = self.due.next_due()
        wait = MAX_WAIT_MS
        if self.next_due is not None:
            wait = min(wait, max(0, int((self.next_due - now).total_seconds() * 1000)))
        self.timer.start(wait)

    def stop(self) -> None:
        self.timer.stop()


def scheduler(repo: Repository, zone: ZoneInfo, notifier: Notifier, clock: Clock | None = None,
              parent: QObject | None = None) -> DueScheduler:
    names = {p.id: p.name for p in repo.platforms().values()}
    return DueScheduler(DueNow(repo, zone, clock or system_clock), notifier, names, parent)


# -- starting with the session (XDG autostart, Linux and other freedesktop systems) --------


def autostart_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "autostart" / "presence.desktop"


def launch_command() -> str:
    """How this Presence is started again: the installed `presence`, else this Python."""
    exe = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    if exe is not None and exe.name == "presence" and exe.exists():
        return shlex.quote(str(exe))
    return f"{shlex.quote(sys.executable)} -m app"


def autostart_enabled() -> bool:
    return autostart_file().is_file()


def set_autostart(enabled: bool, command: str | None = None) -> Path:
    """Write (or remove) the desktop entry that starts Presence with the session."""
    path = autostart_file()
    if not enabled:
        path.unlink(missing_ok=True)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "Comment=Plan your social presence week by week; tells you when a post is due\n"
        f"Exec={command or launch_command()}\n"
        "Icon=presence\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n",
        encoding="utf-8",
    )
    return path

