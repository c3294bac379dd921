"""The advice beside the week: one entry per problem, the findings it covers inside it.

The model is an adapter over `app.services.advice.Advice` (`set_advice`), rebuilt after
every edit and on every pause while typing in an editor, so it does no more than copy
the problems in: a quick fix is checked (which lints the week again) only when a problem
is selected, hovered or right-clicked. Each problem shows its rule's plain name, the
message, the suggestion and links: "Why?", the quick fix once known, the findings inside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QResizeEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QToolTip,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.rules.explain import SEVERITY_WORDS, rule_name
from app.rules.findings import Finding, Severity
from app.services.advice import Advice, Entry
from app.services.quickfix import Fix
from app.ui.palette import badge_colours, mix

ModelIndex = QModelIndex | QPersistentModelIndex

HEIGHT_CACHE = 8192
TEXT_INSET = 24  # 4 px each side and 16 for the severity dot
PAD = 5  # above and below a row's text
GAP = 2  # between its lines
LINK_GAP = 14  # between two links on one line
FIX_MARK = "\N{HIGH VOLTAGE SIGN}"


class FindingRole(IntEnum):
    FINDING = Qt.ItemDataRole.UserRole + 1
    ITEMS = Qt.ItemDataRole.UserRole + 2
    FIX = Qt.ItemDataRole.UserRole + 3  # the checked Fix, or None (also while unchecked)
    SEVERITY = Qt.ItemDataRole.UserRole + 4
    KEY = Qt.ItemDataRole.UserRole + 5
    FIX_CHECKED = Qt.ItemDataRole.UserRole + 6  # True once Advice.fix was asked
    INSIDE = Qt.ItemDataRole.UserRole + 7  # how many findings a problem covers


def _count(n: int, word: str) -> str:
    return f"1 {word}" if n == 1 else f"{n} {word}s"


def counts_line(entries: list[Entry]) -> str:
    """"2 errors, 3 warnings, 1 note" of these problems."""
    by = {s: sum(1 for e in entries if e.finding.severity is s) for s in Severity}
    return ", ".join(_count(n, SEVERITY_WORDS[s]) for s, n in by.items() if n)


def _accessible(finding: Finding, inside: int = 0) -> str:
    text = (f"{SEVERITY_WORDS[finding.severity]}, {rule_name(finding.rule)}: {finding.message} "
            f"{finding.suggestion}")
    return text + (f" ({_count(inside, 'more finding')} inside)" if inside else "")


class FindingsModel(QStandardItemModel):
    """Problems as rows, in the order Advice gives them; folded findings as their children."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []  # every finding shown, problems and folded ones
        self.every: list[Finding] = []  # every finding of the advice, in lint order
        self.preview = False

    def set_advice(self, advice: Advice | None, *, preview: bool = False) -> None:
        self.preview = preview
        self.findings = []
        # One removal of every row: clear() has the tree measure the rows left after each
        # one it takes out (quadratic: ~26,000 size hints for ~290 problems).
        self.removeRows(0, self.rowCount())
        if advice is None:
            self.every = []
            return
        self.every = [e.finding for e in advice.entries]
        rows = []
        for entry in advice.problems():
            inside = advice.folded(entry.key)
            row = self._item(entry, len(inside))
            if inside:
                row.appendRows([self._item(child, 0) for child in inside])
            rows.append(row)
        # All at once: a tree of rows of their own heights measures every row again after
        # each insertion (~26,000 size hints for the ~290 problems of a busy week).
        self.invisibleRootItem().appendRows(rows)

    def _item(self, entry: Entry, inside: int) -> QStandardItem:
        finding = entry.finding
        self.findings.append(finding)
        item = QStandardItem(finding.message)
        item.setEditable(False)
        item.setData(finding, FindingRole.FINDING)
        item.setData(tuple(finding.items), FindingRole.ITEMS)
        item.setData(str(finding.severity), FindingRole.SEVERITY)
        item.setData(entry.key, FindingRole.KEY)
        item.setData(inside, FindingRole.INSIDE)
        item.setData(_accessible(finding, inside), Qt.ItemDataRole.AccessibleTextRole)
        item.setToolTip(f"{rule_name(finding.rule)}\n{finding.message}\n{finding.suggestion}")
        return item

    def key_index(self, key: str) -> QModelIndex:
        """The row of the finding with this key (a problem or a folded one), or invalid."""
        found = self.match(self.index(0, 0), FindingRole.KEY, key, 1,
                           Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return QModelIndex(found[0]) if found else QModelIndex()

    def finding_index(self, finding: Finding | int) -> QModelIndex:
        """The row showing this finding, or the one at this position in lint order."""
        target = self.every[finding] if isinstance(finding, int) else finding
        for r in range(self.rowCount()):
            top = self.index(r, 0)
            if top.data(FindingRole.FINDING) is target:
                return top
            for c in range(self.rowCount(top)):
                child = self.index(c, 0, top)
                if child.data(FindingRole.FINDING) is target:
                    return child
        return QModelIndex()

    def set_fix(self, index: ModelIndex, fix: Fix | None) -> None:
        item = self.itemFromIndex(self.index(index.row(), index.column(), index.parent()))
        if item is not None:
            item.setData(fix, FindingRole.FIX)
            item.setData(True, FindingRole.FIX_CHECKED)
            if fix is not None:
                finding = item.data(FindingRole.FINDING)
                item.setToolTip(f"{rule_name(finding.rule)}\n{finding.message}\n{finding.suggestion}"
                                f"\nQuick fix: {fix.label}")


@dataclass
class RowLayout:
    """Where a row's parts go: text blocks (font, colour, words) and links (kind, text)."""

    dot: QRect
    blocks: list[tuple[QRect, str, str, str]] = field(default_factory=list)  # rect, font, ink, text
    links: list[tuple[QRect, str, str]] = field(default_factory=list)  # rect, kind, text
    height: int = 0


class FindingDelegate(QStyledItemDelegate):
    """A problem: severity dot, rule name, message, suggestion, then its links; a folded
    finding: its rule name and message, smaller."""

    link_activated = Signal(QPersistentModelIndex, str)  # row, "why" / "fix" / "inside"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        # Heights measured per (texts, width, font): a week seen again, a repaint or a
        # relayout does not wrap its ~300 findings again. Dropped when full.
        self._heights: dict[tuple[Any, ...], int] = {}
        self._fonts: dict[str, tuple[QFont, QFont, QFont]] = {}

    def fonts(self, font: QFont) -> dict[str, QFont]:
        key = font.key()
        found = self._fonts.get(key)
        if found is None:
            bold, small, small_bold = QFont(font), QFont(font), QFont(font)
            bold.setBold(True)
            size = font.pointSizeF()
            for f in (small, small_bold):
                if size > 0:
                    f.setPointSizeF(max(size * 0.9, 7))
                else:
                    f.setPixelSize(max(round(font.pixelSize() * 0.9), 9))
            small_bold.setBold(True)
            found = self._fonts[key] = (bold, small, small_bold)
        return {"base": font, "bold": found[0], "small": found[1], "small_bold": found[2]}

    @staticmethod
    def _links(index: ModelIndex) -> list[tuple[str, str]]:
        """The row's links; the quick fix last and always given room, so that its showing
        up once checked moves no other link and changes no height."""
        if index.parent().isValid():
            return []  # a folded finding: its problem's links serve it
        links = [("why", "Why?")]
        inside = int(index.data(FindingRole.INSIDE) or 0)
        if inside:
            links.append(("inside", f"{inside} more inside"))
        links.append(("fix", f"{FIX_MARK} Quick fix"))
        return links

    def row_layout(self, rect: QRect, font: QFont, index: ModelIndex) -> RowLayout:
        """Lay the row out in `rect` (its top and width; the height is what it needs)."""
        finding: Finding = index.data(FindingRole.FINDING)
        fonts = self.fonts(font)
        child = index.parent().isValid()
        left, width = rect.left() + 4 + 16, max(rect.width() - TEXT_INSET, 40)
        y = rect.top() + PAD
        layout = RowLayout(QRect(rect.left() + 4, y, 9, 9))
        parts = ([("small_bold", "ink", rule_name(finding.rule)), ("small", "dim", finding.message)]
                 if child else
                 [("bold", "ink", rule_name(finding.rule)), ("base", "ink", finding.message),
                  ("small", "dim", finding.suggestion)])
        for n, (face, ink, text) in enumerate(parts):
            fm = QFontMetrics(fonts[face])
            if n == 0:
                layout.dot.moveTop(y + (fm.height() - 9) // 2)
            used = fm.boundingRect(QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap, text)
            layout.blocks.append((QRect(left, y, width, used.height()), face, ink, text))
            y += used.height() + GAP
        links = self._links(index)
        if links:
            fm = QFontMetrics(fonts["small"])
            x = left
            has_fix = index.data(FindingRole.FIX) is not None
            for kind, text in links:
                w = fm.horizontalAdvance(text) + 2
                if x > left and x + w > left + width:  # no room: the next line
                    x, y = left, y + fm.height()
                if kind != "fix" or has_fix:
                    layout.links.append((QRect(x, y, w, fm.height()), kind, text))
                x += w + LINK_GAP
            y += fm.height() + GAP
        layout.height = y - GAP + PAD - rect.top()
        return layout

    def _width(self, option: QStyleOptionViewItem, index: ModelIndex) -> int:
        """The row's width when painted, as if the vertical scroll bar were shown (measured
        against the viewport, rows were cut once the bar appeared), after the indentation
        of its level and of the root's decoration."""
        view = option.widget
        if not isinstance(view, QTreeView):
            return max(option.rect.width(), 60)
        bar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
        levels = int(view.rootIsDecorated())
        parent = index.parent()
        while parent.isValid():
            levels += 1
            parent = parent.parent()
        return max(view.width() - 2 * view.frameWidth() - bar - view.indentation() * levels, 60)

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        finding = index.data(FindingRole.FINDING)
        if finding is None:
            return super().sizeHint(option, index)
        width = self._width(option, index)
        key = (finding.message, finding.suggestion, finding.rule, index.parent().isValid(),
               index.data(FindingRole.INSIDE), width, option.font.key())
        h = self._heights.get(key)
        if h is None:
            h = self.row_layout(QRect(0, 0, width, 0), option.font, index).height
            if len(self._heights) > HEIGHT_CACHE:
                self._heights.clear()
            self._heights[key] = h
        return QSize(width, h)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        if index.data(FindingRole.FINDING) is None:
            super().paint(painter, option, index)
            return
        painter.save()
        pal = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, pal.color(QPalette.ColorRole.Highlight))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(option.rect, mix(pal.color(QPalette.ColorRole.Base),
                                              pal.color(QPalette.ColorRole.Highlight), 0.08))
        ink = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        back = pal.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        inks = {"ink": ink, "dim": mix(ink, back, 0.3)}
        link_ink = ink if selected else pal.color(QPalette.ColorRole.Link)
        layout = self.row_layout(option.rect, option.font, index)
        fonts = self.fonts(option.font)
        fill, _ = badge_colours(index.data(FindingRole.SEVERITY))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        if index.parent().isValid():
            painter.setBrush(Qt.BrushStyle.NoBrush)  # a folded finding: a ring, not a dot
            painter.setPen(fill)
        painter.drawEllipse(layout.dot)
        for rect, face, colour, text in layout.blocks:
            painter.setFont(fonts[face])
            painter.setPen(inks[colour])
            painter.drawText(rect, Qt.TextFlag.TextWordWrap, text)
        link_font = QFont(fonts["small"])
        link_font.setUnderline(True)
        painter.setFont(link_font)
        painter.setPen(link_ink)
        for rect, _kind, text in layout.links:
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft, text)
        painter.restore()

    def link_at(self, option: QStyleOptionViewItem, index: ModelIndex, pos: QPoint) -> str | None:
        if index.data(FindingRole.FINDING) is None:
            return None
        for rect, kind, _text in self.row_layout(option.rect, option.font, index).links:
            if rect.adjusted(-3, -3, 3, 3).contains(pos):
                return kind
        return None

    def editorEvent(self, event: QEvent, model: Any, option: QStyleOptionViewItem,
                    index: ModelIndex) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent) \
                and event.button() == Qt.MouseButton.LeftButton:
            kind = self.link_at(option, index, event.position().toPoint())
            if kind is not None:
                row = QPersistentModelIndex(index)
                # After the view is done with this click: a fix rebuilds the model under it.
                QTimer.singleShot(0, lambda: self.link_activated.emit(row, kind))
                return True
        return super().editorEvent(event, model, option, index)


