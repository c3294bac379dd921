"""The window as a planner uses it: add, edit, drag, undo, follow a finding, fix it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.domain.items import Post, PostKind, PostStatus, Slot
from app.storage.repository import Repository
from app.ui.actions import ActionId
from app.ui.findings_panel import FindingRole
from app.ui.main_window import MainWindow
from app.ui.post_editor import PostEditor
from app.ui.slot_editor import SlotEditor
from app.ui.week_model import CardRole
from tests.gui.conftest import add_goal_row

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

WEDNESDAY, THURSDAY = 2, 3


def cards(win: MainWindow, col: int) -> list[object]:
    model = win.week_model.days[col]
    return [model.index(r, 0).data(CardRole.CARD) for r in range(model.rowCount())]


def ok(editor: PostEditor | SlotEditor) -> None:
    editor.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_the_title_names_the_week_and_its_dates(window: MainWindow) -> None:
    assert window.windowTitle().startswith("23–29 November 2026 · Week 48")
    assert window.week_model.days[0].day == date(2026, 11, 23)
    assert "2026-W48" in window.week_label.toolTip()


def test_days_show_posts_and_slots_in_time_order(window: MainWindow) -> None:
    monday = cards(window, 0)
    starts = [c.start for c in monday]  # type: ignore[attr-defined]
    assert starts == sorted(starts)
    assert any(c.is_slot for c in monday) and any(not c.is_slot for c in monday)  # type: ignore[attr-defined]
    total = sum(window.week_model.days[i].rowCount() for i in range(7))
    plan = window.plan
    assert plan is not None
    assert total == len(plan.week_posts()) + len(plan.week_occurrences())


def test_cards_named_by_a_finding_carry_its_badge(window: MainWindow) -> None:
    error = next(f for f in window.findings if f.severity == "error")
    badged = [c for col in range(7) for c in cards(window, col)
              if c.item_id in error.items]  # type: ignore[attr-defined]
    assert badged and all(c.severity == "error" for c in badged)  # type: ignore[attr-defined]


def test_create_a_post_then_undo_and_redo(qtbot, window: MainWindow, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    before = demo_repo.count()
    editor = window.new_post(date(2026, 11, 26))
    assert isinstance(editor, PostEditor)
    editor.text.setPlainText("What is the best walk you took this year?")
    editor.kind.setCurrentIndex(editor.kind.findData("conversation"))
    ok(editor)
    assert demo_repo.count() == before + 1
    texts = [c.post.text for c in cards(window, THURSDAY) if c.post]  # type: ignore[attr-defined]
    assert "What is the best walk you took this year?" in texts
    assert window.registry[ActionId.UNDO].text() == "&Undo add conversation post"

    window.undo_stack.undo()
    assert demo_repo.count() == before
    assert "What is the best walk you took this year?" not in [
        c.post.text for c in cards(window, THURSDAY) if c.post]  # type: ignore[attr-defined]
    window.undo_stack.redo()
    assert demo_repo.count() == before + 1


def test_editing_a_post_is_saved_at_once_and_undoable(window: MainWindow, demo_repo: Repository) -> None:
    card = next(c for c in cards(window, 0) if c.post and c.post.platform == "mastodon")  # type: ignore[attr-defined]
    editor = window.edit_item(card.item_id)  # type: ignore[attr-defined]
    assert isinstance(editor, PostEditor)
    editor.status.setCurrentIndex(editor.status.findData("posted"))
    ok(editor)
    stored = demo_repo.get(card.item_id)  # type: ignore[attr-defined]
    assert isinstance(stored, Post) and stored.status is PostStatus.POSTED
    window.undo_stack.undo()
    stored = demo_repo.get(card.item_id)  # type: ignore[attr-defined]
    assert isinstance(stored, Post) and stored.status is PostStatus.SCHEDULED


def test_drag_a_card_to_another_day_keeps_its_time(qtbot, window: MainWindow, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    source = window.week_model.days[WEDNESDAY]
    row = next(r for r in range(source.rowCount())
               if (c := source.card(r)).post and c.post.platform == "linkedin")
    card = source.card(row)
    mime = source.mimeData([source.index(row, 0)])
    target = window.week_model.days[THURSDAY]
    target.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    qtbot.waitUntil(lambda: card.item_id in [c.item_id for c in cards(window, THURSDAY)])  # type: ignore[attr-defined]
    moved = demo_repo.get(card.item_id)
    assert moved is not None
    assert moved.start.date() == date(2026, 11, 26) and moved.start.time() == card.start.time()
    assert window.undo_stack.undoText() == "move own post to Thursday"
    window.undo_stack.undo()
    assert demo_repo.get(card.item_id).start == card.start  # type: ignore[union-attr]


def test_dropping_a_card_where_it_is_changes_nothing(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    source = window.week_model.days[0]
    for row in (0, 1):
        assert not source.dropMimeData(source.mimeData([source.index(0, 0)]),
                                       Qt.DropAction.MoveAction, row, 0, QModelIndex())
    qtbot.wait(20)
    assert window.undo_stack.count() == 0


def test_a_repeating_slots_occurrence_is_dragged_too(window: MainWindow) -> None:
    # Dropped, it asks which occurrences move: see tests/gui/test_occurrences.py.
    model = window.week_model.days[0]
    row = next(r for r in range(model.rowCount()) if model.card(r).is_slot)
    assert model.flags(model.index(row, 0)) & Qt.ItemFlag.ItemIsDragEnabled


def test_clicking_a_finding_selects_its_items(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitExposed(window):
        window.show()
    tree = window.findings_panel.tree
    model = window.findings_panel.model
    burst = next(i for i, f in enumerate(window.findings) if f.rule == "link-burst")
    index = model.finding_index(burst)
    tree.scrollTo(index)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center())
    finding = window.findings[burst]
    assert sorted(window.week_view.selected_ids()) == sorted(finding.items)
    wednesday = window.week_view.views[WEDNESDAY]
    assert wednesday.selectionModel().selectedIndexes()


def test_delete_and_undo(window: MainWindow, demo_repo: Repository) -> None:
    card = cards(window, 1)[0]
    window.week_view.select_items([card.item_id])  # type: ignore[attr-defined]
    window.registry[ActionId.DELETE].trigger()
    assert demo_repo.get(card.item_id) is None  # type: ignore[attr-defined]
    window.undo_stack.undo()
    assert demo_repo.get(card.item_id) is not None  # type: ignore[attr-defined]


def test_duplicate_and_mark_posted(window: MainWindow, demo_repo: Repository) -> None:
    card = next(c for c in cards(window, 5) if c.post)  # type: ignore[attr-defined]
    window.week_view.select_items([card.item_id])  # type: ignore[attr-defined]
    before = demo_repo.count()
    window.registry[ActionId.DUPLICATE].trigger()
    assert demo_repo.count() == before + 1
    window.week_view.select_items([card.item_id])  # type: ignore[attr-defined]
    window.registry[ActionId.MARK_DONE].trigger()
    stored = demo_repo.get(card.item_id)  # type: ignore[attr-defined]
    assert isinstance(stored, Post) and stored.status is PostStatus.POSTED
    assert window.undo_stack.undoText() == "mark post posted"


def test_ticking_a_slot_occurrence_done(window: MainWindow, demo_repo: Repository) -> None:
    card = next(c for c in cards(window, 0) if c.is_slot)  # type: ignore[attr-defined]
    window.week_view.delegate.done_toggled.emit(card.item_id, card.occurrence.start, True)  # type: ignore[attr-defined]
    stored = demo_repo.get(card.item_id)  # type: ignore[attr-defined]
    assert isinstance(stored, Slot) and len(stored.done) == 1
    assert next(c for c in cards(window, 0) if c.is_slot).occurrence.done  # type: ignore[attr-defined]
    # Tuesday's occurrence of the same repeating slot is not done.
    assert not next(c for c in cards(window, 1) if c.is_slot).occurrence.done  # type: ignore[attr-defined]
    window.undo_stack.undo()
    assert not next(c for c in cards(window, 0) if c.is_slot).occurrence.done  # type: ignore[attr-defined]


def test_live_recount_and_findings_while_typing(qtbot, window: MainWindow, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    editor = window.new_post(date(2026, 11, 28))
    editor.platform.setCurrentIndex(editor.platform.findData("x"))
    editor.text.setFocus()
    qtbot.keyClicks(editor.text, "Hello")
    assert editor.counter.text().startswith("5 / 280")
    before = sum(f.rule == "text-limit" for f in window.findings)
    qtbot.keyClicks(editor.text, " walk" * 60)
    assert "over the X limit" in editor.counter.text()
    qtbot.waitUntil(lambda: sum(f.rule == "text-limit" for f in window.findings_panel.model.findings)
                    == before + 1)
    assert window.findings_panel.preview.isVisibleTo(window.findings_panel)
    editor.reject()
    assert sum(f.rule == "text-limit" for f in window.findings_panel.model.findings) == before
    assert demo_repo.count() == len(window.plan.posts) + len({o.id for o in window.plan.occurrences})  # type: ignore[union-attr]


def test_the_editor_refuses_what_it_cannot_save(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    editor = window.new_post()
    button = editor.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not button.isEnabled()  # a blank post: nothing to save yet
    editor.text.setPlainText("Hello")
    assert button.isEnabled()
    editor.link.setText("slowroads blog")
    assert not button.isEnabled() and "Link" in editor.error.text()
    editor.link.setText("https://www.slowroads.blog/x")
    editor.zone.setText("Mars/Olympus")
    assert not button.isEnabled() and "Mars/Olympus" in editor.error.text()
    editor.zone.setText("Europe/Lisbon")
    assert button.isEnabled() and editor.error.text() == ""


def test_slot_editor_writes_a_weekly_rule(window: MainWindow, demo_repo: Repository) -> None:
    editor = window.new_slot(date(2026, 11, 24))
    assert isinstance(editor, SlotEditor)
    editor.repeat.setCurrentIndex(3)
    assert editor.day_boxes[1].isChecked()  # the slot's own day, Tuesday
    editor.day_boxes[1].setChecked(False)
    button = editor.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not button.isEnabled() and "tick at least one day" in editor.error.text()
    editor.day_boxes[1].setChecked(True)
    editor.day_boxes[3].setChecked(True)
    editor.duration.setValue(25)
    ok(editor)
    slot = demo_repo.get(max(i for i in range(1, 200) if demo_repo.get(i) is not None))
    assert isinstance(slot, Slot)
    assert (slot.rrule, slot.duration_min) == ("FREQ=WEEKLY;BYDAY=TU,TH", 25)
    assert window.undo_stack.undoText() == "add reply slot"


def test_a_quick_fix_is_one_undoable_edit(window: MainWindow, demo_repo: Repository) -> None:
    gap = next(i for i, f in enumerate(window.findings)
               if f.rule == "engagement-gap" and f.platform == "linkedin")
    finding = window.findings[gap]
    panel = window.findings_panel
    panel.tree.setCurrentIndex(panel.model.finding_index(gap))
    assert panel.fix_button.isVisibleTo(panel)
    panel.fix_button.click()
    keys = {(f.rule, f.platform, f.day) for f in window.findings}
    assert (finding.rule, finding.platform, finding.day) not in keys
    assert window.undo_stack.undoText().startswith("add a 20-min reply slot")
    window.undo_stack.undo()
    keys = {(f.rule, f.platform, f.day) for f in window.findings}
    assert (finding.rule, finding.platform, finding.day) in keys


def test_find_filters_cards_by_text_tag_and_platform(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    def visible() -> int:
        return sum(m.rowCount() for m in window.week_model.days)

    everything = visible()
    window.find_edit.setText("#launch")
    assert visible() == 3
    window.find_edit.setText("instagram")
    assert visible() == 3
    window.find_edit.setText("alfama blue")
    assert visible() == 1
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.registry[ActionId.FIND].trigger()
    assert window.find_edit.hasFocus() and window.find_edit.selectedText() == "alfama blue"
    qtbot.keyClick(window.find_edit, Qt.Key.Key_Escape)
    assert window.find_edit.text() == "" and visible() == everything


def test_week_navigation(window: MainWindow) -> None:
    window.registry[ActionId.NEXT_WEEK].trigger()
    assert window.week.label == "2026-W49"
    assert "Week 49" in window.windowTitle()
    # The repeating Mastodon slot goes on; the one-off posts stay in week 48.
    assert all(c.is_slot for col in range(7) for c in cards(window, col))  # type: ignore[attr-defined]
    window.registry[ActionId.PREVIOUS_WEEK].trigger()
    assert window.week.label == "2026-W48"


def test_standard_shortcuts(window: MainWindow) -> None:
    from PySide6.QtGui import QKeySequence

    def keys(action_id: ActionId) -> list[str]:
        return [s.toString() for s in window.registry[action_id].shortcuts()]

    assert "Ctrl+N" in keys(ActionId.NEW_POST)
    assert "Ctrl+Z" in keys(ActionId.UNDO)
    assert "Ctrl+Shift+Z" in keys(ActionId.REDO)
    assert QKeySequence(QKeySequence.StandardKey.Find).toString() in keys(ActionId.FIND)
    assert "Del" in keys(ActionId.DELETE)
    assert "Alt+Left" in keys(ActionId.PREVIOUS_WEEK)
    assert "Ctrl+P" in keys(ActionId.PRINT)


def test_changes_by_another_program_show_up(window: MainWindow, db_path) -> None:  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    other = Repository.open(db_path)
    try:
        other.add(Post("x", datetime(2026, 11, 29, 15, 0, tzinfo=ZoneInfo("Europe/Berlin")),
                       PostKind.CONVERSATION, text="Sunday question from the command line"))
    finally:
        other.close()
    window.database.check()
    assert "Sunday question from the command line" in [
        c.post.text for c in cards(window, 6) if c.post]  # type: ignore[attr-defined]


def test_layout_is_remembered(qtbot, demo_repo: Repository, layout) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(demo_repo, layout)
    qtbot.addWidget(first)
    first.poll.stop()
    with qtbot.waitExposed(first):
        first.show()
    first.resize(760, 540)  # smaller than the offscreen screen, which clamps a restore
    first.splitter.setSizes([400, 350])
    sizes = first.splitter.sizes()
    first.close()
    second = MainWindow(demo_repo, layout)
    qtbot.addWidget(second)
    second.poll.stop()
    with qtbot.waitExposed(second):
        second.show()
    assert second.size() == first.size()
    assert second.splitter.sizes() == sizes


def test_findings_model_passes_the_model_tester(qtmodeltester, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(window.findings_panel.model)
    assert window.findings_panel.model.index(0, 0).data(FindingRole.FINDING) is not None  # a problem


def test_day_model_passes_the_model_tester(qtmodeltester, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(window.week_model.days[WEDNESDAY])


def test_file_menu_hands_export_import_and_print_to_the_exchange_module(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.ui.exchange_actions as exchange

    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(exchange, "export_dialog", lambda *a: calls.append(("export", *a)))
    monkeypatch.setattr(exchange, "import_dialog", lambda *a: calls.append(("import", *a)) and None)
    monkeypatch.setattr(exchange, "print_checklist", lambda *a: calls.append(("print", *a)))
    for action_id in (ActionId.EXPORT, ActionId.IMPORT_CSV, ActionId.PRINT, ActionId.PRINT_PREVIEW):
        window.registry[action_id].trigger()
    repo, week = window.repo, window.week
    assert calls == [("export", window, repo, week), ("import", window, repo),
                     ("print", window, repo, week, False), ("print", window, repo, week, True)]


def test_keyboard_alone_moves_between_days_and_opens_the_editor(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.week_view.focus_day(0)
    monday = window.week_view.views[0]
    assert monday.hasFocus() and monday.currentIndex().row() == 0
    qtbot.keyClick(monday, Qt.Key.Key_Right)
    tuesday = window.week_view.views[1]
    assert tuesday.hasFocus()
    tuesday.selectionModel().select(tuesday.currentIndex(), tuesday.selectionModel().SelectionFlag.Select)
    qtbot.keyClick(tuesday, Qt.Key.Key_Return)
    assert isinstance(window.editor, PostEditor)
    assert window.editor.original.id == tuesday.currentIndex().data(CardRole.ITEM_ID)
    window.editor.reject()
    qtbot.keyClick(tuesday, Qt.Key.Key_Insert)
    assert isinstance(window.editor, PostEditor)
    assert window.editor.original.start.date() == date(2026, 11, 24)


def test_controls_have_accessible_names(window: MainWindow) -> None:
    names = {window.find_edit.accessibleName(), window.findings_panel.tree.accessibleName(),
             window.mix_chart.accessibleName(), window.week_view.views[0].accessibleName()}
    assert "Find" in names and "Findings" in names and "Week mix per platform" in names
    assert window.week_view.views[0].accessibleName().startswith("Monday 23 November: 3 planned")
    card = window.week_model.days[0].index(0, 0)
    assert card.data(Qt.ItemDataRole.AccessibleTextRole).startswith("08:00 LinkedIn promo post")


def test_drag_within_a_day_sets_the_time_between_the_neighbours(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                 demo_repo: Repository) -> None:
    wednesday = window.week_model.days[WEDNESDAY]
    row = next(r for r in range(wednesday.rowCount())
               if (c := wednesday.card(r)).post and c.post.platform == "linkedin")
    card = wednesday.card(row)
    # Drop it between the 08:30 slot (row 0) and the 09:15 post (row 1): 08:50.
    wednesday.dropMimeData(wednesday.mimeData([wednesday.index(row, 0)]), Qt.DropAction.MoveAction,
                           1, 0, QModelIndex())
    qtbot.waitUntil(lambda: window.undo_stack.count() == 1)
    moved = demo_repo.get(card.item_id)
    assert moved is not None and (moved.start.date(), f"{moved.start:%H:%M}") == (date(2026, 11, 25), "08:50")
    assert window.undo_stack.undoText() == "move own post to 08:50"
    assert [c.item_id for c in cards(window, WEDNESDAY)].index(card.item_id) == 1
    # Dropped after the last card: an hour later than it.
    last = wednesday.rowCount()
    wednesday.dropMimeData(wednesday.mimeData([wednesday.index(1, 0)]), Qt.DropAction.MoveAction,
                           last, 0, QModelIndex())
    qtbot.waitUntil(lambda: window.undo_stack.count() == 2)
    assert f"{demo_repo.get(card.item_id).start:%H:%M}" == "14:00"  # type: ignore[union-attr]


def test_double_click_on_an_empty_part_of_a_day_adds_a_post_there(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitExposed(window):
        window.show()
    saturday = window.week_view.views[5]
    empty = saturday.viewport().rect().bottomLeft() + QPoint(20, -20)
    assert not saturday.indexAt(empty).isValid()
    qtbot.mouseDClick(saturday.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    assert isinstance(window.editor, PostEditor)
    assert window.editor.windowTitle() == "New post"
    assert window.editor.original.start.date() == date(2026, 11, 28)


def test_clicking_a_slots_tick_box_marks_that_occurrence_done(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                              demo_repo: Repository) -> None:
    with qtbot.waitExposed(window):
        window.show()
    friday = window.week_view.views[4]
    row = next(r for r in range(friday.model().rowCount()) if friday.day_model().card(r).is_slot)
    card = friday.day_model().card(row)
    tick = window.week_view.delegate.tick_rect(friday.visualRect(friday.model().index(row, 0)), card,
                                               friday.font())
    assert tick is not None
    qtbot.mouseClick(friday.viewport(), Qt.MouseButton.LeftButton, pos=tick.center())
    stored = demo_repo.get(card.item_id)
    assert isinstance(stored, Slot) and len(stored.done) == 1
    assert window.undo_stack.undoText() == "mark slot done"


def test_goals_of_the_week_are_edited_and_measured(qtbot, window: MainWindow, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    from app.ui.goals_dialog import GoalsDialog

    dialog = window.open_goals()
    assert isinstance(dialog, GoalsDialog) and dialog.table.rowCount() == 3
    add_goal_row(dialog, "instagram", 2, "reply")
    dialog.table.cellWidget(0, dialog.table.columnCount() - 1).click()  # remove the LinkedIn comment goal
    dialog.box.button(QDialogButtonBox.StandardButton.Ok).click()
    goals = {(g.platform, g.subject): g for g in demo_repo.goals("2026-W48")}
    assert goals[("instagram", "reply")].target == 2
    assert ("linkedin", "comment") not in goals and len(goals) == 3
    # The chart measures the new goal at once: no reply slot on Instagram yet.
    progress = {(g.goal.platform, g.goal.subject): g for g in window.mix_chart.goals}
    assert progress[("instagram", "reply")].planned == 0
    assert any(f.rule == "goal-shortfall" and f.platform == "instagram" for f in window.findings)
