"""Seven day columns of painted cards, with a header per day and today marked."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QLabel,
    QListView,
    QScrollArea,
    QSizePolicy,
    QStyleOptionViewItem,
    QWidget,
)

from app.ui.card_delegate import MAX_TEXT_LINES, MIN_TEXT_LINES, CardDelegate
from app.ui.palette import mix
from app.ui.week_model import Card, CardRole, DayModel, WeekModel

DAY_MIN_WIDTH = 112  # a card's time, platform code and badge fit; narrower, the week scrolls
ADD_HINT = "Double-click to add a post"


class DayView(QListView):
    """One day's cards; double-click on empty space asks to add, Left/Right change day."""

    add_requested = Signal(object)  # the date
    step_day = Signal(int)  # -1 or +1: move keyboard focus to the neighbouring day
    pressed_plain = Signal()  # a click without Ctrl/Shift: other days drop their selection

    def __init__(self, model: DayModel, delegate: CardDelegate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(DAY_MIN_WIDTH)
        # The column's colour is painted as Window; cards keep the real Base colour.
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self.today = False
        self.hint = False  # this column says how to add a post (the first of an empty week)
        self.free_marks: list[str] = []  # free posting times ("09:00 X"), drawn faintly under the cards
        self.delegate = delegate
        self.card_width = 0  # the width cards are laid out at, read by the delegate
        self.text_lines = MIN_TEXT_LINES  # post text lines the column has room for
        model.modelReset.connect(self.fit_cards)

    def day_model(self) -> DayModel:
        model = self.model()
        assert isinstance(model, DayModel)
        return model

    def set_today(self, today: bool) -> None:
        self.today = today
        parent = self.parentWidget()
        outer = parent.palette() if parent is not None else self.palette()
        pal = QPalette(outer)
        base = outer.color(QPalette.ColorRole.Base)
        window = outer.color(QPalette.ColorRole.Window)
        highlight = outer.color(QPalette.ColorRole.Highlight)
        background = mix(window, highlight, 0.14) if today else mix(window, base, 0.35)
        pal.setColor(QPalette.ColorRole.Window, background)
        self.setPalette(pal)
        self.viewport().update()

    def fit_cards(self) -> bool:
        """Give post cards as many text lines as the column has room for (at least two).

        Returns whether the cards' layout changed. A full column costs nothing more: the
        texts are measured only when there is room to spare."""
        width = self.viewport().width()
        lines = MIN_TEXT_LINES
        model = self.day_model()
        cards = model.cards() if model.rowCount() else []
        if cards and width > 0:
            room = self.viewport().height() - 2 * self.spacing() * len(cards)
            font = self.font()
            delegate = self.delegate
            fonts = delegate.fonts(font)
            parts = [] if len(cards) * (fonts.frame + fonts.line) >= room \
                else [delegate.card_parts(c, font, width) for c in cards]  # else full anyway
            if parts and any(p[1] for p in parts) and \
                    sum(base + n * fonts.line for base, n in parts) < room:
                # Measured once per card; each count of lines tried is then arithmetic.
                needed = [(base, delegate.text_lines_needed(c, font, width) if n else 0)
                          for c, (base, n) in zip(cards, parts, strict=True)]

                def total(limit: int) -> int:
                    return sum(base + min(n, limit) * fonts.line for base, n in needed)

                low, high = MIN_TEXT_LINES, min(MAX_TEXT_LINES, max(n for _b, n in needed))
                while low < high:  # the most lines that still fit
                    middle = (low + high + 1) // 2
                    if total(middle) <= room:
                        low = middle
                    else:
                        high = middle - 1
                lines = low
        changed = (width, lines) != (self.card_width, self.text_lines)
        self.card_width, self.text_lines = width, lines
        return changed

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.fit_cards()
        super().resizeEvent(event)

    def placeholder(self) -> str:
        """What an empty column says; the way to add a post is told once, not per day."""
        if self.model().rowCount():
            return ""
        if bool(getattr(self.parentWidget(), "filtering", False)):
            return "No match"
        return f"Nothing planned\n\n{ADD_HINT.replace(' to ', chr(10) + 'to ')}" if self.hint \
            else "Nothing planned"

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if not self.indexAt(event.position().toPoint()).isValid():
            self.add_requested.emit(self.day_model().day)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        mods = event.modifiers()
        if not mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
            self.pressed_plain.emit()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() == Qt.KeyboardModifier.NoModifier:
            if event.key() == Qt.Key.Key_Left:
                self.step_day.emit(-1)
                return
            if event.key() == Qt.Key.Key_Right:
                self.step_day.emit(1)
                return
            if event.key() == Qt.Key.Key_Insert:
                self.add_requested.emit(self.day_model().day)
                return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        text = self.placeholder()
        if text:
            painter = QPainter(self.viewport())
            colour = self.palette().color(QPalette.ColorRole.PlaceholderText)
            painter.setPen(colour)
            area = QRect(QPoint(6, 10), self.viewport().rect().bottomRight() - QPoint(6, 0))
            painter.drawText(area, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
            painter.end()
        if self.free_marks:
            self._paint_free_marks()

    def _paint_free_marks(self) -> None:
        """The day's free posting times, small and faint, in the room left under the cards."""
        rows = self.model().rowCount()
        top = self.visualRect(self.model().index(rows - 1, 0)).bottom() + 8 if rows else 0
        if not rows and self.placeholder():
            top = self.fontMetrics().lineSpacing() * (4 if self.hint else 2) + 16
        painter = QPainter(self.viewport())
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        step = painter.fontMetrics().lineSpacing()
        bottom = self.viewport().height() - 4
        width = self.viewport().width() - 12
        shown = self.free_marks if top + step * len(self.free_marks) <= bottom else \
            self.free_marks[:max(0, (bottom - top) // step - 1)]
        lines = [f"\u25cb {m}" for m in shown]
        if len(shown) < len(self.free_marks) and top + step * (len(shown) + 1) <= bottom:
            lines.append(f"+{len(self.free_marks) - len(shown)} free")
        for n, line in enumerate(lines):
            text = painter.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRect(6, top + n * step, width, step), Qt.AlignmentFlag.AlignLeft, text)
        painter.end()


class WeekView(QWidget):
    """The seven days side by side; selection spans days, Ctrl-click adds to it."""

    add_requested = Signal(object)  # date
    edit_requested = Signal(int)  # item id
    selection_changed = Signal()

    def __init__(self, model: WeekModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.delegate = CardDelegate(self)
        self.filtering = False
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(3)
        grid.setVerticalSpacing(2)
        self.headers: list[QLabel] = []
        self._coloured: dict[int, bool] = {}  # column -> coloured as today or not
        self.views: list[DayView] = []
        for col, day_model in enumerate(model.days):
            header = QLabel(self)
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            header.setMargin(3)
            header.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            view = DayView(day_model, self.delegate, self)
            view.setToolTip(ADD_HINT)
            view.add_requested.connect(self.add_requested)
            view.activated.connect(self._activated)
            view.step_day.connect(lambda step, c=col: self.focus_day(c + step))
            view.pressed_plain.connect(lambda c=col: self._clear_others(c))
            view.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
            grid.addWidget(header, 0, col)
            grid.addWidget(view, 1, col)
            grid.setColumnStretch(col, 1)
            self.headers.append(header)
            self.views.append(view)
            # Reset models drop their selection; tell listeners.
            day_model.modelReset.connect(self.selection_changed)
        model.changed.connect(self._update_headers)
        model.badges_changed.connect(self._repaint_rows)

    def set_free_marks(self, marks: dict[date, list[str]]) -> None:
        """Mark each day's free posting times (\"09:00 X\"); an empty dict clears them."""
        for view in self.views:
            found = marks.get(view.day_model().day, [])
            if found != view.free_marks:
                view.free_marks = found
                view.setToolTip(ADD_HINT + ("\nFree posting times: " + ", ".join(found) if found else ""))
                view.viewport().update()

    def _repaint_rows(self, rows_per_day: list[list[int]]) -> None:
        """Repaint the days where a card's badge changed (no layout: heights are the same).
        Whole viewports: asking a list view for one row's rectangle calls the delegate's
        size hint (1,100 of them for the badges of a busy week)."""
        for view, rows in zip(self.views, rows_per_day, strict=True):
            if rows:
                view.viewport().update()

    def prerender(self, days: list[list[Card]]) -> None:
        """Draw the pictures of the cards a week read ahead will show on screen, at the
        columns' present sizes, so its first paint copies them (done while idle)."""
        for view, cards in zip(self.views, days, strict=True):
            if not cards or view.visibleRegion().isEmpty() or view.card_width <= 0:
                continue
            option = QStyleOptionViewItem()
            view.initViewItemOption(option)
            ratio = view.viewport().devicePixelRatioF()
            spacing, bottom = view.spacing(), view.viewport().height()
            font, width = option.font, view.card_width
            y = spacing
            for card in cards:
                if y >= bottom:
                    break
                # The lines a column gives post texts depend on its week: two, the least,
                # is what a busy week shows; a sparse week's cards are drawn at first paint.
                height = self.delegate.card_height(card, font, width, view.text_lines)
                option.rect = QRect(spacing, y, width, height)
                self.delegate.prerender(card, option, ratio)
                y += height + 2 * spacing

    def _activated(self, index: QModelIndex) -> None:
        item_id = index.data(CardRole.ITEM_ID)
        if item_id is not None:
            self.edit_requested.emit(int(item_id))

    def _clear_others(self, keep: int) -> None:
        for col, view in enumerate(self.views):
            if col != keep:
                view.clearSelection()

    def reveal(self, view: DayView) -> None:
        """In a window too narrow for the whole week, scroll sideways to show this day."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(view, 0, 0)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._coloured.clear()
            self._update_headers()  # the columns' colours are derived from the palette

    def focus_day(self, col: int) -> None:
        if 0 <= col < 7:
            view = self.views[col]
            view.setFocus(Qt.FocusReason.TabFocusReason)
            self.reveal(view)
            if view.model().rowCount() and not view.currentIndex().isValid():
                view.setCurrentIndex(view.model().index(0, 0))

    def _update_headers(self) -> None:
        plan = self.model.plan
        if plan is None:
            return
        today = datetime.now(plan.week.zone).date()
        self.filtering = bool(self.model.query)
        empty = not any(view.model().rowCount() for view in self.views)
        for col, (header, view, day) in enumerate(zip(self.headers, self.views, plan.week.days, strict=True)):
            view.hint = empty and col == 0
            is_today = day == today
            count = view.model().rowCount()
            # "Today" stands in for the weekday, so the header fits the narrowest column.
            weekday = "Today" if is_today else f"{day:%a}"
            header.setText(f"<b>{weekday}</b> {day.day} {day:%b}")
            header.setAccessibleName(f"{day:%A %d %B}" + (", today" if is_today else ""))
            # Colours only when today moves (a new palette makes Qt restyle and repaint the
            # column and its header, on every switch otherwise).
            if self._coloured.get(col) != is_today:
                self._coloured[col] = is_today
                header.setAutoFillBackground(True)
                pal = self.palette()
                if is_today:
                    pal.setColor(QPalette.ColorRole.Window, pal.color(QPalette.ColorRole.Highlight))
                    pal.setColor(QPalette.ColorRole.WindowText, pal.color(QPalette.ColorRole.HighlightedText))
                header.setPalette(pal)
                view.set_today(is_today)
            view.setAccessibleName(f"{day:%A %d %B}: {count} planned" + (", today" if is_today else ""))
        if self.isVisible():
            # Lay the new cards out now rather than on the next turn of the event loop: the
            # next paint then draws them once, instead of once before the layout and again after.
            for view in self.views:
                view.executeDelayedItemsLayout()

    # -- selection -------------------------------------------------------------------

    def selected_cards(self) -> list[Card]:
        cards: list[Card] = []
        for view in self.views:
            rows = sorted(i.row() for i in view.selectionModel().selectedIndexes())
            cards += [view.day_model().card(r) for r in rows]
        return cards

    def selected_ids(self) -> list[int]:
        return list(dict.fromkeys(c.item_id for c in self.selected_cards()))

    def current_day(self) -> date | None:
        """The day whose column has the keyboard focus, else the first selected card's."""
        for view in self.views:
            if view.hasFocus():
                return view.day_model().day
        cards = self.selected_cards()
        return cards[0].start.date() if cards else None

    def select_items(self, item_ids: Iterable[int]) -> int:
        """Select every card of these items, scroll the first into view; returns the count."""
        ids = list(item_ids)
        first: tuple[DayView, int] | None = None
        count = 0
        for view in self.views:
            selection = QItemSelection()
            for row in view.day_model().rows_of(ids):
                index = view.model().index(row, 0)
                selection.select(index, index)
                count += 1
                if first is None:
                    first = (view, row)
            view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if first is not None:
            view, row = first
            index = view.model().index(row, 0)
            view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
            self.reveal(view)
        self.selection_changed.emit()
        return count
