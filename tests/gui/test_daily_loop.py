"""The daily loop as a user lives it: a day played on an injected clock (never a sleep).

Posts come due and are told once each (through the notifier's record of what it sent),
the user copies a post, opens its composer (the address handed to the desktop is
recorded by a URL handler), marks it posted with its address, skips one with a reason,
ticks a slot done; the review of the week then says exactly that, in the window and from
`presence review --json` as a real process. A post due while Presence is closed is told
once on the next start, and not again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import QObject, QSettings, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from app.domain.items import Activity, Goal, GoalMetric, Post, PostKind, PostStatus
from app.domain.items import Slot as EngagementSlot
from app.domain.weeks import Week
from app.services.review import review_week
from app.storage.repository import Repository
from app.ui.actions import ActionId
from app.ui.daily_actions import PostedDialog, SkipDialog
from app.ui.main_window import MainWindow
from app.ui.notifier import MAX_WAIT_MS
from tests.daily_clock import Clock, at
from tests.gui.conftest import BERLIN

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen dialogs; harmless

WEEK = "2026-W48"

class Browser(QObject):
    """Stands in for the desktop's browser: records every web address Presence opens."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))


@pytest.fixture
def browser() -> Iterator[Browser]:
    recorder = Browser()
    QDesktopServices.setUrlHandler("https", recorder, "open")
    yield recorder
    QDesktopServices.unsetUrlHandler("https")


@pytest.fixture
def day_repo(repo: Repository) -> Repository:
    """A Tuesday: X at 09:00 (curated, with a link), a Mastodon reply slot at 10:00,
    Bluesky at 12:00, LinkedIn promo at 17:00; two goals."""
    repo.set_setting("zone", "Europe/Berlin")
    repo.add(Post("x", at(9), PostKind.CURATED, text="A fine essay on walking cities",
                  link="https://example.com/essay"))
    repo.add(EngagementSlot("mastodon", at(10), 30, Activity.REPLY))
    repo.add(Post("bluesky", at(12), PostKind.OWN, text="Seven walks in Lisbon",
                  link="https://slowroads.blog/lisbon"))
    repo.add(Post("linkedin", at(17), PostKind.PROMO, text="The photo-walks course opens today"))
    repo.save_goal(Goal(WEEK, "x", 1, PostKind.CURATED.value, GoalMetric.AT_LEAST))
    repo.save_goal(Goal(WEEK, "bluesky", 1, PostKind.OWN.value, GoalMetric.AT_LEAST))
    return repo


_OPEN: list[MainWindow] = []


@pytest.fixture(autouse=True)
def _close_windows(repo: Repository) -> Iterator[None]:
    """Windows closed while their database is still open (set up after `repo`, so torn
    down before it): nothing left on an undo stack reads a closed file afterwards."""
    yield
    while _OPEN:
        window = _OPEN.pop()
        window.undo_stack.clear()
        window.close()


def open_window(qtbot, repo: Repository, layout: QSettings, clock: Clock) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(repo, layout, Week.parse(WEEK, BERLIN), clock=clock)
    qtbot.addWidget(window)
    _OPEN.append(window)
    window.resize(1400, 850)
    window.poll.stop()  # the test drives refreshes
    return window


def tick(window: MainWindow, clock: Clock, moment: datetime) -> None:
    """Time passes to `moment`, and the due-now timer fires (its own code path)."""
    clock.now = moment
    window.daily.scheduler.timer.timeout.emit()


def sent_titles(window: MainWindow) -> list[str]:
    return [n.title for n in window.daily.notifier.sent]


def row_button(window: MainWindow, item_id: int, key: str):  # type: ignore[no-untyped-def]
    row = window.daily.panel.row_of(item_id)
    assert row is not None, f"no row for item {item_id} in the Today panel"
    return row.buttons[key]


