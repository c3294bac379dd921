"""The daily loop in the window: the Today panel, due-now notices, posting by hand, marks.

`DailyLoop` belongs to the main window. It keeps the Today panel (left of the
week), runs the due-now timer (app.ui.notifier), copies a post's text and link, opens the
platform's composer through QDesktopServices (Presence itself opens no connection), and
makes every mark an undoable edit (MarkCommand). Options kept with the window's layout:
stay in the tray when the window closes (off by default), start with the session.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, QSettings, Qt, QTime, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.domain.items import Post, PostStatus
from app.services import daily
from app.services.daily import Clock, Marking, TodayEntry
from app.storage.errors import ReadWriteError, StorageError
from app.ui.commands import MarkCommand
from app.ui.notifier import DueScheduler, Notice, Notifier, autostart_enabled, scheduler, set_autostart
from app.ui.today_panel import TodayPanel

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

DialogT = TypeVar("DialogT", bound=QDialog)
TRAY_KEY = "daily/keep_in_tray"
TODAY_KEY = "daily/today_shown"
PANEL_WIDTH = 290  # two buttons side by side with a platform's name; the week keeps the rest
PANEL_MIN_WIDTH = 230
# Seven readable days, the findings and the Today panel side by side.
AUTO_SHOW_WIDTH = 1400
SKIP_REASONS = ("No longer relevant", "The link is broken", "Too much promotion this week",
                "No time today", "Posted something better instead")


def _is_web_address(text: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in text)


def _post_layout(dialog: QDialog, post: Post) -> QVBoxLayout:
    """A mark dialog's layout, opening with the start of the post's words."""
    layout = QVBoxLayout(dialog)
    words = " ".join((post.text or post.link).split())
    intro = QLabel(f"{words[:80]}{'…' if len(words) > 80 else ''}", dialog)
    intro.setWordWrap(True)
    layout.addWidget(intro)
    return layout


def _ok_cancel(dialog: QDialog, layout: QVBoxLayout) -> QDialogButtonBox:
    """OK and Cancel at the foot of `layout`, accepting and rejecting `dialog`."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return buttons


class PostedDialog(QDialog):
    """When a post went out and, optionally, its address."""

    def __init__(self, post: Post, at: datetime, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Posted")
        self.post = post
        layout = _post_layout(self, post)
        form = QFormLayout()
        wall = QDateTime(QDate(at.year, at.month, at.day), QTime(at.hour, at.minute, at.second))
        self.when = QDateTimeEdit(wall, self)
        self.when.setDisplayFormat("ddd d MMM yyyy HH:mm")
        self.when.setCalendarPopup(True)
        form.addRow("Posted at", self.when)
        self.url = QLineEdit(url, self)
        self.url.setPlaceholderText("https://… (optional: the published post's address)")
        self.url.setClearButtonEnabled(True)
        form.addRow("Address", self.url)
        layout.addLayout(form)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.buttons = _ok_cancel(self, layout)
        self.url.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        url = self.url.text().strip()
        wrong = bool(url) and not _is_web_address(url)
        self.problem.setText("The address is not a web address (https://…)" if wrong else "")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not wrong)

    def moment(self, zone: Any) -> datetime:
        naive = self.when.dateTime().toPython()
        assert isinstance(naive, datetime)
        from app.domain.zones import local

        return local(naive.date(), naive.time().replace(second=0, microsecond=0), zone)


