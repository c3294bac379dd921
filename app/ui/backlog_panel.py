"""The ideas backlog beside the week (SPEC section 11), and the window's planning-faster edits.

`install(window)` puts a collapsible panel of ideas at the left of the week, lets ideas
be dragged onto a day (the idea takes the day's next free posting time) and cards dragged
back (they become ideas again), marks the free posting times in the day columns, offers
"Fill the week..." with a preview, and makes a new post take the next free posting time.
Every one of these is a single `PlanChange` on the undo stack (`PlanCommand`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QUndoCommand,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.domain.ideas import Idea
from app.domain.items import Post
from app.domain.platforms import Platform
from app.domain.zones import UTC, local
from app.services import planning
from app.services.edits import Change
from app.services.planning import PlanChange
from app.storage import backlog
from app.storage.errors import ReadWriteError, StorageError
from app.ui.actions import ActionId
from app.ui.palette import readable_on
from app.ui.week_model import MIME_TYPE

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

IDEA_MIME = "application/x-presence-ideas"
CHIP_WIDTH = 170
_HEAD = Qt.ItemDataRole.UserRole + 1
_TEXT = Qt.ItemDataRole.UserRole + 2
_COLOUR = Qt.ItemDataRole.UserRole + 3
DROP_TIME = time(9, 0)  # an idea dropped on a day with no free posting time


class IdeaList(QListWidget):
    """The ideas, dragged out onto a day; cards dropped here go back to the backlog."""

    cards_dropped = Signal(list)  # item ids
    delete_requested = Signal(list)  # idea ids

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSpacing(1)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Ideas backlog")

    chip_width = CHIP_WIDTH

    def resizeEvent(self, event: Any) -> None:
        # As many whole chips as the strip has room for: none is cut at the right edge.
        room = self.viewport().width()
        count = max(1, room // CHIP_WIDTH)
        width = max(120, room // count - 2 * self.spacing())
        if width != self.chip_width:
            self.chip_width = width
            self.scheduleDelayedItemsLayout()
        super().resizeEvent(event)

    def idea_ids(self, items: Sequence[QListWidgetItem] | None = None) -> list[int]:
        chosen = self.selectedItems() if items is None else items
        return [int(i.data(Qt.ItemDataRole.UserRole)) for i in chosen]

    def mimeTypes(self) -> list[str]:
        return [IDEA_MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        mime = QMimeData()
        mime.setData(IDEA_MIME, QByteArray(json.dumps({"ideas": self.idea_ids(items)}).encode()))
        return mime

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME_TYPE):
            event.acceptProposedAction()
        else:
            event.ignore()  # the backlog keeps its own order; ideas go onto days

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(MIME_TYPE):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not event.mimeData().hasFormat(MIME_TYPE):
            event.ignore()
            return
        payload = json.loads(bytes(event.mimeData().data(MIME_TYPE).data()).decode())
        event.setDropAction(Qt.DropAction.CopyAction)  # the source redraws from the database
        event.accept()
        self.cards_dropped.emit([int(i) for i in payload.get("items", [])])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selectedItems():
            self.delete_requested.emit(self.idea_ids())
            return
        super().keyPressEvent(event)


class ChipDelegate(QStyledItemDelegate):
    """An idea as a small card: the platform's colour at the left, platform and kind, then
    the first words of the text."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        fm = option.fontMetrics
        width = getattr(self.parent(), "chip_width", CHIP_WIDTH)
        return QSize(width, fm.lineSpacing() * 2 + 12)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        pal = option.palette
        rect = option.rect.adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight) if selected
                            else pal.color(QPalette.ColorRole.Mid), 2 if selected else 1))
        painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, 4, 4)
        colour = index.data(_COLOUR) or "#7a7a7a"
        painter.setPen(Qt.PenStyle.NoPen)
        # X's black would vanish on a dark palette: the strip is kept readable on the chip.
        painter.setBrush(readable_on(QColor(colour), pal.color(QPalette.ColorRole.Base)))
        painter.drawRoundedRect(QRect(rect.left() + 1, rect.top() + 1, 4, rect.height() - 1), 2, 2)
        fm = option.fontMetrics
        inner = rect.adjusted(10, 4, -6, -4)
        head, text = str(index.data(_HEAD) or ""), str(index.data(_TEXT) or "")
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), fm.lineSpacing()),
                         Qt.AlignmentFlag.AlignLeft,
                         QFontMetrics(bold).elidedText(head, Qt.TextElideMode.ElideRight, inner.width()))
        painter.setFont(option.font)
        painter.drawText(QRect(inner.left(), inner.top() + fm.lineSpacing(), inner.width(), fm.lineSpacing()),
                         Qt.AlignmentFlag.AlignLeft,
                         fm.elidedText(text, Qt.TextElideMode.ElideRight, inner.width()))
        painter.restore()


