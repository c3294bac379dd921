"""The findings panel as a blogger uses it: read a problem, fix it, undo, set it aside."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from app.domain.weeks import Week
from app.storage.repository import Repository
from app.ui.findings_panel import FindingRole
from app.ui.main_window import MainWindow
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
