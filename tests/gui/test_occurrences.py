"""One occurrence of a repeating slot, as in a calendar: delete, drag or edit it, and the
window asks "this occurrence / this and following / all"; each answer is one undoable edit.

The demo week has a Mastodon reply slot at 08:30 every weekday.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.domain.items import Slot
from app.domain.weeks import Week
from app.storage.repository import Repository
from app.ui.actions import ActionId
from app.ui.main_window import MainWindow
from app.ui.occurrence_scope import ScopeDialog
from app.ui.week_model import Card

from .conftest import BERLIN, WEEK

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

MONDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY = 0, 2, 3, 4, 5
REPLY = "mastodon reply"


def answer(qtbot, keys: list[Qt.Key], asked: list[str] | None = None) -> None:  # type: ignore[no-untyped-def]
    """Answer the scope question, once it is shown, by these keys (Down, Return, Escape)."""

    def press() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ScopeDialog) or not dialog.isActiveWindow():
            if isinstance(dialog, ScopeDialog):
                dialog.activateWindow()  # arrow keys need the active window, as on a desktop
            QTimer.singleShot(5, press)  # the question is not up yet: look again next turn
            return
        if asked is not None:
            asked.append(dialog.windowTitle())
            asked.extend(b.text().replace("&", "") for b in dialog.buttons.values())
        for key in keys:
            qtbot.keyClick(dialog.focusWidget() or dialog, key)

    QTimer.singleShot(0, press)


def slots_of(win: MainWindow, col: int) -> list[str]:
    """The slot cards of a day as 'platform activity HH:MM'."""
    model = win.week_model.days[col]
    return [f"{c.platform.id} {c.occurrence.activity.value} {c.start:%H:%M}"
            for c in model.cards() if c.occurrence is not None]


def reply_card(win: MainWindow, col: int) -> Card:
    return next(c for c in win.week_model.days[col].cards()
                if c.occurrence is not None and c.occurrence.slot.rrule)


def select(win: MainWindow, col: int, card: Card) -> None:
    view = win.week_view.views[col]
    row = win.week_model.days[col].cards().index(card)
    win.week_view._clear_others(col)
    view.setCurrentIndex(view.model().index(row, 0))


def everything(repo: Repository) -> list[object]:
    rows = repo.conn.execute("SELECT id FROM items ORDER BY id").fetchall()
    return [repo.get(i) for (i,) in rows]


def shown_in(win: MainWindow, week: Week) -> list[list[str]]:
    win.go_to(week)
    days = [slots_of(win, col) for col in range(7)]
    win.go_to(Week.parse(WEEK, BERLIN))
    return days


def test_deleting_this_occurrence_keeps_the_other_days_and_weeks(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                 demo_repo: Repository) -> None:
    before = everything(demo_repo)
    select(window, THURSDAY, reply_card(window, THURSDAY))
    asked: list[str] = []
    answer(qtbot, [Qt.Key.Key_Return], asked)  # "This occurrence" is the default
    window.registry[ActionId.DELETE].trigger()
    assert asked == ["Delete repeating slot", "This occurrence", "This and following occurrences",
                     "All occurrences"]
    assert f"{REPLY} 08:30" not in slots_of(window, THURSDAY)
    for col in (MONDAY, WEDNESDAY, FRIDAY):
        assert f"{REPLY} 08:30" in slots_of(window, col)
    later = shown_in(window, Week.parse(WEEK, BERLIN).shifted(1))
    assert all(f"{REPLY} 08:30" in later[col] for col in range(5))
    assert window.undo_stack.undoText() == "delete Thursday's reply slot"
    window.undo_stack.undo()
    assert everything(demo_repo) == before
    assert f"{REPLY} 08:30" in slots_of(window, THURSDAY)
    window.undo_stack.redo()
    assert f"{REPLY} 08:30" not in slots_of(window, THURSDAY)


def test_deleting_this_and_following_keeps_the_earlier_weeks(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                             demo_repo: Repository) -> None:
    week = Week.parse(WEEK, BERLIN)
    window.go_to(week.shifted(1))
    select(window, THURSDAY, reply_card(window, THURSDAY))
    before = everything(demo_repo)
    answer(qtbot, [Qt.Key.Key_Down, Qt.Key.Key_Return])
    window.registry[ActionId.DELETE].trigger()
    assert window.undo_stack.undoText() == "delete reply slot from Thursday on"
    assert [f"{REPLY} 08:30" in slots_of(window, col) for col in range(5)] == [True, True, True,
                                                                             False, False]
    window.go_to(week)
    assert all(f"{REPLY} 08:30" in slots_of(window, col) for col in range(5))
    assert all(f"{REPLY} 08:30" not in day for day in shown_in(window, week.shifted(2)))
    window.undo_stack.undo()
    assert everything(demo_repo) == before


def test_deleting_all_occurrences_removes_the_series(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                     demo_repo: Repository) -> None:
    card = reply_card(window, WEDNESDAY)
    select(window, WEDNESDAY, card)
    answer(qtbot, [Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Return])
    window.registry[ActionId.DELETE].trigger()
    assert demo_repo.get(card.item_id) is None
    assert window.undo_stack.undoText() == "delete reply slot (every repeat)"


def test_escape_deletes_nothing(qtbot, window: MainWindow, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    before = everything(demo_repo)
    select(window, THURSDAY, reply_card(window, THURSDAY))
    answer(qtbot, [Qt.Key.Key_Escape])
    window.registry[ActionId.DELETE].trigger()
    assert everything(demo_repo) == before and window.undo_stack.count() == 0


def drag(win: MainWindow, source_col: int, card: Card, target_col: int) -> None:
    source = win.week_model.days[source_col]
    row = source.cards().index(card)
    mime = source.mimeData([source.index(row, 0)])
    win.week_model.days[target_col].dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, QModelIndex())


def test_dragging_this_occurrence_to_saturday_carries_its_done_mark(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                    demo_repo: Repository) -> None:
    card = reply_card(window, THURSDAY)
    assert card.occurrence is not None
    window.edit_controller.set_done(card.item_id, card.occurrence.start, True)
    before = everything(demo_repo)
    answer(qtbot, [Qt.Key.Key_Return])
    drag(window, THURSDAY, reply_card(window, THURSDAY), SATURDAY)
    qtbot.waitUntil(lambda: f"{REPLY} 08:30" in slots_of(window, SATURDAY))
    assert f"{REPLY} 08:30" not in slots_of(window, THURSDAY)
    moved = next(c for c in window.week_model.days[SATURDAY].cards() if c.occurrence is not None
                 and c.platform.id == "mastodon")
    assert moved.occurrence is not None and moved.occurrence.done and not moved.occurrence.slot.rrule
    later = shown_in(window, Week.parse(WEEK, BERLIN).shifted(1))
    assert f"{REPLY} 08:30" in later[THURSDAY] and f"{REPLY} 08:30" not in later[SATURDAY]
    assert window.undo_stack.undoText() == "move Thursday's reply slot to Saturday"
    window.undo_stack.undo()
    assert everything(demo_repo) == before


def test_dragging_all_occurrences_moves_that_weekday_in_every_week(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                   demo_repo: Repository) -> None:
    card = reply_card(window, THURSDAY)
    answer(qtbot, [Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Return])
    drag(window, THURSDAY, card, SATURDAY)
    qtbot.waitUntil(lambda: window.undo_stack.count() == 1)
    series = demo_repo.get(card.item_id)
    assert isinstance(series, Slot) and series.rrule == "FREQ=WEEKLY;BYDAY=MO,TU,WE,FR,SA"
    later = shown_in(window, Week.parse(WEEK, BERLIN).shifted(3))
    assert [f"{REPLY} 08:30" in day for day in later] == [True, True, True, False, True, True, False]
    assert window.undo_stack.undoText() == "move reply slot to Saturday (every repeat)"


def test_editing_an_occurrence_asks_then_changes_only_that_one(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                               demo_repo: Repository) -> None:
    card = reply_card(window, WEDNESDAY)
    select(window, WEDNESDAY, card)
    window.registry[ActionId.EDIT].trigger()
    editor = window.editor
    assert editor is not None and editor.when.dateTime().date().toPython() == date(2026, 11, 25)
    editor.duration.setValue(45)  # type: ignore[union-attr]
    asked: list[str] = []
    answer(qtbot, [Qt.Key.Key_Return], asked)
    editor.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert asked[0] == "Edit repeating slot"
    durations = {c.start.strftime("%a"): c.occurrence.duration_min
                 for col in range(5) for c in window.week_model.days[col].cards()
                 if c.occurrence is not None and c.platform.id == "mastodon" and c.start.hour == 8}
    assert durations == {"Mon": 20, "Tue": 20, "Wed": 45, "Thu": 20, "Fri": 20}
    assert window.undo_stack.undoText() == "edit Wednesday's reply slot"


def test_a_new_repeat_rule_is_for_following_or_all_only(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                        demo_repo: Repository) -> None:
    card = reply_card(window, WEDNESDAY)
    select(window, WEDNESDAY, card)
    editor = window.edit_item(card.item_id)
    assert editor is not None
    editor.repeat.setCurrentIndex(1)  # type: ignore[union-attr]  # every day
    asked: list[str] = []
    answer(qtbot, [Qt.Key.Key_Return], asked)
    editor.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert asked == ["Edit repeating slot", "This and following occurrences", "All occurrences"]
    assert f"{REPLY} 08:30" in slots_of(window, SATURDAY)  # daily from Wednesday on
    assert f"{REPLY} 08:30" in slots_of(window, MONDAY)
    window.undo_stack.undo()
    assert f"{REPLY} 08:30" not in slots_of(window, SATURDAY)



def test_while_an_occurrence_is_edited_the_preview_keeps_the_days_before_it(
        qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from app.domain.recurrence import occurrences

    select(window, WEDNESDAY, reply_card(window, WEDNESDAY))
    editor = window.edit_item(reply_card(window, WEDNESDAY).item_id)
    assert editor is not None
    drafts: list[Slot] = []
    editor.draft_changed.connect(drafts.append)
    editor.duration.setValue(45)  # type: ignore[union-attr]
    week = Week.parse(WEEK, BERLIN)
    previewed = occurrences(drafts[-1], week.start, week.end)
    assert [f"{o.start:%a %H:%M} {o.duration_min}" for o in previewed] == [
        f"{d} 08:30 45" for d in ("Mon", "Tue", "Wed", "Thu", "Fri")]
    editor.reject()
