"""The findings panel as a blogger uses it: read a problem, fix it, undo, set it aside."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from app.domain.weeks import Week
from app.storage.repository import Repository
from app.ui.actions import ActionId
from app.ui.findings_panel import FindingRole
from app.ui.main_window import MainWindow
from app.ui.week_model import CardRole
from tests.gui.conftest import BERLIN, WEEK

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _show(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()


def test_ctrl_z_right_after_a_quick_fix_undoes_it(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                  demo_repo: Repository) -> None:
    _show(qtbot, window)
    panel = window.findings_panel
    gap = next(i for i, f in enumerate(window.findings)
               if f.rule == "engagement-gap" and f.platform == "linkedin")
    panel.tree.setCurrentIndex(panel.model.finding_index(gap))
    before = demo_repo.count()
    qtbot.mouseClick(panel.fix_button, Qt.MouseButton.LeftButton)
    assert demo_repo.count() == before + 1
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo_repo.count() == before


def _rows(tree) -> list:  # type: ignore[no-untyped-def]
    """Every index of the tree that is shown, top to bottom."""
    model = tree.model()
    out = []

    def walk(parent) -> None:  # type: ignore[no-untyped-def]
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            out.append(index)
            if tree.isExpanded(index):
                walk(index)

    walk(QModelIndex())
    return out


def _ink_height(tree, index) -> int:  # type: ignore[no-untyped-def]
    """How far down the delegate draws this row when given all the room it wants."""
    width = tree.visualRect(index).width()
    option = QStyleOptionViewItem()
    tree.initViewItemOption(option)
    option.rect = QRect(0, 0, width, 2000)
    option.widget = tree
    image = QImage(width, 2000, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    tree.itemDelegateForIndex(index).paint(painter, option, index)
    painter.end()
    data = bytes(image.constBits())
    line = image.bytesPerLine()
    blank = bytes(line)
    for y in range(image.height() - 1, -1, -1):
        if data[y * line:(y + 1) * line] != blank:
            return y + 1
    return 0


@pytest.mark.parametrize("size", [(1100, 700), (1920, 1080)])
def test_every_finding_is_shown_whole_from_the_start(qtbot, demo_repo: Repository, layout,  # type: ignore[no-untyped-def]
                                                     size: tuple[int, int]) -> None:
    win = MainWindow(demo_repo, layout, Week.parse(WEEK, BERLIN))
    qtbot.addWidget(win)
    win.poll.stop()
    win.resize(*size)
    with qtbot.waitExposed(win):
        win.show()
    tree = win.findings_panel.tree
    rows = _rows(tree)
    assert len(rows) >= 10
    for index in rows:
        if index.data(FindingRole.FINDING) is None:
            continue  # a heading, drawn by the style
        height = tree.visualRect(index).height()
        assert _ink_height(tree, index) <= height, index.data(Qt.ItemDataRole.DisplayRole)
    tree.expandAll()  # the findings folded inside the problems, and every quick fix known
    for index in _rows(tree):
        win.findings_panel.fix_of(index)
    tree.executeDelayedItemsLayout()
    for index in _rows(tree):
        assert _ink_height(tree, index) <= tree.visualRect(index).height()


def test_the_panel_speaks_of_notes_and_rule_names_not_info_and_ids(window: MainWindow) -> None:
    from app.rules.settings import RULE_IDS

    panel = window.findings_panel
    assert "note" in panel.summary.text()
    texts = [panel.summary.text(), panel.title.text()]
    for index in _rows(panel.tree):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                     Qt.ItemDataRole.AccessibleTextRole):
            texts.append(str(index.data(role) or ""))
    words = " ".join(texts)
    assert not re.search(r"\binfo\b", words.lower())
    assert not any(f"({rule})" in words or f" {rule} " in words for rule in RULE_IDS)


# -- one entry per problem -------------------------------------------------------------

def _problem(window: MainWindow, rule: str, platform: str | None = None):  # type: ignore[no-untyped-def]
    assert window.advice is not None
    entry = next(e for e in window.advice.problems()
                 if e.finding.rule == rule and (platform is None or e.finding.platform == platform))
    return entry, window.findings_panel.model.key_index(entry.key)


def _layout(window: MainWindow, index):  # type: ignore[no-untyped-def]
    return window.findings_panel.row_layout(index)


def _click_link(qtbot, window: MainWindow, index, kind: str) -> None:  # type: ignore[no-untyped-def]
    tree = window.findings_panel.tree
    tree.scrollTo(index)
    rect = next(r for r, k, _t in _layout(window, index).links if k == kind)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_panel_lists_one_entry_per_problem_with_the_findings_it_covers(window: MainWindow) -> None:
    advice = window.advice
    assert advice is not None
    model = window.findings_panel.model
    problems = advice.problems()
    assert len(problems) < len(window.findings)  # overlaps are folded
    assert [model.index(r, 0).data(FindingRole.KEY) for r in range(model.rowCount())] == \
        [e.key for e in problems]  # in the order the advice gives: what matters most first
    assert window.findings_panel.title.text() == f"<b>{len(problems)} problems</b>"
    assert window.findings_panel.summary.text().startswith("2 errors, ")
    entry, index = _problem(window, "no-engagement", "instagram")
    inside = [model.index(r, 0, index).data(FindingRole.KEY) for r in range(model.rowCount(index))]
    assert inside == [e.key for e in advice.folded(entry.key)] and inside
    assert not window.findings_panel.tree.isExpanded(index)  # folded away until asked for


def test_an_entry_reads_name_message_suggestion_and_why(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from app.ui.help_dialogs import WhyDialog

    with qtbot.waitExposed(window):
        window.show()
    entry, index = _problem(window, "promo-ratio", "x")
    layout = _layout(window, index)
    assert [t for _r, _f, _i, t in layout.blocks] == [
        "Too much self-promotion", entry.finding.message, entry.finding.suggestion]
    assert [k for _r, k, _t in layout.links][:1] == ["why"]
    _click_link(qtbot, window, index, "why")
    qtbot.waitUntil(lambda: any(isinstance(w, WhyDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    why = next(w for w in QApplication.topLevelWidgets() if isinstance(w, WhyDialog) and w.isVisible())
    assert why.windowTitle() == "Why: Too much self-promotion"
    why.reject()


def test_the_findings_inside_a_problem_open_from_its_link(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitExposed(window):
        window.show()
    _entry, index = _problem(window, "no-engagement", "instagram")
    assert ("inside", "1 more inside") in [(k, t) for _r, k, t in _layout(window, index).links]
    _click_link(qtbot, window, index, "inside")
    qtbot.waitUntil(lambda: window.findings_panel.tree.isExpanded(index))
    child = window.findings_panel.model.index(0, 0, index)
    assert child.data(FindingRole.FINDING).rule == "engagement-gap"


def test_quick_fixes_are_checked_only_for_the_problem_chosen(window: MainWindow) -> None:
    panel = window.findings_panel
    model = panel.model
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    assert not any(i.data(FindingRole.FIX_CHECKED) for i in rows)  # none checked on a rebuild
    _entry, with_fix = _problem(window, "engagement-gap", "linkedin")
    panel.tree.setCurrentIndex(with_fix)
    assert [bool(i.data(FindingRole.FIX_CHECKED)) for i in rows].count(True) == 1
    assert panel.fix_button.isVisibleTo(panel) and "reply slot" in panel.fix_label.text()
    assert "fix" in [k for _r, k, _t in _layout(window, with_fix).links]
    _entry, without = _problem(window, "goal-shortfall", "linkedin")  # a goal has no quick fix
    panel.tree.setCurrentIndex(without)
    assert window.advice is not None and window.advice.fix(_entry.key) is None
    assert not panel.fix_button.isVisibleTo(panel)
    assert "fix" not in [k for _r, k, _t in _layout(window, without).links]


def test_the_quick_fix_link_applies_it_and_ctrl_z_takes_it_back(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                               demo_repo: Repository) -> None:
    _show(qtbot, window)
    panel = window.findings_panel
    entry, index = _problem(window, "engagement-gap", "linkedin")
    panel.tree.setCurrentIndex(index)
    before = demo_repo.count()
    _click_link(qtbot, window, index, "fix")
    qtbot.waitUntil(lambda: demo_repo.count() == before + 1)
    assert window.undo_stack.undoText().startswith("add a 20-min reply slot on LinkedIn")
    assert window.advice is not None and window.advice.entry(entry.key) is None
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo_repo.count() == before


def test_typing_in_an_editor_previews_problems_without_checking_fixes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = window.findings_panel
    before = panel.model.rowCount()
    editor = window.new_post(date(2026, 11, 28))
    editor.platform.setCurrentIndex(editor.platform.findData("x"))
    qtbot.keyClicks(editor.text, "Slow walks " * 40)
    qtbot.waitUntil(lambda: panel.model.rowCount() == before + 1)
    assert panel.preview.isVisibleTo(panel)
    assert panel.preview.text() == "Showing the week as it would be with your unsaved changes."
    rows = [panel.model.index(r, 0) for r in range(panel.model.rowCount())]
    panel.tree.setCurrentIndex(rows[0])
    assert not any(i.data(FindingRole.FIX_CHECKED) for i in rows)
    assert not panel.fix_button.isVisibleTo(panel)  # nothing to apply to a week not saved yet
    editor.reject()
    assert panel.model.rowCount() == before and not panel.preview.isVisibleTo(panel)


def test_clicking_a_problem_selects_its_items_and_double_click_edits_a_single_one(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow) -> None:
    from app.ui.post_editor import PostEditor

    with qtbot.waitExposed(window):
        window.show()
    tree = window.findings_panel.tree
    entry, index = _problem(window, "promo-ratio", "linkedin")
    tree.scrollTo(index)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).topLeft()
                     + QPoint(30, 6))
    assert sorted(window.week_view.selected_ids()) == sorted(entry.finding.items)
    entry, index = _problem(window, "text-limit")
    tree.scrollTo(index)
    point = tree.visualRect(index).topLeft() + QPoint(30, 6)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert isinstance(window.editor, PostEditor)
    assert window.editor.original.id == entry.finding.items[0]


# -- set aside -------------------------------------------------------------------------

def _menu_texts(window: MainWindow, index) -> list[str]:  # type: ignore[no-untyped-def]
    menu = window.findings_panel.menu_for(index)
    assert menu is not None
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def _trigger(window: MainWindow, index, starts: str) -> None:  # type: ignore[no-untyped-def]
    menu = window.findings_panel.menu_for(index)
    assert menu is not None
    next(a for a in menu.actions() if a.text().startswith(starts)).trigger()


def test_the_context_menu_offers_why_the_fix_when_there_is_one_and_set_aside(window: MainWindow) -> None:
    _entry, index = _problem(window, "engagement-gap", "linkedin")
    texts = _menu_texts(window, index)
    assert texts[:2] == ["Select its posts and slots", "Why? (Promo day without time to answer)"]
    assert texts[2].startswith("Apply quick fix: Add a 20-min reply slot on LinkedIn")
    assert texts[3] == "Set aside until it changes"
    _entry, index = _problem(window, "goal-shortfall", "linkedin")
    assert not any(t.startswith("Apply quick fix") for t in _menu_texts(window, index))


def test_setting_a_problem_aside_is_an_undoable_edit_kept_in_the_database(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, demo_repo: Repository, layout) -> None:
    panel = window.findings_panel
    problems = panel.model.rowCount()
    entry, index = _problem(window, "promo-ratio", "x")
    _trigger(window, index, "Set aside")
    assert panel.model.rowCount() == problems - 1
    assert not panel.model.key_index(entry.key).isValid()
    assert panel.title.text() == f"<b>{problems - 1} problems</b>"
    assert panel.set_aside_button.isVisibleTo(panel)
    assert panel.set_aside_button.text().startswith("1 set aside")
    assert entry.key in demo_repo.ignored_keys(WEEK)
    assert window.registry[ActionId.UNDO].text() == "&Undo set aside 'Too much self-promotion'"
    assert "Ctrl+Z" in window.statusBar().currentMessage()

    again = MainWindow(demo_repo, layout, Week.parse(WEEK, BERLIN))  # kept, as every edit is
    qtbot.addWidget(again)
    again.poll.stop()
    assert again.findings_panel.model.rowCount() == problems - 1
    again.close()

    window.undo_stack.undo()
    assert panel.model.rowCount() == problems and panel.model.key_index(entry.key).isValid()
    assert not panel.set_aside_button.isVisibleTo(panel)
    assert entry.key not in demo_repo.ignored_keys(WEEK)
    window.undo_stack.redo()
    assert panel.model.rowCount() == problems - 1 and entry.key in demo_repo.ignored_keys(WEEK)


def test_a_problem_set_aside_is_listed_and_brought_back_from_the_list(window: MainWindow,
                                                                       demo_repo: Repository) -> None:
    panel = window.findings_panel
    problems = panel.model.rowCount()
    entry, index = _problem(window, "goal-shortfall", "linkedin")
    _trigger(window, index, "Set aside")
    listed = [a for a in panel.set_aside_menu.actions() if a.data()]
    assert [a.data() for a in listed] == [entry.key]
    assert listed[0].text() == "Goal not met \N{MIDDLE DOT} LinkedIn"
    assert listed[0].toolTip().startswith(entry.finding.message)
    listed[0].trigger()
    assert panel.model.rowCount() == problems and entry.key not in demo_repo.ignored_keys(WEEK)
    assert window.undo_stack.undoText() == "bring back 'Goal not met'"
    window.undo_stack.undo()
    assert panel.model.rowCount() == problems - 1


def test_a_problem_set_aside_comes_back_when_one_of_its_posts_changes(window: MainWindow,
                                                                      demo_repo: Repository) -> None:
    from dataclasses import replace

    from app.domain.items import Post
    from app.services import edits

    entry, index = _problem(window, "text-limit")
    card_id = entry.finding.items[0]
    _trigger(window, index, "Set aside")
    assert not any(e.finding.rule == "text-limit" for e in window.advice.problems())  # type: ignore[union-attr]
    badges = [window.week_model.days[4].index(r, 0).data(CardRole.SEVERITY)
              for r in range(window.week_model.days[4].rowCount())
              if window.week_model.days[4].index(r, 0).data(CardRole.ITEM_ID) == card_id]
    assert badges == ["warning"]  # its card no longer carries the error (a promo day's warning stays)
    post = demo_repo.get(card_id)
    assert isinstance(post, Post)
    edited = replace(post, text=post.text + "!")
    window.run_edit("edit promo post", lambda: edits.update_item(demo_repo, edited))
    assert any(e.finding.rule == "text-limit" for e in window.advice.problems())  # type: ignore[union-attr]


def test_hovering_a_problem_checks_its_quick_fix_and_shows_the_link(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitExposed(window):
        window.show()
    tree = window.findings_panel.tree
    _entry, index = _problem(window, "engagement-gap", "linkedin")
    tree.scrollTo(index)
    assert not index.data(FindingRole.FIX_CHECKED)
    qtbot.mouseMove(tree.viewport(), tree.visualRect(index).center())
    qtbot.waitUntil(lambda: bool(index.data(FindingRole.FIX_CHECKED)))
    assert "fix" in [k for _r, k, _t in _layout(window, index).links]
    # Only the hovered problem and at most the one the list started on (whose fix the bar
    # under the list offers) are checked, not every problem of the week.
    others = [tree.model().index(r, 0) for r in range(tree.model().rowCount())]
    checked = [i.row() for i in others if i.data(FindingRole.FIX_CHECKED)]
    assert index.row() in checked
    assert len(others) > 5 and len(checked) <= 2, checked