class BacklogPanel(QFrame):
    """A collapsible strip above the week: the count, the ideas as chips, the Fill button."""

    fill_requested = Signal()
    collapsed_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backlog_panel")
        self.setAcceptDrops(True)
        self.toggle = QToolButton(self)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        self.toggle.setAccessibleName("Show or hide the ideas backlog")
        self.toggle.clicked.connect(lambda: self.set_collapsed(not self._collapsed))
        self.list = IdeaList(self)
        self.list.setItemDelegate(ChipDelegate(self.list))
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        chip = self.list.fontMetrics().lineSpacing() * 2 + 12
        scroll = self.list.horizontalScrollBar().sizeHint().height()
        self.list.setFixedHeight(chip + scroll + 6)
        self.hint = QLabel(self)
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.fill_button = QPushButton("Fill the week...", self)
        self.fill_button.setToolTip("Place ideas and due evergreen posts in the free posting times, "
                                    "without adding a warning")
        self.fill_button.clicked.connect(self.fill_requested)
        # One row, so the days keep their height: the chips between the toggle and the Fill
        # button; an empty or folded backlog is just that row's words.
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 4)
        row.setSpacing(4)
        row.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.hint, 1)
        row.addWidget(self.list, 1)
        row.addWidget(self.fill_button, 0, Qt.AlignmentFlag.AlignTop)
        self._count = 0
        self._collapsed: bool = False
        self._update_toggle()

    # A card may be dropped anywhere on the strip, also when it shows no chips.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.list.dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.list.dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.list.dropEvent(event)

    @property
    def collapsed(self) -> bool:
        return self._collapsed

    def set_collapsed(self, collapsed: bool) -> None:
        if collapsed == self._collapsed:
            return
        self._collapsed = collapsed
        self._show_parts()
        self._update_toggle()
        self.collapsed_changed.emit(collapsed)

    def _show_parts(self) -> None:
        chips = not self._collapsed and self._count > 0
        self.list.setVisible(chips)
        self.hint.setVisible(not chips)

    def _update_toggle(self) -> None:
        self.toggle.setArrowType(Qt.ArrowType.RightArrow if self._collapsed else Qt.ArrowType.DownArrow)
        self.toggle.setText(f"Backlog · {self._count}")
        self.toggle.setToolTip(f"Ideas backlog: {self._count} idea{'' if self._count == 1 else 's'}"
                               + (" (click to show)" if self._collapsed else " (click to hide)"))

    def set_ideas(self, ideas: Sequence[Idea], platforms: dict[str, Platform]) -> None:
        chosen = set(self.list.idea_ids())
        self.list.clear()
        for idea in ideas:
            platform = platforms.get(idea.platform)
            name = platform.name if platform else idea.platform
            item = QListWidgetItem(f"{name} · {idea.kind.value}: {idea.title}")
            item.setData(Qt.ItemDataRole.UserRole, idea.id)
            item.setData(_HEAD, f"{name} · {idea.kind.value}" + (" ↗" if idea.link else ""))
            item.setData(_TEXT, idea.title)
            item.setData(_COLOUR, platform.colour if platform else "#7a7a7a")
            item.setToolTip("\n".join(x for x in (f"{name} · {idea.kind.value}", idea.text, idea.link) if x)
                            + "\n\nDrag onto a day to plan it there.")
            self.list.addItem(item)
            item.setSelected(idea.id in chosen)
        self._count = len(ideas)
        self.hint.setText("No ideas waiting: drag a card here to keep it for later, or import a CSV "
                          "whose rows have no date." if not ideas else
                          f"{len(ideas)} idea{'' if len(ideas) == 1 else 's'} waiting for a day.")
        self.list.setToolTip("Ideas without a day: drag one onto a day, or a card back here.")
        self._update_toggle()
        self._show_parts()