class FindingsTree(QTreeView):
    """A tree whose wrapped rows are measured again when its width changes, with a hand
    cursor over a row's links."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()

    def drawBranches(self, painter: QPainter, rect: QRect, index: ModelIndex) -> None:
        # The arrow beside a problem's name, not halfway down its text.
        line = QFontMetrics(self.font()).height() + 2 * PAD
        super().drawBranches(painter, QRect(rect.left(), rect.top(), rect.width(), min(rect.height(), line)),
                             index)

    def option_for(self, index: QModelIndex) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = self.visualRect(index)
        option.widget = self
        return option

    def link_at(self, pos: QPoint) -> tuple[QModelIndex, str | None]:
        index = self.indexAt(pos)
        delegate = self.itemDelegate()
        if not index.isValid() or not isinstance(delegate, FindingDelegate):
            return index, None
        return index, delegate.link_at(self.option_for(index), index, pos)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        _index, kind = self.link_at(event.position().toPoint())
        if kind is None:
            self.viewport().unsetCursor()
        else:
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index, kind = self.link_at(event.pos())
            fix = index.data(FindingRole.FIX) if index.isValid() else None
            tips = {"why": "Why this is advice", "inside": "Show or hide the findings it covers",
                    "fix": f"Quick fix: {fix.label}" if fix is not None else ""}
            if kind is not None:
                QToolTip.showText(event.globalPos(), tips[kind], self.viewport())
                return True
        return super().viewportEvent(event)


class FindingsPanel(QWidget):
    """The problems of the week, how many are set aside, and the quick fix of the one chosen."""

    items_requested = Signal(tuple)  # item ids to select
    fix_requested = Signal(str)  # key of the problem whose quick fix to apply
    edit_requested = Signal(int)  # item id (a finding with a single item, double-clicked)
    why_requested = Signal(str)  # rule id
    set_aside_requested = Signal(str)  # key
    bring_back_requested = Signal(str)  # key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.advice: Advice | None = None
        self.model = FindingsModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("<b>Findings</b>", self)
        self.title.setAccessibleName("Problems in this week")
        self.set_aside_button = QToolButton(self)
        self.set_aside_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.set_aside_button.setAutoRaise(True)
        self.set_aside_button.setVisible(False)
        self.set_aside_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.set_aside_menu = QMenu(self.set_aside_button)
        self.set_aside_menu.setToolTipsVisible(True)
        self.set_aside_button.setMenu(self.set_aside_menu)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.title, 1)
        header.addWidget(self.set_aside_button)
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
        self.tree.setMouseTracking(True)
        self.delegate = FindingDelegate(self.tree)
        self.tree.setItemDelegate(self.delegate)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.setAccessibleName("Findings")
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.clicked.connect(self._chosen)
        self.tree.activated.connect(self._activated)
        self.tree.entered.connect(self._check_fix)
        self.tree.selectionModel().currentChanged.connect(lambda cur, _prev: self._show_fix(cur))
        self.delegate.link_activated.connect(self._link)
        self.fix_label = QLabel(self)
        self.fix_label.setWordWrap(True)
        self.fix_label.setVisible(False)
        self.fix_button = QPushButton("Apply", self)
        self.fix_button.setAccessibleName("Apply the quick fix")
        self.fix_button.setVisible(False)
        self.fix_button.clicked.connect(self._apply_current_fix)
        fix_row = QHBoxLayout()
        fix_row.setContentsMargins(0, 0, 4, 0)  # the button clear of the window edge
        fix_row.addWidget(self.fix_label, 1)
        fix_row.addWidget(self.fix_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview)
        layout.addWidget(self.tree, 1)
        layout.addLayout(fix_row)

    # -- filling -----------------------------------------------------------------------

    def set_advice(self, advice: Advice, *, preview: bool = False) -> None:
        """Show these problems; cheap (it runs on every pause while typing): no fix is checked."""
        current = self.tree.currentIndex().data(FindingRole.KEY)
        opened = {self.model.index(r, 0).data(FindingRole.KEY) for r in range(self.model.rowCount())
                  if self.tree.isExpanded(self.model.index(r, 0))}
        self.advice = advice
        self.model.set_advice(advice, preview=preview)
        for key in opened:
            index = self.model.key_index(key)
            if index.isValid():
                self.tree.expand(index)
        if self.tree.isVisible():  # laid out now, so the next paint is the only one
            self.tree.executeDelayedItemsLayout()
        self.preview.setVisible(preview)
        problems = advice.problems()
        self.title.setText(f"<b>{_count(len(problems), 'problem')}</b>" if problems else "<b>No problems</b>")
        self.summary.setText(counts_line(problems) if problems else
                             "Nothing to warn about: this week reads like a conversation.")
        self._fill_set_aside(advice.set_aside())
        if current is not None:  # the same problem stays chosen while its items are unchanged
            index = self.model.key_index(current)
            if index.isValid():
                self.tree.setCurrentIndex(index)
        self._show_fix(self.tree.currentIndex())

    def _fill_set_aside(self, entries: list[Entry]) -> None:
        menu = self.set_aside_menu
        menu.clear()
        self.set_aside_button.setVisible(bool(entries))
        if not entries:
            return
        self.set_aside_button.setText(f"{len(entries)} set aside \N{BLACK DOWN-POINTING SMALL TRIANGLE}")
        self.set_aside_button.setToolTip("Problems you set aside until their posts or slots change; "
                                         "choose one to bring it back")
        self.set_aside_button.setAccessibleName(f"{len(entries)} set aside: choose one to bring it back")
        head = menu.addAction("Bring back a problem set aside:")
        head.setEnabled(False)
        for entry in entries:
            finding = entry.finding
            action = QAction(self._short(finding).replace("&", "&&"), menu)
            action.setToolTip(f"{finding.message}\n{finding.suggestion}")
            action.setData(entry.key)
            action.triggered.connect(lambda _=False, k=entry.key: self.bring_back_requested.emit(k))
            menu.addAction(action)

    def row_layout(self, index: QModelIndex) -> RowLayout:
        """Where the row's texts and links are painted now, in viewport coordinates."""
        option = self.tree.option_for(index)
        return self.delegate.row_layout(QRect(option.rect), option.font, index)

    def _short(self, finding: Finding) -> str:
        """"Promo day without time to answer · X · Friday": a menu line that needs no cutting."""
        parts = [rule_name(finding.rule)]
        if finding.platform:
            platforms = self.advice.plan.platforms if self.advice is not None else {}
            known = platforms.get(finding.platform)
            parts.append(known.name if known is not None else finding.platform)
        if finding.day is not None:
            parts.append(f"{finding.day:%A}")
        return " \N{MIDDLE DOT} ".join(parts)

    # -- quick fixes, checked when asked for ---------------------------------------------

    def fix_of(self, index: ModelIndex) -> Fix | None:
        """The problem's quick fix, checked now if it was not yet; None for a folded finding,
        while previewing unsaved changes, or when no fix keeps its promise."""
        if not index.isValid() or index.parent().isValid() or self.model.preview or self.advice is None:
            return None
        if not index.data(FindingRole.FIX_CHECKED):
            self.model.set_fix(index, self.advice.fix(index.data(FindingRole.KEY)))
        fix: Fix | None = index.data(FindingRole.FIX)
        return fix

    def _check_fix(self, index: QModelIndex) -> None:
        self.fix_of(index)  # hovered: its link shows once known

    def _show_fix(self, index: QModelIndex) -> None:
        fix = self.fix_of(index)
        if fix is None and self.fix_button.hasFocus():
            # Hidden with the focus, the button would hand it to the Find box, which then
            # swallows the Ctrl+Z that should undo the fix just applied.
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        self.fix_button.setVisible(fix is not None)
        self.fix_label.setVisible(fix is not None)
        if fix is not None:
            self.fix_label.setText(f"{FIX_MARK} {fix.label}")
            self.fix_button.setToolTip(fix.label)
            self.fix_button.setAccessibleDescription(fix.label)

    # -- what a click, a link or the menu asks for ------------------------------------

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

    def _link(self, row: QPersistentModelIndex, kind: str) -> None:
        if not row.isValid():
            return
        index = self.model.index(row.row(), row.column(), row.parent())
        if kind == "why":
            self.why_requested.emit(index.data(FindingRole.FINDING).rule)
        elif kind == "inside":
            self.tree.setExpanded(index, not self.tree.isExpanded(index))
        elif kind == "fix" and self.fix_of(index) is not None:
            self.fix_requested.emit(index.data(FindingRole.KEY))

    def _apply_current_fix(self) -> None:
        index = self.tree.currentIndex()
        if self.fix_of(index) is not None:
            self.fix_requested.emit(index.data(FindingRole.KEY))

    def menu_for(self, index: QModelIndex) -> QMenu | None:
        """The context menu of a row: select, why, quick fix (when one keeps its promise),
        set aside (a problem; a folded finding goes with its problem)."""
        finding = index.data(FindingRole.FINDING) if index.isValid() else None
        if finding is None:
            return None
        key, items = index.data(FindingRole.KEY), tuple(index.data(FindingRole.ITEMS) or ())
        menu = QMenu(self)
        select = menu.addAction("Select its posts and slots")
        select.setEnabled(bool(items))
        select.triggered.connect(lambda: self.items_requested.emit(items))
        menu.addAction(f"Why? ({rule_name(finding.rule)})").triggered.connect(
            lambda: self.why_requested.emit(finding.rule))
        fix = self.fix_of(index)
        if fix is not None:
            apply = menu.addAction(f"Apply quick fix: {fix.label}")
            apply.triggered.connect(lambda: self.fix_requested.emit(key))
        if not index.parent().isValid():
            menu.addSeparator()
            aside = menu.addAction("Set aside until it changes")
            aside.setToolTip("Leave it out of the list and the counts until one of its posts or "
                             "slots is edited")
            aside.setEnabled(not self.model.preview)
            aside.triggered.connect(lambda: self.set_aside_requested.emit(key))
        return menu

    def _menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        menu = self.menu_for(index)
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.tree.viewport().mapToGlobal(pos))