class SkipDialog(QDialog):
    """Why a post is skipped (a few common reasons, or the user's own words)."""

    def __init__(self, post: Post, reason: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Skip this post")
        layout = _post_layout(self, post)
        form = QFormLayout()
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItems(SKIP_REASONS)
        self.reason.setCurrentText(reason)
        field = self.reason.lineEdit()
        assert field is not None  # the box is editable
        field.setPlaceholderText("Why? (optional, for the review)")
        form.addRow("Reason", self.reason)
        layout.addLayout(form)
        _ok_cancel(self, layout).button(QDialogButtonBox.StandardButton.Ok).setText("Skip")

    def text(self) -> str:
        return " ".join(self.reason.currentText().split())


class _ResizeWatch(QObject):
    """Calls back when the window it watches changes size."""

    def __init__(self, callback: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.callback()
        return False


class DailyLoop:
    """Everything of the daily loop the main window holds."""

    def __init__(self, window: MainWindow, settings: QSettings, clock: Clock | None = None) -> None:
        from app.resources import app_icon

        self.window = window
        self.settings = settings
        self.clock: Clock = clock or daily.system_clock
        self.notifier = Notifier(app_icon(), window)
        self.scheduler: DueScheduler = scheduler(window.repo, window.zone, self.notifier, self.clock, window)
        self.missed: Notice | None = None
        self.dialog: QDialog | None = None
        self.opened: list[str] = []  # composer addresses handed to the desktop, newest last

        self.actions: Any = None
        self.panel_known = False
        self.panel = TodayPanel(window)
        # Left of the week, in a splitter of its own where the week stood: the window's
        # splitter (week | findings) and its remembered sizes stay as they were.
        self.splitter = QSplitter(Qt.Orientation.Horizontal, window)
        self.splitter.setObjectName("today_splitter")
        window.splitter.replaceWidget(0, self.splitter)
        # The new widget comes with no stretch: without this every extra pixel of a wide
        # window went to the findings beside the week.
        window.splitter.setStretchFactor(0, 3)
        self.splitter.addWidget(self.panel)
        self.splitter.addWidget(window.central_stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.panel.setMinimumWidth(PANEL_MIN_WIDTH)
        self.panel.close_requested.connect(lambda: self._today_chosen(False))
        # Until the user shows or hides it, the panel is shown on days with something planned.
        self.chosen = settings.value(TODAY_KEY, None)
        self.has_entries = False
        self._resize_watch = _ResizeWatch(self._auto_show, window)
        window.installEventFilter(self._resize_watch)
        self.set_panel_shown(self.chosen in (True, "true"))

        self.panel.action_requested.connect(self.act)
        self.panel.missed_requested.connect(self.show_missed)
        self.notifier.notice_sent.connect(self._notice_sent)
        self.notifier.clicked.connect(self.open_notice)
        self.notifier.show_requested.connect(self.show_window)
        self.notifier.quit_requested.connect(self.quit)
        self.quitting = False
        self.started = False

    # -- options ---------------------------------------------------------------------------

    @property
    def keep_in_tray(self) -> bool:
        return self.settings.value(TRAY_KEY, False) in (True, "true")

    def set_keep_in_tray(self, on: bool) -> None:
        self.settings.setValue(TRAY_KEY, on)
        QApplication.setQuitOnLastWindowClosed(not on)
        if on and not self.notifier.has_tray:
            self.window.statusBar().showMessage(
                "This desktop shows no system tray: closing the window will still quit Presence", 6000)

    def set_autostart(self, on: bool) -> None:
        try:
            path = set_autostart(on)
        except OSError as exc:
            QMessageBox.warning(self.window, APP_NAME, f"Could not change the session start: {exc}")
            return
        self.window.statusBar().showMessage(
            f"Presence starts with the session ({path})" if on
            else "Presence no longer starts with the session", 5000)

    def hide_on_close(self) -> bool:
        """The window closes to the tray: only with the option on, a tray shown, and not
        when the user asked to quit."""
        return self.keep_in_tray and self.notifier.has_tray and not self.quitting

    def quit(self) -> None:
        """File > Quit, or the tray's Quit: really quit, even when kept in the tray."""
        self.quitting = True
        self.window.close()
        if not QApplication.quitOnLastWindowClosed():
            QApplication.quit()

    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def set_panel_shown(self, shown: bool) -> None:
        if shown == self.panel.isVisibleTo(self.window) and self.panel_known:
            return
        self.panel_known = True
        self.panel.setVisible(shown)
        if shown:
            total = sum(self.splitter.sizes()) or self.window.width()
            self.splitter.setSizes([PANEL_WIDTH, max(total - PANEL_WIDTH, 1)])
        if self.actions is not None:
            from app.ui.actions import ActionId

            self.actions[ActionId.TODAY_PANEL].setChecked(shown)

    # -- due now -----------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock().astimezone(self.window.zone)

    def start(self) -> None:
        """Tell what came due while closed (once), what is due now, and set the timer."""
        self.started = True
        try:
            self.scheduler.start()
        except (StorageError, ReadWriteError) as exc:  # a read-only file: no notices kept
            self.window.statusBar().showMessage(f"Due-now notices are off: {exc}")
        self.refresh()

    def stop(self) -> None:
        self.scheduler.stop()
        self.notifier.hide()

    def refresh(self) -> None:
        """After every change: the Today list again, and the timer to the next due moment."""
        now = self.now()
        try:
            entries = daily.today(self.window.repo, self.window.zone, now)
        except StorageError:
            return
        self.panel.set_entries(now.date(), entries, self.window.repo.platforms())
        self.has_entries = bool(entries)
        self._auto_show()
        if self.started:
            with contextlib.suppress(StorageError, ReadWriteError):
                self.scheduler.schedule()

    def _auto_show(self) -> None:
        """Until the user chooses, the panel shows on a day with something planned, but only
        where it leaves the whole week in view: in a smaller window the week comes first,
        and View > Today or a notice brings the panel."""
        if self.chosen is None and self.settings.value(TODAY_KEY, None) is None:
            self.set_panel_shown(self.has_entries and self.window.width() >= AUTO_SHOW_WIDTH)

    def _notice_sent(self, notice: Notice) -> None:
        if notice.missed:
            self.missed = notice
            self.set_panel_shown(True)  # its banner tells what was missed
            self.panel.show_banner(notice.title, notice.body)
            self.window.statusBar().showMessage(notice.title, 10000)
        else:
            self.window.statusBar().showMessage(f"{notice.title}: {notice.body}", 10000)
            QApplication.alert(self.window)
        self.refresh()

    def open_notice(self, notice: Notice) -> None:
        """A notice clicked: the window, the Today panel, the item's row."""
        self.show_window()
        self.set_panel_shown(True)
        if notice.missed:
            self.show_missed()
            return
        event = notice.events[0]
        self.panel.focus_item(event.item_id, event.due)

    def show_missed(self) -> None:
        """Select what came due while Presence was closed, in the week of the first one."""
        if self.missed is None or not self.missed.events:
            return
        first = self.missed.events[0]
        from app.domain.weeks import Week
        from app.services.preferences import week_start

        win = self.window
        week = Week.containing(first.due.astimezone(win.zone).date(), win.zone, week_start(win.repo))
        if week != win.week:
            win.go_to(week)
        win.select_items([e.item_id for e in self.missed.events])

    # -- posting by hand ----------------------------------------------------------------

    def copy(self, post: Post) -> str:
        text = daily.clipboard_text(post)
        QGuiApplication.clipboard().setText(text)
        self.window.statusBar().showMessage("Copied the text and link: paste it in the post", 4000)
        return text

    def compose(self, post: Post) -> str | None:
        """Copy, then open the platform's composer in the browser (asks a Mastodon user
        their server once)."""
        self.copy(post)
        instance = self.window.repo.setting(daily.MASTODON_INSTANCE_KEY) if post.platform == "mastodon" \
            else None
        target = daily.composer(post, instance if isinstance(instance, str) else None)
        if target.needs_instance:
            self.ask_instance(lambda: self.compose(post))
            return None
        if target.url is None:
            self.window.statusBar().showMessage(
                "No web composer known for this platform: the text and link are on the clipboard", 6000)
            return None
        self.opened.append(target.url)
        QDesktopServices.openUrl(QUrl(target.url, QUrl.ParsingMode.StrictMode))
        how = "with the text filled in" if target.fills_text else "paste the text from the clipboard"
        self.window.statusBar().showMessage(f"Opened the composer in your browser: {how}", 6000)
        return target.url

    def ask_instance(self, then: Callable[[], object]) -> QInputDialog:
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle("Your Mastodon server")
        dialog.setLabelText("Which server is your Mastodon account on? (for example mastodon.social)\n"
                            "Asked once; kept with this planner.")
        dialog.setTextValue("mastodon.social")

        def done(result: int) -> None:
            if result != QDialog.DialogCode.Accepted:
                return
            try:
                host = daily.check_instance(dialog.textValue())
            except ValueError as exc:
                QMessageBox.warning(self.window, APP_NAME, str(exc))
                return
            self.window.repo.set_setting(daily.MASTODON_INSTANCE_KEY, host)
            then()

        dialog.finished.connect(done)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- marks ---------------------------------------------------------------------------

    def run_mark(self, text: str, mark: Callable[[], Marking]) -> Marking | None:
        win = self.window
        try:
            marking = mark()
        except (KeyError, ValueError, TypeError, StorageError, ReadWriteError) as exc:
            QMessageBox.warning(win, APP_NAME, f"Could not {text}: {exc}")
            win.refresh()
            return None
        if marking.empty:
            return marking
        win.undo_stack.push(MarkCommand(text, win.repo, marking, win.refresh, win.edit_controller.failed))
        win.statusBar().showMessage(f"Saved: {text} (Ctrl+Z undoes it)", 5000)
        return marking

    def mark_posted(self, ids: list[int], at: datetime | None = None, url: str = "") -> Marking | None:
        what = "post" if len(ids) == 1 else f"{len(ids)} posts"
        return self.run_mark(f"mark {what} posted", lambda: daily.mark_posts(
            self.window.repo, ids, PostStatus.POSTED, at or self.now(), url))

    def mark_skipped(self, ids: list[int], reason: str) -> Marking | None:
        what = "post" if len(ids) == 1 else f"{len(ids)} posts"
        return self.run_mark(f"skip {what}", lambda: daily.mark_posts(
            self.window.repo, ids, PostStatus.SKIPPED, self.now(), reason=reason))

    def unmark(self, ids: list[int]) -> Marking | None:
        return self.run_mark("put post back to scheduled", lambda: daily.unmark_posts(self.window.repo, ids))

    def mark_done(self, slot_id: int, occurrence: datetime, done: bool = True) -> Marking | None:
        return self.run_mark("mark slot done" if done else "mark slot not done",
                             lambda: daily.mark_done(self.window.repo, slot_id, occurrence, done))

    def posted_dialog(self, post: Post) -> PostedDialog:
        """Posted at a time, with an address: for a post marked already, or not yet."""
        assert post.id is not None
        mark = self.window.repo.post_marks([post.id]).get(post.id)
        at = mark.at.astimezone(self.window.zone) if mark is not None and \
            mark.status is PostStatus.POSTED else self.now()
        dialog = PostedDialog(post, at, mark.url if mark is not None else "", self.window)

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self.mark_posted([post.id or 0], dialog.moment(self.window.zone), dialog.url.text().strip())

        return self._open(dialog, done)

    def skip_dialog(self, post: Post) -> SkipDialog:
        assert post.id is not None
        mark = self.window.repo.post_marks([post.id]).get(post.id)
        dialog = SkipDialog(post, mark.reason if mark is not None else "", self.window)

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self.mark_skipped([post.id or 0], dialog.text())

        return self._open(dialog, done)

    def _open(self, dialog: DialogT, done: Callable[[int], None]) -> DialogT:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(done)
        self.dialog = dialog
        dialog.open()
        return dialog

    def act(self, key: str, entry: TodayEntry) -> Any:
        """A button of the Today panel."""
        if entry.occurrence is not None:
            return self.mark_done(entry.item_id, entry.occurrence.start, not entry.occurrence.done)
        post = self.window.repo.get(entry.item_id)
        if not isinstance(post, Post):
            return None
        if key == "copy":
            return self.copy(post)
        if key == "compose":
            return self.compose(post)
        if key == "posted":
            return self.mark_posted([entry.item_id])
        if key == "skip":
            return self.skip_dialog(post)
        if key == "address":
            return self.posted_dialog(post) if post.status is PostStatus.POSTED else self.skip_dialog(post)
        if key == "unmark":
            return self.unmark([entry.item_id])
        return None

    # -- the selected cards ------------------------------------------------------------

    def card_post(self) -> Post | None:
        """The post of the one selected card, as the week shows it (no database read)."""
        cards = self.window.week_view.selected_cards()
        posts = [c.post for c in cards if c.post is not None]
        return posts[0] if len(cards) == 1 and len(posts) == 1 and posts[0].id is not None else None

    def selected_post(self) -> Post | None:
        post = self.card_post()
        item = self.window.repo.get(post.id) if post is not None and post.id is not None else None
        return item if isinstance(item, Post) else None

    def mark_cards(self) -> Marking | None:
        """Ctrl+M: the selected posts posted now, the selected slot occurrences done."""
        cards = self.window.week_view.selected_cards()
        posts = list(dict.fromkeys(c.item_id for c in cards if c.post is not None))
        occs = [c for c in cards if c.occurrence is not None]
        if not posts and not occs:
            return None
        now = self.now()

        def mark() -> Marking:
            with self.window.repo.transaction():
                marking = daily.mark_posts(self.window.repo, posts, PostStatus.POSTED, now) \
                    if posts else Marking()
                change = marking.change
                for card in occs:
                    assert card.occurrence is not None
                    change = change + daily.mark_done(
                        self.window.repo, card.item_id, card.occurrence.start).change
                return Marking(change, marking.marks)

        if len(cards) == 1:
            what = "post posted" if posts else "slot done"
        else:
            what = "posts posted" if not occs else "slots done" if not posts else "posted / done"
        return self.run_mark(f"mark {what}", mark)

    def update_actions(self) -> None:
        if self.actions is None:
            return
        from app.ui.actions import ActionId

        post = self.card_post()
        for action_id in (ActionId.COPY_POST, ActionId.OPEN_COMPOSER, ActionId.POSTED_AS,
                          ActionId.SKIP_POST):
            self.actions[action_id].setEnabled(post is not None)
        self.actions[ActionId.UNMARK_POST].setEnabled(
            post is not None and post.status in (PostStatus.POSTED, PostStatus.SKIPPED))

    def install(self, actions: Any, card_menu: QMenu) -> None:
        """Wire the window's actions (menus, card menu) to the daily loop."""
        from app.ui.actions import ActionId

        self.actions = actions
        a = actions

        def with_post(then: Callable[[Post], object]) -> Callable[[], None]:
            def run() -> None:
                post = self.selected_post()
                if post is not None:
                    then(post)
            return run

        a[ActionId.COPY_POST].triggered.connect(with_post(self.copy))
        a[ActionId.OPEN_COMPOSER].triggered.connect(with_post(self.compose))
        a[ActionId.POSTED_AS].triggered.connect(with_post(self.posted_dialog))
        a[ActionId.SKIP_POST].triggered.connect(with_post(self.skip_dialog))
        a[ActionId.UNMARK_POST].triggered.connect(with_post(lambda p: self.unmark([p.id or 0])))
        a[ActionId.REVIEW].triggered.connect(self.open_review)
        today = a[ActionId.TODAY_PANEL]
        today.setCheckable(True)
        today.setChecked(self.panel.isVisibleTo(self.window))
        today.triggered.connect(self._today_chosen)
        tray = a[ActionId.KEEP_IN_TRAY]
        tray.setCheckable(True)
        tray.setChecked(self.keep_in_tray)
        tray.setEnabled(self.notifier.tray is not None or self.keep_in_tray)
        if self.notifier.tray is None:
            tray.setToolTip("This desktop shows no system tray")
        tray.toggled.connect(self.set_keep_in_tray)
        QApplication.setQuitOnLastWindowClosed(not (self.keep_in_tray and self.notifier.has_tray))
        autostart = a[ActionId.AUTOSTART]
        autostart.setCheckable(True)
        autostart.setChecked(autostart_enabled())
        autostart.toggled.connect(self.set_autostart)
        first = card_menu.actions()[3] if len(card_menu.actions()) > 3 else None  # after Mark posted
        for action_id in (ActionId.POSTED_AS, ActionId.SKIP_POST, ActionId.UNMARK_POST, None,
                          ActionId.COPY_POST, ActionId.OPEN_COMPOSER, None):
            if action_id is None:
                card_menu.insertSeparator(first) if first is not None else card_menu.addSeparator()
            elif first is not None:
                card_menu.insertAction(first, a[action_id])
            else:
                card_menu.addAction(a[action_id])
        self.update_actions()

    def _today_chosen(self, on: bool) -> None:
        self.settings.setValue(TODAY_KEY, on)
        self.set_panel_shown(on)

    # -- review ------------------------------------------------------------------------

    def open_review(self) -> Any:
        from app.ui.review_view import ReviewDialog

        dialog = ReviewDialog(self.window.repo, self.window.week, self.clock, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.show()
        return dialog