def test_a_day_played_notices_once_each_marks_and_the_review_says_so(
        qtbot, day_repo: Repository, layout: QSettings, browser: Browser, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = day_repo
    clock = Clock(at(8))
    window = open_window(qtbot, repo, layout, clock)
    window.show()
    x_post, slot, bluesky, linkedin = (1, 2, 3, 4)

    # 08:00: nothing due yet; the timer waits for 09:00 (capped at a quarter of an hour).
    assert window.daily.notifier.sent == []
    scheduler = window.daily.scheduler
    assert scheduler.next_due == at(9)
    assert scheduler.timer.isActive() and scheduler.timer.interval() == MAX_WAIT_MS
    tick(window, clock, at(8, 50))
    assert window.daily.notifier.sent == []
    assert scheduler.timer.interval() == 10 * 60 * 1000  # exactly to 09:00
    # The Today panel lists the day in order; it shows itself on a day with something planned.
    assert window.daily.panel.isVisible()
    panel = window.daily.panel
    assert [r.item_id for r in panel.rows] == [x_post, slot, bluesky, linkedin]

    # 09:00: the X post is due, told once however often the timer fires.
    tick(window, clock, at(9))
    tick(window, clock, at(9))
    assert sent_titles(window) == ["Time to post on X (curated)"]
    assert window.daily.notifier.sent[0].body == "A fine essay on walking cities"
    assert panel.row_of(x_post).state_label.text() == "due now"

    # Copy, then open X's composer: the clipboard holds text and link, X gets the text.
    row_button(window, x_post, "copy").click()
    assert QGuiApplication.clipboard().text() == "A fine essay on walking cities\nhttps://example.com/essay"
    row_button(window, x_post, "compose").click()
    assert len(browser.opened) == 1
    opened = urlsplit(browser.opened[0])
    assert (opened.netloc, opened.path) == ("x.com", "/intent/post")
    assert parse_qs(opened.query)["text"] == ["A fine essay on walking cities\nhttps://example.com/essay"]

    # 09:05: posted with one click; then its address, through the dialog.
    clock.now = at(9, 5)
    row_button(window, x_post, "posted").click()
    assert repo.get(x_post).status is PostStatus.POSTED
    assert panel.row_of(x_post).state_label.text() == "posted 09:05"
    row_button(window, x_post, "address").click()
    dialog = window.daily.dialog
    assert isinstance(dialog, PostedDialog)
    dialog.url.setText("https://x.com/ana/status/1")
    dialog.accept()
    mark = repo.post_marks([x_post])[x_post]
    assert (mark.url, mark.at.astimezone(BERLIN)) == ("https://x.com/ana/status/1", at(9, 5))
    # Every mark is undoable: the address goes, then comes back.
    window.undo_stack.undo()
    assert repo.post_marks([x_post])[x_post].url == ""
    window.undo_stack.redo()
    assert repo.post_marks([x_post])[x_post].url == "https://x.com/ana/status/1"

    # 10:00: the reply slot starts; 10:30 it is done.
    tick(window, clock, at(10))
    assert sent_titles(window)[1:] == ["Reply on Mastodon now"]
    clock.now = at(10, 30)
    row_button(window, slot, "done").click()
    assert repo.get(slot).done

    # 12:00: Bluesky is due; skipped, with a reason.
    tick(window, clock, at(12))
    assert sent_titles(window)[2:] == ["Time to post on Bluesky (own)"]
    row_button(window, bluesky, "skip").click()
    skip = window.daily.dialog
    assert isinstance(skip, SkipDialog)
    skip.reason.setCurrentText("The link is broken")
    skip.accept()
    assert repo.get(bluesky).status is PostStatus.SKIPPED
    assert repo.post_marks([bluesky])[bluesky].reason == "The link is broken"

    # 17:00: LinkedIn is due and never marked; the next morning nothing more is told.
    tick(window, clock, at(17))
    tick(window, clock, at(8, day=1))
    assert sent_titles(window) == ["Time to post on X (curated)", "Reply on Mastodon now",
                                   "Time to post on Bluesky (own)", "Time to post on LinkedIn (promo)"]
    keys = [n.events[0].key for n in window.daily.notifier.sent]
    assert len(set(keys)) == 4

    expected = {
        "week": WEEK,
        "platforms": {
            "x": {"planned": 1, "posted": 1, "skipped": 0, "missed": 0,
                  "engagement_min_planned": 0, "engagement_min_done": 0},
            "bluesky": {"planned": 1, "posted": 0, "skipped": 1, "missed": 0,
                        "engagement_min_planned": 0, "engagement_min_done": 0},
            "mastodon": {"planned": 0, "posted": 0, "skipped": 0, "missed": 0,
                         "engagement_min_planned": 30, "engagement_min_done": 30},
            "linkedin": {"planned": 1, "posted": 0, "skipped": 0, "missed": 1,
                         "engagement_min_planned": 0, "engagement_min_done": 0},
        },
        "goals": [
            {"text": "Bluesky: at least 1 own posts", "target": 1, "actual": 0, "met": False},
            {"text": "X: at least 1 curated posts", "target": 1, "actual": 1, "met": True},
        ],
    }
    review = review_week(repo, Week.parse(WEEK, BERLIN), clock())
    assert review.to_json() == expected

    # The window's review says the same, and the command line too (a real process).
    window.registry[ActionId.REVIEW].trigger()
    dialog = window.daily.dialog
    assert dialog.review.to_json() == expected
    assert "1 posted" in dialog.summary.text() and "1 missed" in dialog.summary.text()
    env = {**os.environ, "TZ": "Europe/Berlin"}
    out = subprocess.run([sys.executable, "-m", "app", "review", "--week", WEEK, "--json",
                          "--db", str(db_path)], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == expected
    dialog.close()


def test_a_post_due_while_closed_is_told_once_on_the_next_start(
        qtbot, day_repo: Repository, layout: QSettings) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(at(8, 30))
    first = open_window(qtbot, day_repo, layout, clock)
    assert first.daily.notifier.sent == []
    first.close()

    # Closed from 08:30 to 12:30: the X post (09:00), the slot (10:00), Bluesky (12:00).
    clock.now = at(12, 30)
    second = open_window(qtbot, day_repo, layout, clock)
    second.show()
    [notice] = second.daily.notifier.sent
    assert notice.missed
    assert notice.title == "2 posts and 1 engagement slot were due while Presence was closed"
    assert "09:00 · Time to post on X (curated): A fine essay on walking cities" in notice.body
    assert second.daily.panel.banner.isVisible()
    assert second.daily.panel.banner_title.text() == notice.title
    assert second.statusBar().currentMessage() == notice.title
    # "Show them" selects them in their week.
    second.daily.panel.findChild(QObject, "missed_show").click()
    assert sorted(second.week_view.selected_ids()) == [1, 2, 3]
    # Still due in the Today list, to post late or skip.
    assert second.daily.panel.row_of(1).state_label.text() == "due now"
    second.close()

    # Started again: told already, so not again.
    clock.now = at(12, 40)
    third = open_window(qtbot, day_repo, layout, clock)
    assert third.daily.notifier.sent == []
    # Started again later: only the LinkedIn post (17:00) was missed since.
    third.close()
    clock.now = at(18)
    fourth = open_window(qtbot, day_repo, layout, clock)
    assert [n.title for n in fourth.daily.notifier.sent] == [
        "1 post was due while Presence was closed"]
    fourth.close()


def test_ctrl_m_marks_a_card_posted_now_and_undo_takes_time_and_status_back(
        qtbot, day_repo: Repository, layout: QSettings) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(at(9, 12))
    window = open_window(qtbot, day_repo, layout, clock)
    window.show()
    window.select_items([1])
    window.registry[ActionId.MARK_DONE].trigger()
    assert day_repo.get(1).status is PostStatus.POSTED
    assert day_repo.post_marks([1])[1].at.astimezone(BERLIN) == at(9, 12)
    assert window.undo_stack.undoText() == "mark post posted"
    window.undo_stack.undo()
    assert day_repo.get(1).status is PostStatus.SCHEDULED
    assert day_repo.post_marks([1]) == {}


def test_the_card_menu_offers_posting_by_hand_for_one_post(
        qtbot, day_repo: Repository, layout: QSettings, browser: Browser) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(at(11))
    window = open_window(qtbot, day_repo, layout, clock)
    texts = [a.text() for a in window.card_menu.actions()]
    for action_id in (ActionId.POSTED_AS, ActionId.SKIP_POST, ActionId.UNMARK_POST,
                      ActionId.COPY_POST, ActionId.OPEN_COMPOSER):
        assert window.registry[action_id].text() in texts
    window.select_items([3])
    assert window.registry[ActionId.OPEN_COMPOSER].isEnabled()
    assert not window.registry[ActionId.UNMARK_POST].isEnabled()  # not marked yet
    window.registry[ActionId.OPEN_COMPOSER].trigger()
    opened = urlsplit(browser.opened[-1])
    assert (opened.netloc, opened.path) == ("bsky.app", "/intent/compose")
    window.registry[ActionId.SKIP_POST].trigger()
    window.daily.dialog.reason.setCurrentText("No time today")
    window.daily.dialog.accept()
    assert window.registry[ActionId.UNMARK_POST].isEnabled()
    window.registry[ActionId.UNMARK_POST].trigger()
    assert day_repo.get(3).status is PostStatus.SCHEDULED
    # A slot selected: nothing to copy.
    window.select_items([2])
    assert not window.registry[ActionId.COPY_POST].isEnabled()


def test_mastodon_asks_for_the_server_once_then_fills_the_text(
        qtbot, repo: Repository, layout: QSettings, browser: Browser) -> None:  # type: ignore[no-untyped-def]
    repo.set_setting("zone", "Europe/Berlin")
    repo.add(Post("mastodon", at(9), PostKind.CONVERSATION, text="Which city surprised you?"))
    window = open_window(qtbot, repo, layout, Clock(at(9, 1)))
    row_button(window, 1, "compose").click()
    ask = window.daily.dialog
    assert browser.opened == []  # not before the server is known
    ask.setTextValue("https://fosstodon.org/")
    ask.done(QDialog.DialogCode.Accepted)
    assert browser.opened == ["https://fosstodon.org/share?text=Which%20city%20surprised%20you%3F"]
    row_button(window, 1, "compose").click()  # asked once: straight to the composer
    assert len(browser.opened) == 2


def test_keep_in_tray_is_off_by_default_and_closing_then_quits(
        qtbot, day_repo: Repository, layout: QSettings) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, day_repo, layout, Clock(at(8)))
    window.show()
    assert not window.registry[ActionId.KEEP_IN_TRAY].isChecked()
    assert QApplication.quitOnLastWindowClosed()
    window.close()
    assert not window.isVisible()
    assert not window.daily.scheduler.timer.isActive()  # closed: no more notices


def test_start_with_the_session_writes_and_removes_the_autostart_entry(
        qtbot, day_repo: Repository, layout: QSettings) -> None:  # type: ignore[no-untyped-def]
    entry = Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / "presence.desktop"
    window = open_window(qtbot, day_repo, layout, Clock(at(8)))
    action = window.registry[ActionId.AUTOSTART]
    assert not action.isChecked() and not entry.exists()
    action.trigger()
    text = entry.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\nType=Application\nName=Presence\n")
    assert "\nExec=" in text and "X-GNOME-Autostart-enabled=true" in text
    action.trigger()
    assert not entry.exists()


def test_today_rows_show_their_state_and_buttons_whole_at_the_panels_narrowest(
        qtbot, day_repo: Repository, layout: QSettings) -> None:  # type: ignore[no-untyped-def]
    from app.domain.platforms import Platform

    day_repo.save_platform(Platform("forum", "The Slow Travel Forum", None, 3, "#336699"))
    day_repo.add(Post("forum", at(11), PostKind.CONVERSATION, text="Where do you walk first in a new city?"))
    window = open_window(qtbot, day_repo, layout, Clock(at(12)))
    window.show()
    qtbot.waitExposed(window)
    panel = window.daily.panel
    window.daily.splitter.setSizes([1, 2000])  # as narrow as it goes
    QApplication.processEvents()
    assert panel.width() == panel.minimumWidth()
    assert len(panel.rows) == 5
    for row in panel.rows:
        label = row.state_label
        assert label.width() >= label.sizeHint().width(), label.text()
        for button in row.buttons.values():
            words = button.fontMetrics().horizontalAdvance(button.text())
            assert button.width() >= words + 8, button.text()
            assert row.rect().contains(button.geometry())


def test_the_review_prints_its_numbers_and_trend_to_a_pdf(
        qtbot, day_repo: Repository, layout: QSettings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter

    from app.ui.review_view import ReviewDialog

    dialog = ReviewDialog(day_repo, Week.parse(WEEK, BERLIN), Clock(at(8, day=6)))
    qtbot.addWidget(dialog)
    assert [p.week.label for p in dialog.points][-1] == WEEK and len(dialog.points) == 12
    dialog.previous.click()
    assert dialog.week.label == "2026-W47" and dialog.summary.text() == "Nothing was planned this week."
    dialog.next.click()
    assert dialog.table.item(0, 0).text() == "X" and dialog.table.item(0, 4).text() == "1"  # missed
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "review.pdf"
    printer.setOutputFileName(str(out))
    dialog.print_to(printer)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5000


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen has no stacking
def test_clicking_a_notice_brings_up_its_row_in_the_today_panel(
        qtbot, day_repo: Repository, layout: QSettings) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(at(11, 59))
    window = open_window(qtbot, day_repo, layout, clock)
    window.show()
    qtbot.waitExposed(window)
    window.registry[ActionId.TODAY_PANEL].trigger()  # hidden by the user...
    assert not window.daily.panel.isVisible()
    tick(window, clock, at(12))
    notice = window.daily.notifier.sent[-1]
    assert notice.title == "Time to post on Bluesky (own)"
    window.daily.notifier.clicked.emit(notice)  # ...and shown again by the notice
    assert window.daily.panel.isVisible()
    assert window.registry[ActionId.TODAY_PANEL].isChecked()
    row = window.daily.panel.row_of(3)
    qtbot.waitUntil(lambda: row.buttons["copy"].hasFocus())


def test_today_shows_by_itself_only_where_the_whole_week_stays_in_view(  # type: ignore[no-untyped-def]
    qtbot, day_repo: Repository, layout: QSettings
) -> None:
    window = MainWindow(day_repo, layout, Week.parse(WEEK, BERLIN), clock=Clock(at(8)))
    qtbot.addWidget(window)
    _OPEN.append(window)
    window.poll.stop()
    window.resize(1100, 700)  # the first-launch size on a small laptop
    window.show()
    qtbot.waitUntil(lambda: not window.daily.panel.isVisible())
    assert not window.week_scroll.horizontalScrollBar().isVisible()  # all seven days in view
    window.resize(1500, 900)
    qtbot.waitUntil(lambda: window.daily.panel.isVisible())
    window.daily.panel.close_requested.emit()  # the user's choice then holds at any size
    window.resize(1600, 900)
    assert not window.daily.panel.isVisible()
