"""The findings beside the week, grouped by severity; a click selects the items named.

The model is an adapter over the engine's findings (`set_findings`); a quick fix, when a
finding has an obvious one, is offered as a button under the list and in the context menu.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QResizeEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.rules.explain import SEVERITY_WORDS, rule_name
from app.services.quickfix import Fix
from app.ui.palette import badge_colours, mix

ModelIndex = QModelIndex | QPersistentModelIndex

GROUPS = (("error", "Errors"), ("warning", "Warnings"), ("info", "Notes"))
HEIGHT_CACHE = 8192
TEXT_INSET = 24  # 4 px each side and 16 for the severity dot


class FindingRole(IntEnum):
    FINDING = Qt.ItemDataRole.UserRole + 1
    ITEMS = Qt.ItemDataRole.UserRole + 2
    FIX = Qt.ItemDataRole.UserRole + 3
    SEVERITY = Qt.ItemDataRole.UserRole + 4


def _count(n: int, word: str) -> str:
    return "" if n == 0 else f"1 {word}" if n == 1 else f"{n} {word}s"


class FindingsModel(QStandardItemModel):
    """Severity groups with their findings as children; empty groups are left out."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.findings: list[Any] = []

    def set_findings(self, findings: Sequence[Any], fixes: dict[int, Fix] | None = None) -> None:
        fixes = fixes or {}
        self.findings = list(findings)
        self.clear()
        for severity, title in GROUPS:
            members = [(i, f) for i, f in enumerate(findings) if str(f.severity) == severity]
            if not members:
                continue
            group = QStandardItem(f"{title} ({len(members)})")
            group.setEditable(False)
            group.setSelectable(False)
            group.setData(severity, FindingRole.SEVERITY)
            group.setData(f"{title}: {len(members)}", Qt.ItemDataRole.AccessibleTextRole)
            for i, finding in members:
                fix = fixes.get(i)
                child = QStandardItem(finding.message)
                child.setEditable(False)
                child.setData(finding, FindingRole.FINDING)
                child.setData(tuple(finding.items), FindingRole.ITEMS)
                child.setData(fix, FindingRole.FIX)
                child.setData(severity, FindingRole.SEVERITY)
                name = rule_name(finding.rule)
                tip = f"{name}\n{finding.message}\n{finding.suggestion}"
                if fix is not None:
                    tip += f"\nQuick fix: {fix.label}"
                child.setToolTip(tip)
                child.setData(f"{SEVERITY_WORDS[finding.severity]}, {name}: {finding.message} "
                              f"{finding.suggestion}",
                              Qt.ItemDataRole.AccessibleTextRole)
                group.appendRow(child)
            self.appendRow(group)

    def finding_index(self, position: int) -> QModelIndex:
        """The index showing the finding at `position` in the list given to set_findings."""
        target = self.findings[position]
        for g in range(self.rowCount()):
            group = self.index(g, 0)
            for r in range(self.rowCount(group)):
                child = self.index(r, 0, group)
                if child.data(FindingRole.FINDING) is target:
                    return child
        return QModelIndex()