class PlanCommand(QUndoCommand):
    """A `PlanChange` already written; undo writes its inverse, redo it again."""

    def __init__(self, text: str, controller: BacklogController, change: PlanChange) -> None:
        super().__init__(text)
        self.controller = controller
        self.change = change
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
        else:
            try:
                self.change = planning.apply_plan(self.controller.repo, self.change)
            except (KeyError, ValueError, StorageError, ReadWriteError) as exc:
                self.controller.failed(f"Cannot redo {self.text()}: {exc}")
                return
        self.controller.changed(self.change)

    def undo(self) -> None:
        try:
            planning.apply_plan(self.controller.repo, self.change.inverse())
        except (KeyError, ValueError, StorageError, ReadWriteError) as exc:
            self.controller.failed(f"Cannot undo {self.text()}: {exc}")
            return
        self.controller.changed(self.change.inverse())


class _DayDrops(QObject):
    """Lets a day column take ideas dragged from the backlog."""

    def __init__(self, controller: BacklogController, view: Any) -> None:
        super().__init__(view)
        self.controller = controller
        self.view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            drop = cast(QDropEvent, event)  # QDragEnterEvent and QDragMoveEvent are QDropEvents
            mime = drop.mimeData()
            if not mime.hasFormat(IDEA_MIME):
                return False
            drop.acceptProposedAction()
            if kind == QEvent.Type.Drop:
                payload = json.loads(bytes(mime.data(IDEA_MIME).data()).decode())
                self.controller.place([int(i) for i in payload.get("ideas", [])],
                                      self.view.day_model().day)
            return True
        return False


