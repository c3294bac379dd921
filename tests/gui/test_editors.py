"""The post and slot editors as a user fills them in: what OK allows, and what is saved."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox, QLabel, QWidget

from app.domain.items import Activity, Post, PostKind, Slot
from app.domain.platforms import BUILTIN_PLATFORMS
from app.domain.recurrence import last_start
from app.domain.zones import local
from app.services.edits import Scope
from app.ui.occurrence_scope import ScopeDialog
from app.ui.post_editor import BLANK_POST, PostEditor
from app.ui.slot_editor import AFTER, NEVER, ON_DATE, WEEKLY, SlotEditor, default_slot

from .conftest import BERLIN

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

PLATFORMS = {p.id: p for p in BUILTIN_PLATFORMS}
TUESDAY = date(2026, 11, 24)


def ok_button(dialog: PostEditor | SlotEditor) -> QAbstractButton:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def post_editor(qtbot, **fields: object) -> PostEditor:  # type: ignore[no-untyped-def]
    post = Post("mastodon", local(TUESDAY, time(9), BERLIN), PostKind.OWN, **fields)  # type: ignore[arg-type]
    editor = PostEditor(PLATFORMS, [], post)
    qtbot.addWidget(editor)
    return editor


def slot_editor(qtbot, rule: str | None = None, **kw: object) -> SlotEditor:  # type: ignore[no-untyped-def]
    slot = default_slot("mastodon", local(TUESDAY, time(8, 30), BERLIN)).with_(rrule=rule)
    editor = SlotEditor(PLATFORMS, slot, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(editor)
    return editor


# -- blank posts -------------------------------------------------------------------------------


def test_a_blank_post_cannot_be_saved_and_the_editor_says_why(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = post_editor(qtbot)
    assert not ok_button(editor).isEnabled()
    assert editor.error.text() == BLANK_POST
    editor.text.setPlainText("   \n ")  # spaces are still nothing to post
    assert not ok_button(editor).isEnabled()
    qtbot.keyClicks(editor.text, "Hello")
    assert ok_button(editor).isEnabled() and editor.error.text() == ""


def test_an_idea_may_be_just_a_link(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = post_editor(qtbot)
    editor.link.setText("https://photo.example.net/blue-hour-guide")
    assert ok_button(editor).isEnabled()
    post = editor.result_post()
    assert post.text == "" and post.link.endswith("blue-hour-guide")


def test_enter_on_a_blank_post_saves_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = post_editor(qtbot)
    editor.show()
    editor.accept()
    assert editor.isVisible() and editor.result() != QDialog.DialogCode.Accepted


# -- weekly and the end of a repeat ---------------------------------------------------------


def test_choosing_weekly_ticks_the_slots_own_day(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = slot_editor(qtbot)
    editor.repeat.setCurrentIndex(WEEKLY)
    assert [b.isChecked() for b in editor.day_boxes] == [False, True] + [False] * 5
    assert ok_button(editor).isEnabled()
    assert editor.result_slot().rrule == "FREQ=WEEKLY;BYDAY=TU"


def test_weekly_keeps_the_days_already_ticked(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = slot_editor(qtbot, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")  # every weekday
    editor.repeat.setCurrentIndex(WEEKLY)
    assert all(b.isChecked() for b in editor.day_boxes[:5])


def test_a_repeat_ends_never_by_default_and_not_at_all_for_a_one_off(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = slot_editor(qtbot)
    assert editor.ends.currentIndex() == NEVER and not editor.ends.isEnabled()
    editor.repeat.setCurrentIndex(1)  # every day
    assert editor.ends.isEnabled() and editor.result_slot().rrule == "FREQ=DAILY"


def test_a_repeat_that_ends_after_n_times(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = slot_editor(qtbot, "FREQ=DAILY")
    editor.ends.setCurrentIndex(AFTER)
    editor.times.setFocus()
    editor.times.selectAll()
    qtbot.keyClicks(editor.times, "5")
    slot = editor.result_slot()
    assert slot.rrule == "FREQ=DAILY;COUNT=5"
    assert last_start(slot) == local(TUESDAY + timedelta(days=4), time(8, 30), BERLIN)


def test_a_repeat_that_ends_on_a_date_keeps_that_day(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = slot_editor(qtbot, "FREQ=DAILY")
    editor.ends.setCurrentIndex(ON_DATE)
    assert editor.ends_stack.currentWidget() is editor.until
    editor.until.setDate(QDate(2026, 12, 4))
    slot = editor.result_slot()
    assert slot.rrule == "FREQ=DAILY;UNTIL=20261204T225959Z"
    assert last_start(slot) == local(date(2026, 12, 4), time(8, 30), BERLIN)


def test_an_end_before_the_start_is_refused_as_you_type(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = slot_editor(qtbot, "FREQ=DAILY")
    editor.ends.setCurrentIndex(ON_DATE)
    editor.until.setDate(QDate(2026, 11, 20))
    assert not ok_button(editor).isEnabled()
    assert "before the slot starts" in editor.error.text()
    editor.until.setDate(QDate(2026, 11, 24))  # the first day itself: one occurrence
    assert ok_button(editor).isEnabled()


def test_a_stored_end_shows_as_it_was_and_is_kept_when_untouched(qtbot) -> None:  # type: ignore[no-untyped-def]
    # A series cut short ends a second before a later occurrence, not at the end of a day.
    rule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261126T072959Z"
    editor = slot_editor(qtbot, rule)
    assert editor.ends.currentIndex() == ON_DATE
    assert editor.until.date() == QDate(2026, 11, 25)  # its last occurrence
    assert editor.result_slot().rrule == rule
    counted = slot_editor(qtbot, "FREQ=WEEKLY;COUNT=6;BYDAY=MO,TH")
    assert counted.ends.currentIndex() == AFTER and counted.times.value() == 6
    assert counted.repeat.currentIndex() == WEEKLY
    assert [b.isChecked() for b in counted.day_boxes] == [True, False, False, True] + [False] * 3


def test_an_occurrence_opens_at_its_own_start(qtbot) -> None:  # type: ignore[no-untyped-def]
    thursday = local(date(2026, 11, 26), time(8, 30), BERLIN)
    editor = slot_editor(qtbot, "FREQ=DAILY", occurrence=thursday)
    assert editor.when.dateTime().date() == QDate(2026, 11, 26)
    assert editor.result_slot().start == thursday


# -- the scope question ----------------------------------------------------------------------


def scope_dialog(qtbot, **kw: object) -> ScopeDialog:  # type: ignore[no-untyped-def]
    dialog = ScopeDialog("Delete", "Thursday's reply slot", **kw)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):  # arrow keys move between choices in the active window
        dialog.show()
        dialog.activateWindow()
    return dialog


def test_the_scope_question_starts_on_this_occurrence_and_enter_takes_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = scope_dialog(qtbot)
    assert dialog.scope() is Scope.THIS
    assert dialog.focusWidget() is dialog.buttons[Scope.THIS]
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert dialog.scope() is Scope.THIS


def test_arrow_keys_choose_another_scope(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = scope_dialog(qtbot)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Down)
    assert dialog.scope() is Scope.FOLLOWING
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Down)
    assert dialog.scope() is Scope.ALL
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)


def test_escape_cancels_the_scope_question(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = scope_dialog(qtbot)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)


def test_a_new_rule_is_never_offered_for_one_occurrence(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = scope_dialog(qtbot, scopes=(Scope.FOLLOWING, Scope.ALL))
    assert Scope.THIS not in dialog.buttons and dialog.scope() is Scope.FOLLOWING


# -- nothing clipped -------------------------------------------------------------------------


def clipped(dialog: QWidget) -> list[str]:
    """Labels, buttons and boxes narrower than their text needs."""
    dialog.show()
    dialog.adjustSize()
    found = []
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, (QLabel, QAbstractButton)) and widget.isVisible():
            if isinstance(widget, QLabel) and widget.wordWrap():
                continue
            if widget.width() < widget.minimumSizeHint().width():
                found.append(f"{type(widget).__name__} {widget.property('text')!r}")
    return found


@pytest.mark.parametrize("which", ["post", "slot", "scope"])
def test_nothing_in_the_editors_is_clipped(qtbot, which: str) -> None:  # type: ignore[no-untyped-def]
    if which == "post":
        dialog: QWidget = post_editor(qtbot)
    elif which == "slot":
        dialog = slot_editor(qtbot, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;COUNT=12")
    else:
        dialog = scope_dialog(qtbot)
    assert clipped(dialog) == []


def test_a_slot_saved_with_an_end_comes_back_from_the_database(qtbot, repo) -> None:  # type: ignore[no-untyped-def]
    editor = slot_editor(qtbot, "FREQ=WEEKLY;BYDAY=TU")
    editor.ends.setCurrentIndex(ON_DATE)
    editor.until.setDate(QDate(2026, 12, 15))
    stored = repo.add(editor.result_slot())
    back = repo.get(stored.id)
    assert isinstance(back, Slot) and back.activity is Activity.REPLY
    assert back.rrule == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T225959Z"
    again = SlotEditor(PLATFORMS, back)
    qtbot.addWidget(again)
    assert again.until.date() == QDate(2026, 12, 15) and again.result_slot() == back
    assert last_start(back) == datetime(2026, 12, 15, 8, 30, tzinfo=BERLIN)