class FindingDelegate(QStyledItemDelegate):
    """A finding: a severity dot, the message, and the suggestion below it, wrapped."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        # Heights measured per (texts, width, font): a week seen again, a repaint or a
        # relayout does not wrap its ~300 findings again. Dropped when full.
        self._heights: dict[tuple[str, str, bool, int, str], int] = {}
        self._small: dict[str, tuple[QFontMetrics, QFontMetrics]] = {}

    def _metrics(self, font: QFont) -> tuple[QFontMetrics, QFontMetrics]:
        key = font.key()
        found = self._small.get(key)
        if found is None:
            small = QFont(font)
            small.setPointSizeF(max(font.pointSizeF() * 0.9, 7))
            found = self._small[key] = (QFontMetrics(font), QFontMetrics(small))
        return found

    def _width(self, option: QStyleOptionViewItem, index: ModelIndex) -> int:
        """The width the row's text wraps to when painted, as if the vertical scroll bar
        were shown (measured against the viewport, rows were cut once the bar appeared),
        after the indentation of its level and of the root's decoration."""
        view = option.widget
        if not isinstance(view, QTreeView):
            return max(option.rect.width() - TEXT_INSET, 40)
        bar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
        levels = int(view.rootIsDecorated())
        parent = index.parent()
        while parent.isValid():
            levels += 1
            parent = parent.parent()
        inner = view.width() - 2 * view.frameWidth() - bar - view.indentation() * levels
        return max(inner - TEXT_INSET, 40)

    def _layout(self, option: QStyleOptionViewItem, index: ModelIndex) -> tuple[str, str, bool]:
        finding = index.data(FindingRole.FINDING)
        fix = index.data(FindingRole.FIX)
        return finding.message, finding.suggestion, fix is not None

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        if index.data(FindingRole.FINDING) is None:
            size = super().sizeHint(option, index)
            return QSize(size.width(), size.height() + 8)
        message, suggestion, has_fix = self._layout(option, index)
        width = self._width(option, index)
        font = option.font
        key = (message, suggestion, has_fix, width, font.key())
        h = self._heights.get(key)
        if h is None:
            fm, sfm = self._metrics(font)
            h = fm.boundingRect(QRect(0, 0, width, 10000), Qt.TextFlag.TextWordWrap, message).height()
            h += sfm.boundingRect(QRect(0, 0, width, 10000), Qt.TextFlag.TextWordWrap, suggestion).height()
            if has_fix:
                h += sfm.height()
            if len(self._heights) > HEIGHT_CACHE:
                self._heights.clear()
            self._heights[key] = h
        return QSize(width, h + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        if index.data(FindingRole.FINDING) is None:
            opt = QStyleOptionViewItem(option)
            opt.font.setBold(True)
            super().paint(painter, opt, index)
            return
        painter.save()
        pal = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, pal.color(QPalette.ColorRole.Highlight))
        ink = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        dim = mix(ink, pal.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base), 0.35)
        message, suggestion, has_fix = self._layout(option, index)
        rect = option.rect.adjusted(4, 5, -4, -5)
        fill, _ = badge_colours(index.data(FindingRole.SEVERITY))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        fm = QFontMetrics(option.font)
        painter.drawEllipse(rect.left(), rect.top() + (fm.height() - 9) // 2, 9, 9)
        text_rect = rect.adjusted(16, 0, 0, 0)
        painter.setFont(option.font)
        painter.setPen(ink)
        used = painter.boundingRect(text_rect, Qt.TextFlag.TextWordWrap, message)
        painter.drawText(text_rect, Qt.TextFlag.TextWordWrap, message)
        small = QFont(option.font)
        small.setPointSizeF(max(option.font.pointSizeF() * 0.9, 7))
        painter.setFont(small)
        painter.setPen(dim)
        rest = text_rect.adjusted(0, used.height() + 2, 0, 0)
        used2 = painter.boundingRect(rest, Qt.TextFlag.TextWordWrap, suggestion)
        painter.drawText(rest, Qt.TextFlag.TextWordWrap, suggestion)
        if has_fix:
            painter.setPen(ink if selected else pal.color(QPalette.ColorRole.Link))
            fix_rect = rest.adjusted(0, used2.height() + 1, 0, 0)
            painter.drawText(fix_rect, Qt.AlignmentFlag.AlignLeft,
                             "\N{HIGH VOLTAGE SIGN} quick fix available")
        painter.restore()


class FindingsTree(QTreeView):
    """A tree whose wrapped rows are measured again when its width changes."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()


class FindingsPanel(QWidget):
    """The findings list, its summary line and the quick-fix button."""

    items_requested = Signal(tuple)  # item ids to select
    fix_requested = Signal(object, object)  # finding, Fix
    edit_requested = Signal(int)  # item id (a finding with a single item, double-clicked)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("<b>Findings</b>", self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.preview = QLabel("Showing the week as it would be with your unsaved changes.", self)
        self.preview.setWordWrap(True)
        self.preview.setVisible(False)
        font = self.preview.font()
        font.setItalic(True)
        self.preview.setFont(font)
        self.tree = FindingsTree(self)
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(FindingDelegate(self.tree))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.setAccessibleName("Findings")
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.clicked.connect(self._chosen)
        self.tree.activated.connect(self._activated)
        self.tree.selectionModel().currentChanged.connect(lambda cur, _prev: self._show_fix(cur))
        self.fix_label = QLabel(self)
        self.fix_label.setWordWrap(True)
        self.fix_label.setVisible(False)
        self.fix_button = QPushButton("Apply quick fix", self)
        self.fix_button.setAccessibleName("Apply the quick fix")
        self.fix_button.setVisible(False)
        self.fix_button.clicked.connect(self._apply_current_fix)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.fix_label)
        layout.addWidget(self.fix_button)

    def set_findings(self, findings: Sequence[Any], fixes: dict[int, Fix] | None = None,
                     *, preview: bool = False) -> None:
        current = self.tree.currentIndex().data(FindingRole.FINDING)
        self.model.set_findings(findings, fixes)
        self.tree.expandAll()
        if self.tree.isVisible():  # laid out now, so the next paint is the only one
            self.tree.executeDelayedItemsLayout()
        self.preview.setVisible(preview)
        counts = {s: sum(1 for f in findings if str(f.severity) == s) for s, _ in GROUPS}
        if not findings:
            self.summary.setText("Nothing to warn about: this week reads like a conversation.")
        else:
            parts = [_count(counts["error"], "error"), _count(counts["warning"], "warning"),
                     _count(counts["info"], "note")]
            self.summary.setText(", ".join(p for p in parts if p) + ". Click one to select its items.")
        # Keep the same finding current across recomputation when it is still there.
        if current is not None:
            for pos, finding in enumerate(findings):
                if finding == current:
                    self.tree.setCurrentIndex(self.model.finding_index(pos))
                    break
        self._show_fix(self.tree.currentIndex())

    def _show_fix(self, index: QModelIndex) -> None:
        fix = index.data(FindingRole.FIX) if index.isValid() else None
        if fix is None and self.fix_button.hasFocus():
            # Hidden with the focus, the button would hand it to the Find box, which then
            # swallows the Ctrl+Z that should undo the fix just applied.
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        self.fix_button.setVisible(fix is not None)
        self.fix_label.setVisible(fix is not None)
        if fix is not None:
            self.fix_label.setText(f"\N{HIGH VOLTAGE SIGN} {fix.label}")
            self.fix_button.setToolTip(fix.label)
            self.fix_button.setAccessibleDescription(fix.label)

    def _chosen(self, index: QModelIndex) -> None:
        items = index.data(FindingRole.ITEMS)
        if items:
            self.items_requested.emit(tuple(items))
        self._show_fix(index)

    def _activated(self, index: QModelIndex) -> None:
        items = index.data(FindingRole.ITEMS)
        self._chosen(index)
        if items and len(set(items)) == 1:
            self.edit_requested.emit(int(items[0]))

    def _apply_current_fix(self) -> None:
        index = self.tree.currentIndex()
        fix = index.data(FindingRole.FIX) if index.isValid() else None
        if fix is not None:
            self.fix_requested.emit(index.data(FindingRole.FINDING), fix)

    def _menu(self, pos: Any) -> None:
        index = self.tree.indexAt(pos)
        finding = index.data(FindingRole.FINDING) if index.isValid() else None
        if finding is None:
            return
        menu = QMenu(self)
        select = menu.addAction("Select its items")
        select.triggered.connect(lambda: self._chosen(index))
        fix = index.data(FindingRole.FIX)
        if fix is not None:
            apply = menu.addAction(f"Quick fix: {fix.label}")
            apply.triggered.connect(lambda: self.fix_requested.emit(finding, fix))
        menu.exec(self.tree.viewport().mapToGlobal(pos))