class BacklogController(QObject):
    """The backlog's part of the window: its panel, drops, marks, the fill and undo."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = BacklogPanel(window)
        # Above the day columns, inside the week's own scroll area: whatever else is laid
        # out beside the week (the Today panel, the findings) stays where it is.
        scroll = window.week_scroll
        week = scroll.takeWidget()
        container = QWidget(scroll)
        column = QVBoxLayout(container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.panel)
        column.addWidget(week, 1)
        scroll.setWidget(container)
        self.container = container
        self._drops = []
        for view in window.week_view.views:
            drops = _DayDrops(self, view)
            view.viewport().installEventFilter(drops)
            self._drops.append(drops)
        self.panel.list.cards_dropped.connect(self.take_back)
        self.panel.list.delete_requested.connect(self.delete_ideas)
        self.panel.list.itemDoubleClicked.connect(lambda item: self.place(
            [int(item.data(Qt.ItemDataRole.UserRole))], self._focus_day()))
        self.panel.fill_requested.connect(self.open_fill)
        actions = window.registry
        actions[ActionId.FILL_WEEK].triggered.connect(self.open_fill)
        show = actions[ActionId.BACKLOG]
        show.setCheckable(True)
        show.setChecked(not window.settings.value("window/backlog_hidden", False, type=bool))
        self.panel.set_collapsed(not show.isChecked())
        show.toggled.connect(lambda on: self.panel.set_collapsed(not on))
        self.panel.collapsed_changed.connect(self._collapsed)

    @property
    def repo(self) -> Any:
        return self.window.repo

    def _collapsed(self, collapsed: bool) -> None:
        action = self.window.registry[ActionId.BACKLOG]
        if action.isChecked() == collapsed:
            action.setChecked(not collapsed)
        self.window.settings.setValue("window/backlog_hidden", collapsed)

    def _focus_day(self) -> date:
        day = self.window.week_view.current_day()
        return day if day is not None else self.window.week.days[0]

    # -- reading ---------------------------------------------------------------------

    def refresh(self) -> None:
        """The ideas and the free posting times of the week shown, from the database."""
        try:
            ideas = backlog.ideas(self.repo)
            times = planning.posting_times(self.repo)
        except (StorageError, ReadWriteError) as exc:
            self.window.statusBar().showMessage(f"Backlog not read: {exc}")
            return
        platforms = self.repo.platforms()
        self.panel.set_ideas(ideas, platforms)
        self.window.registry[ActionId.FILL_WEEK].setEnabled(backlog.available(self.repo))
        self.window.week_view.set_free_marks(self.free_marks(times, platforms))

    def free_marks(self, times: dict[str, Any], platforms: dict[str, Platform]) -> dict[date, list[str]]:
        """Free posting times still to come in the week shown, per day: "09:00 X"."""
        plan = self.window.plan
        marks: dict[date, list[str]] = {}
        if plan is None:
            return marks
        now = datetime.now(UTC)
        found: list[tuple[datetime, str]] = []
        for pid, platform_times in times.items():
            platform = platforms.get(pid)
            if platform is None or platform.hidden:
                continue
            for moment in planning.free_times(plan, pid, platform_times, now):
                found.append((moment, platform.name))
        for moment, name in sorted(found):
            seen = moment.astimezone(self.window.zone)
            marks.setdefault(seen.date(), []).append(f"{seen.hour:02d}:{seen.minute:02d} {name}")
        return marks

    def start_for(self, platform: str, day: date | None) -> datetime | None:
        """A new post's start: the next free posting time on the day (or in the week)."""
        plan = self.window.plan
        times = planning.posting_times(self.repo).get(platform)
        if plan is None or not times:
            return None
        now = datetime.now(UTC)
        return planning.next_free_time(plan, platform, times, day, now) if day is not None else \
            planning.next_free_time(plan, platform, times, None, now)

    # -- edits -----------------------------------------------------------------------

    def run(self, text: str, edit: Callable[[], PlanChange]) -> PlanChange | None:
        return self.window.edit_controller.push(text, edit, lambda change: PlanCommand(text, self, change))

    def changed(self, change: PlanChange) -> None:
        self.window.refresh()
        shown = [i.id for i in change.items.added if i.id is not None]
        if shown:
            self.window.select_items(shown)

    def failed(self, message: str) -> None:
        self.window.refresh()
        QMessageBox.warning(self.window, APP_NAME, message)

    def place(self, idea_ids: list[int], day: date) -> None:
        """Ideas dropped on a day: each takes the next free posting time of its platform there."""
        plan = self.window.plan
        if plan is None or not idea_ids:
            return
        times = planning.posting_times(self.repo)
        now = datetime.now(UTC)

        def edit() -> PlanChange:
            total = PlanChange()
            working = plan
            with self.repo.transaction():  # all the ideas dropped, or none
                for idea_id in idea_ids:
                    total, working = one(idea_id, total, working)
            return total

        def one(idea_id: int, total: PlanChange, working: Any) -> tuple[PlanChange, Any]:
            found = backlog.idea(self.repo, idea_id)
            if found is None:
                return total, working
            start = None
            if found.platform in times:
                start = planning.next_free_time(working, found.platform, times[found.platform], day, now)
            if start is None:
                start = local(day, DROP_TIME, self.window.zone)
            change = planning.place_idea(self.repo, idea_id, start)
            post = change.items.added[0]
            assert isinstance(post, Post)
            working = replace(working, posts=(*working.posts, post))
            return _join(total, change), working

        what = "idea" if len(idea_ids) == 1 else f"{len(idea_ids)} ideas"
        self.run(f"plan {what} on {day:%A}", edit)

    def take_back(self, item_ids: list[int]) -> None:
        posts = [i for i in (self.repo.get(n) for n in item_ids) if isinstance(i, Post)]
        if not posts:
            self.window.statusBar().showMessage(
                "Only posts go to the backlog; slots stay on their days", 4000)
            return
        what = "post" if len(posts) == 1 else f"{len(posts)} posts"
        self.run(f"move {what} to the backlog",
                 lambda: planning.to_backlog(self.repo, [p.id for p in posts if p.id is not None]))

    def delete_ideas(self, idea_ids: list[int]) -> None:
        what = "idea" if len(idea_ids) == 1 else f"{len(idea_ids)} ideas"
        self.run(f"delete {what}", lambda: planning.remove_ideas(self.repo, idea_ids))

    def open_fill(self) -> Any:
        """Preview the fill of the week shown; on OK it is made as one undoable edit."""
        from app.ui.fill_dialog import FillDialog

        plan = self.window.plan
        if plan is None:
            return None
        try:
            filled = planning.plan_fill(self.repo, plan, self.window._rule_settings())
        except (StorageError, ReadWriteError) as exc:
            QMessageBox.warning(self.window, APP_NAME, f"Could not plan the fill: {exc}")
            return None
        dialog = FillDialog(filled, self.repo.platforms(), self.window)
        dialog.accepted.connect(lambda: self.apply_fill(filled))
        dialog.open()
        return dialog

    def apply_fill(self, filled: planning.FillPlan) -> PlanChange | None:
        count = len(filled.placements)
        if not count:
            return None
        return self.run(f"fill the week ({count} post{'' if count == 1 else 's'})",
                        lambda: planning.apply_plan(self.repo, filled.change()))


    # -- the post editor's evergreen fields and snippets ---------------------------------

    def attach_extras(self, editor: Any, post: Post) -> None:
        from app.ui.post_extras import attach

        attach(editor, self.repo, post.id)

    def save_post(self, editor: Any, post: Post, new: bool) -> bool:
        """Save a post whose evergreen fields changed, with its mark, as one edit; False
        when they did not change (the window saves the post as usual)."""
        fields = getattr(editor, "evergreen", None)
        if fields is None or not fields.edited:
            return False
        mark = fields.mark()
        noun = f"{post.kind.value} post"
        if new:
            self.run(f"add evergreen {noun}" if mark else f"add {noun}",
                     lambda: planning.apply_plan(self.repo, PlanChange(
                         Change(added=(post.with_(id=None),)), added_marks=(mark,))))
        else:
            assert post.id is not None
            post_id = post.id
            text = f"mark {noun} evergreen" if mark and fields.initial is None else (
                f"edit {noun}" if mark else f"end evergreen {noun}")
            self.run(text, lambda: planning.set_evergreen(self.repo, post_id, mark, edited=post))
        return True


def _join(a: PlanChange, b: PlanChange) -> PlanChange:
    """Two changes made one after the other, as one undo step."""
    pad = planning._pad
    na, nb = len(a.items.added), len(b.items.added)
    ra, rb = len(a.items.removed), len(b.items.removed)
    return PlanChange(a.items + b.items, a.ideas_added + b.ideas_added,
                      a.ideas_removed + b.ideas_removed, a.marks + b.marks,
                      pad(a.added_sources, na) + pad(b.added_sources, nb),
                      pad(a.removed_sources, ra) + pad(b.removed_sources, rb),
                      pad(a.added_marks, na) + pad(b.added_marks, nb),
                      pad(a.removed_marks, ra) + pad(b.removed_marks, rb))


def install(window: MainWindow) -> BacklogController:
    return BacklogController(window)
