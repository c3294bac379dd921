"""The main window: the week, its findings and mix beside it, and every edit undoable.

Each edit goes through `app.services.edits` (one committed transaction) and is pushed on
the undo stack as a ChangeCommand; after it the week is reloaded and linted again, so the
findings follow every change without a button.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPalette, QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.domain.items import Post, Slot
from app.domain.plan import MARGIN, WeekPlan
from app.domain.recurrence import expand
from app.domain.weeks import Week
from app.domain.zones import local
from app.rules.settings import RuleSettings
from app.services import edits, planning, setup
from app.services.advice import Advice, advise
from app.services.edits import Change
from app.services.preferences import user_zone, week_start
from app.services.quickfix import plan_with
from app.storage.errors import ReadWriteError, StorageError
from app.storage.repository import Repository
from app.ui.actions import MENUS, ActionId, Actions
from app.ui.database_session import DatabaseSession
from app.ui.edit_controller import EditController, noun
from app.ui.findings_panel import FindingsPanel
from app.ui.mix_chart import MixChart
from app.ui.palette import arrow_icon
from app.ui.week_model import WeekModel
from app.ui.week_view import WeekView

if TYPE_CHECKING:  # the editors are imported when first opened: not at start
    from app.ui.post_editor import PostEditor
    from app.ui.slot_editor import SlotEditor

POLL_MS = 1500
READ_AHEAD_MS = 120  # idle time before the weeks either side are read and linted
WEEKS_KEPT = 6
PREVIEW_MS = 60
DEFAULT_TIME = time(9, 0)
DEFAULT_SHARE = 0.85  # of the screen, for a first launch with no saved geometry
DEFAULT_MIN = QSize(1100, 700)
SIDE_MIN_WIDTH = 250  # the findings and the week mix stay readable; the week scrolls instead
WEEK_MIN_WIDTH = 240
MIN_SIZE = QSize(720, 480)  # the toolbar whole, two or three days and the panel beside them


class MainWindow(QMainWindow):
    """One window on one database; `settings` keeps only the layout."""

    def __init__(self, repo: Repository, settings: QSettings | None = None,
                 week: Week | None = None, parent: QWidget | None = None, *,
                 clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.daily: Any = None  # the daily loop (Today panel, due-now notices), made below
        self.settings = settings if settings is not None else QSettings()
        self.zone = user_zone(repo)
        self.week = week or Week.current(self.zone, week_start(repo))
        self.plan: WeekPlan | None = None
        self.findings: list[Any] = []  # every finding of the week, in lint order
        self.advice: Advice | None = None  # the same as problems, folded, some set aside
        self.editor: PostEditor | SlotEditor | None = None
        self.rules_problem = ""
        self._last_platform: str | None = None
        self.database = DatabaseSession(repo, self, POLL_MS)  # polls for commits made elsewhere
        self.database.changed_elsewhere.connect(self._changed_elsewhere)
        self._today = datetime.now(self.zone).date()

        self.undo_stack = QUndoStack(self)
        overrides = {ActionId.UNDO: self.undo_stack.createUndoAction(self, "&Undo"),
                     ActionId.REDO: self.undo_stack.createRedoAction(self, "&Redo")}
        self.registry = Actions(self, overrides)
        self.edit_controller = EditController(self)

        self.week_model = WeekModel(self)
        self.week_view = WeekView(self.week_model, self)
        self.week_view.setAccessibleName("Week")
        self.findings_panel = FindingsPanel(self)
        self.mix_chart = MixChart(self)
        self._build_layout()
        self._build_menus()
        self._connect()

        # Typing fast in an editor lints once per pause, not once per key.
        self._pending: Post | Slot | None = None
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_MS)
        self.preview_timer.timeout.connect(lambda: self.preview(self._pending))

        self.poll = self.database.poll  # tests stop it to drive refreshes themselves
        self.poll.timeout.connect(self._new_day)
        self.database.start()

        # Weeks read and linted, by label: (the file's change stamp then, the advice and its
        # plan). A switch to one of them shows it at once; a change anywhere makes them stale.
        self._weeks: dict[str, tuple[Any, Advice]] = {}
        self._advice_due = QTimer(self)
        self._advice_due.setSingleShot(True)
        self._advice_due.setInterval(0)
        self._advice_due.timeout.connect(self._advise_shown)
        self._read_ahead = QTimer(self)
        self._read_ahead.setSingleShot(True)
        self._read_ahead.setInterval(READ_AHEAD_MS)
        self._read_ahead.timeout.connect(self._read_next_week)

        self._opened = False
        self._damage_told = ""
        self.refresh()
        self._opened = True
        self._restore_layout()
        self._start_daily(clock)

    # -- building ----------------------------------------------------------------------

    def _build_layout(self) -> None:
        self.week_label = QLabel(self)
        self.week_label.setAccessibleName("Week shown")
        self.week_label.setTextFormat(Qt.TextFormat.RichText)
        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText("Find: text, #tag, platform")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setAccessibleName("Find")
        self.find_edit.setMaximumWidth(260)

        bar = QToolBar("Week", self)
        bar.setObjectName("week_toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addAction(self.registry[ActionId.PREVIOUS_WEEK])
        bar.addAction(self.registry[ActionId.TODAY])
        bar.addAction(self.registry[ActionId.NEXT_WEEK])
        bar.addAction(self.registry[ActionId.MONTH_VIEW])
        bar.addSeparator()
        bar.addWidget(self.week_label)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addWidget(self.find_edit)
        bar.addAction(self.registry[ActionId.NEW_POST])
        bar.addAction(self.registry[ActionId.NEW_SLOT])
        for action_id, text in ((ActionId.PREVIOUS_WEEK, "Previous"), (ActionId.TODAY, "Today"),
                                (ActionId.NEXT_WEEK, "Next"), (ActionId.MONTH_VIEW, "Month"),
                                (ActionId.NEW_POST, "+ Post"),
                                (ActionId.NEW_SLOT, "+ Slot")):
            # The short word as the action's icon text: a button set by hand loses it
            # whenever the action changes (a new icon when the palette turns dark).
            self.registry[action_id].setIconText(text)
            button = bar.widgetForAction(self.registry[action_id])
            if button is not None:
                button.setAccessibleName(self.registry[action_id].statusTip())
        self.addToolBar(bar)
        self.toolbar = bar

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 0, 0)
        self.side_splitter = _SideSplitter(Qt.Orientation.Vertical, side)
        self.side_splitter.resized.connect(lambda: self._fit_side())
        self.side_splitter.setObjectName("side_splitter")
        chart_area = QScrollArea(self)
        chart_area.setWidget(self.mix_chart)
        chart_area.setWidgetResizable(True)
        chart_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.side_splitter.addWidget(self.findings_panel)
        self.side_splitter.addWidget(chart_area)
        self.side_splitter.setStretchFactor(0, 1)
        self.side_splitter.setStretchFactor(1, 0)  # the chart keeps its height, findings grow
        self.side_splitter.setChildrenCollapsible(False)
        self._side_auto = False
        self.side_splitter.splitterMoved.connect(lambda *_: setattr(self, "_side_auto", False))
        side_layout.addWidget(self.side_splitter)
        side.setMinimumWidth(SIDE_MIN_WIDTH)
        self.chart_area = chart_area

        # Too narrow for seven readable days, the week scrolls sideways (the panel stays).
        self.week_scroll = QScrollArea(self)
        self.week_scroll.setWidget(self.week_view)
        self.week_scroll.setWidgetResizable(True)
        self.week_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.week_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.week_scroll.setMinimumWidth(WEEK_MIN_WIDTH)
        self.month_view: Any = None  # built when first shown
        self.month = self.week.days[0].replace(day=1)
        self.central_stack = QStackedWidget(self)
        self.central_stack.addWidget(self.week_scroll)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.central_stack)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.statusBar()
        self.setMinimumSize(MIN_SIZE)

    def _build_menus(self) -> None:
        for title, ids in MENUS:
            menu = self.menuBar().addMenu(title)
            for action_id in ids:
                if action_id is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.registry[action_id])
        self.card_menu = QMenu(self)
        for action_id in (ActionId.EDIT, ActionId.DUPLICATE, ActionId.MARK_DONE, ActionId.DELETE):
            self.card_menu.addAction(self.registry[action_id])
        self.card_menu.addSeparator()
        self.card_menu.addAction(self.registry[ActionId.NEW_POST])
        self.card_menu.addAction(self.registry[ActionId.NEW_SLOT])

    def _connect(self) -> None:
        a = self.registry
        a[ActionId.NEW_POST].triggered.connect(lambda: self.new_post())
        a[ActionId.NEW_SLOT].triggered.connect(lambda: self.new_slot())
        a[ActionId.EDIT].triggered.connect(self.edit_selected)
        a[ActionId.DUPLICATE].triggered.connect(self.edit_controller.duplicate_selected)
        a[ActionId.MARK_DONE].triggered.connect(self.mark_selected_done)
        a[ActionId.DELETE].triggered.connect(self.edit_controller.delete_selected)
        a[ActionId.FIND].triggered.connect(self._focus_find)
        a[ActionId.PREVIOUS_WEEK].triggered.connect(lambda: self.step(-1))
        a[ActionId.NEXT_WEEK].triggered.connect(lambda: self.step(1))
        a[ActionId.TODAY].triggered.connect(self.go_today)
        a[ActionId.MONTH_VIEW].setCheckable(True)
        a[ActionId.MONTH_VIEW].toggled.connect(self.show_month)
        self._nav_icons()
        a[ActionId.SETTINGS].triggered.connect(self.open_settings)
        from app.ui.sync_actions import install as install_sync

        self.calendar_sync = install_sync(self, a[ActionId.SYNC], a[ActionId.SYNC_SETTINGS])
        a[ActionId.GOALS].triggered.connect(self.open_goals)
        from app.ui.backlog_panel import install as install_backlog

        self.backlog = install_backlog(self)  # the ideas beside the week, the fill
        self.mix_chart.goals_requested.connect(self.open_goals)
        a[ActionId.QUIT].triggered.connect(lambda: self.daily.quit() if self.daily else self.close())
        a[ActionId.ABOUT].triggered.connect(self._about)
        a[ActionId.SHORTCUTS].triggered.connect(self.show_shortcuts)
        a[ActionId.ABOUT_ADVICE].triggered.connect(lambda: self.show_advice_help())
        a[ActionId.EXPORT].triggered.connect(self._export)
        a[ActionId.IMPORT_CSV].triggered.connect(self._import)
        a[ActionId.RESTORE].triggered.connect(self._restore_backup)
        a[ActionId.PRINT].triggered.connect(lambda: self._print(False))
        a[ActionId.PRINT_PREVIEW].triggered.connect(lambda: self._print(True))

        self.find_edit.textChanged.connect(self.week_model.set_filter)
        clear_find = QAction(self.find_edit)
        clear_find.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear_find.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear_find.triggered.connect(self._clear_find)
        self.find_edit.addAction(clear_find)
        self.find_edit.returnPressed.connect(lambda: self.week_view.focus_day(0))
        self.week_view.add_requested.connect(lambda day: self.new_post(day))
        self.week_view.edit_requested.connect(self.edit_item)
        self.week_view.selection_changed.connect(self._update_actions)
        self.week_view.delegate.done_toggled.connect(self.edit_controller.set_done)
        for view in self.week_view.views:
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(
                lambda pos, v=view: self._card_menu(v, pos))
        for day_model in self.week_model.days:
            edit = self.edit_controller
            day_model.move_requested.connect(edit.move_item, Qt.ConnectionType.QueuedConnection)
            day_model.retime_requested.connect(edit.retime_item, Qt.ConnectionType.QueuedConnection)
            day_model.occurrence_move_requested.connect(edit.move_occurrence,
                                                        Qt.ConnectionType.QueuedConnection)
        self.findings_panel.items_requested.connect(self.select_items)
        self.findings_panel.fix_requested.connect(self.edit_controller.apply_fix)
        self.findings_panel.edit_requested.connect(self.edit_item)
        self.findings_panel.why_requested.connect(self.explain_rule)
        edit = self.edit_controller
        self.findings_panel.set_aside_requested.connect(lambda key: edit.set_aside(key, True))
        self.findings_panel.bring_back_requested.connect(lambda key: edit.set_aside(key, False))
        self.undo_stack.indexChanged.connect(lambda _: self._update_actions())

    # -- layout memory -----------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self._default_geometry()
        for key, splitter in (("window/splitter", self.splitter),
                              ("window/side_splitter", self.side_splitter)):
            state = self.settings.value(key)
            if isinstance(state, QByteArray) and not state.isEmpty():
                splitter.restoreState(state)
            elif splitter is self.splitter:
                splitter.setSizes([930, 330])
            else:  # until the user moves it: sized to the chart, see _fit_side
                self._side_auto = True
                self._fit_side()

    def _fit_side(self, grow_only: bool = False) -> None:
        """The week mix shown whole (every goal) while it takes under 45% of the panel's
        height; the findings get the rest. Kept so as the window is resized, until the user
        drags the divider (that layout is then remembered)."""
        if not getattr(self, "_side_auto", False):
            return
        splitter = self.side_splitter
        chart = self.mix_chart.heightForWidth(self.mix_chart.width() or SIDE_MIN_WIDTH) + 4
        total = sum(splitter.sizes()) or max(self.height() - 120, 200)
        shown = min(chart, int(total * 0.45))
        if grow_only and shown <= splitter.sizes()[1]:
            return  # another week with fewer rows: the findings do not jump at every switch
        if splitter.sizes() != [total - shown, shown]:
            splitter.setSizes([total - shown, shown])

    def _default_geometry(self) -> None:
        """First launch: most of the screen (a week needs room), centred on it."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 800)
            return
        free = screen.availableGeometry()
        width = min(free.width(), max(round(free.width() * DEFAULT_SHARE), DEFAULT_MIN.width()))
        height = min(free.height(), max(round(free.height() * DEFAULT_SHARE), DEFAULT_MIN.height()))
        self.resize(width, height)
        self.move(free.x() + (free.width() - width) // 2, free.y() + (free.height() - height) // 2)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/side_splitter", self.side_splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.daily is not None and self.daily.hide_on_close():
            self.save_layout()  # kept running in the tray: the notices keep coming
            self.hide()
            event.ignore()
            return
        if self.daily is not None:
            self.daily.stop()
        if self.editor is not None:
            self.editor.reject()
        self.save_layout()
        self.database.stop()
        super().closeEvent(event)

    # -- loading and linting -----------------------------------------------------------

    def _rule_settings(self) -> RuleSettings:

        try:
            self.rules_problem = ""
            return RuleSettings.load(self.repo)
        except ValueError as exc:
            self.rules_problem = f"Rule settings ignored: {exc}"
            return RuleSettings()

    def advise(self, plan: WeekPlan, rules: Any = None) -> Advice:
        """The week's findings as problems, with what the user set aside in this week."""
        return advise(plan, rules or self._rule_settings(), self.repo.ignored_keys(self.week.label))

    def refresh(self, *, switched: bool = False) -> bool:
        """Reload the week from the database and lint it; keeps selection and scroll.

        `switched`: another week is shown (nothing changed): a week read ahead or seen since
        its last change is reused with its advice, else its findings follow its first paint.
        False when the week could not be read (a damaged row, told to the user)."""
        selected = self.week_view.selected_ids()
        scroll = [v.verticalScrollBar().value() for v in self.week_view.views]
        try:
            known = self._weeks.get(self.week.label) if switched else None
            if known is not None and known[0] == self.repo.change_stamp():
                self.plan = known[1].plan
            elif switched:  # the cards need the week alone; its margins come with the lint
                self.plan = self.repo.load_plan(self.week, timedelta(0))
            else:
                self.plan = self.repo.load_plan(self.week)
        except StorageError as exc:
            if not self._opened:
                raise  # the launcher names it and exits: there is no window to keep yet
            self.database.seen()  # told once, not at every poll
            self._damaged(str(exc))
            return False
        advice = self._known_advice(self.plan) if switched else None
        if advice is None and not switched:
            advice = self.advise(self.plan)
        self._advice_due.stop()
        if advice is not None:
            self._show_advice(advice)
        else:
            # A week not seen since its last change: cards first, linted right after they paint.
            self.findings = []
            self.week_model.set_plan(self.plan)
            self._advice_due.start()
        self.mix_chart.set_plan(self.plan)
        self._fit_side(grow_only=True)  # this week may have more platforms or goals
        if self.month_shown():
            self._refresh_month()
        if selected:
            self._select(selected, scroll=False)
        for view, value in zip(self.week_view.views, scroll, strict=True):
            view.verticalScrollBar().setValue(value)
        self.backlog.refresh()
        self._update_title()
        self._update_actions()
        if self.rules_problem:
            self.statusBar().showMessage(self.rules_problem)
        self.database.seen()
        if self.daily is not None and not switched:  # Today does not depend on the week shown
            self.daily.refresh()
        return True

    def _known_advice(self, plan: WeekPlan) -> Advice | None:
        known = self._weeks.get(plan.week.label)
        return known[1] if known is not None and known[1].plan is plan else None

    def _show_advice(self, advice: Advice) -> None:
        """The week's findings in the list and, on the cards, their badges."""
        self.advice = advice
        self._weeks[advice.plan.week.label] = (self.repo.change_stamp(), advice)
        while len(self._weeks) > WEEKS_KEPT:
            del self._weeks[next(iter(self._weeks))]
        self.findings = [e.finding for e in advice.entries]
        # A card's badge counts what is not set aside, as the list does.
        self.week_model.set_findings(advice.plan, [e.finding for e in advice.entries if not e.ignored])
        if self.editor is None:
            self.findings_panel.set_advice(advice)
        self._read_ahead.start()

    def _advise_shown(self) -> None:
        """The deferred half of a switch: the week's margins read, then the lint."""
        if self.plan is None:
            return
        try:
            if self.plan.margin != MARGIN:
                try:
                    self.plan = _with_margins(self.repo, self.plan)
                    self.week_model.adopt(self.plan)
                except StorageError as exc:  # a damaged row next to the week: lint it alone
                    self._damaged(str(exc))
            advice = self.advise(self.plan)
        except ReadWriteError:
            return  # the file was closed under the window
        self._show_advice(advice)

    def _read_next_week(self) -> None:
        """While idle: read and lint the weeks either side, one per turn, so Next and
        Previous find them ready (kept until anything in the file changes)."""
        if not self.isVisible() or self.month_shown():
            return
        try:
            stamp = self.repo.change_stamp()
            for week in (self.week.shifted(1), self.week.shifted(-1)):
                known = self._weeks.get(week.label)
                if known is None or known[0] != stamp:
                    break
            else:
                return
            plan = self.repo.load_plan(week)
            advice = advise(plan, self._rule_settings(), self.repo.ignored_keys(week.label))
        except (StorageError, ReadWriteError):
            return  # a damaged week is told when opened; a closed file is read no more
        self._weeks[week.label] = (stamp, advice)
        if week == self.week.shifted(1):  # Next, the likelier step: its cards drawn too
            badges = [e.finding for e in advice.entries if not e.ignored]
            self.week_view.prerender(self.week_model.cards_for(plan, badges))
        self._read_ahead.start()  # the other side on the next idle turn

    def _damaged(self, message: str) -> None:
        """A damaged row met after opening (written by another program): say so once, keep
        the week shown before; other weeks and the rest of the window still work."""
        self.statusBar().showMessage(message)
        if message != self._damage_told:
            self._damage_told = message
            QMessageBox.warning(self, APP_NAME, message)

    def preview(self, item: Post | Slot | None) -> None:
        """Lint the week as it would be with `item` saved; None shows the saved week again."""
        if self.plan is None:
            return
        if item is None:
            if self.advice is not None:
                self.findings_panel.set_advice(self.advice)
            self.mix_chart.set_plan(self.plan)
            return
        plan = plan_with(self.plan, item)
        self.findings_panel.set_advice(self.advise(plan), preview=True)
        self.mix_chart.set_plan(plan)  # the mix follows the editor too, before anything is saved

    def _update_title(self) -> None:
        """"30 Nov – 6 Dec 2026 · Week 49": the dates first, the week's number once."""
        if self.month_shown():
            month = f"{self.month:%B %Y}"
            self.week_label.setText(f"<b>{month}</b>")
            self.setWindowTitle(f"{month} — {APP_NAME}")
            return
        week = self.week
        first, last = week.days[0], week.days[-1]
        number = week.monday.isocalendar()[1]
        if first.month == last.month:
            span = f"{first.day}–{last.day} {last:%B %Y}"
        elif first.year == last.year:
            span = f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
        else:
            span = f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"
        self.week_label.setText(f"<b>{span}</b>&nbsp;&nbsp;·&nbsp;&nbsp;Week {number}")
        self.week_label.setToolTip(f"ISO week {week.label}")
        self.setWindowTitle(f"{span} · Week {number} — {APP_NAME}")

    def _update_actions(self) -> None:
        ids = self.week_view.selected_ids()
        for action_id in (ActionId.DELETE, ActionId.DUPLICATE, ActionId.MARK_DONE):
            self.registry[action_id].setEnabled(bool(ids))
        self.registry[ActionId.EDIT].setEnabled(len(ids) == 1)
        if self.daily is not None:
            self.daily.update_actions()

    def _new_day(self) -> None:
        """Past midnight: move the "today" mark."""
        today = datetime.now(self.zone).date()
        if today != self._today:
            self._today = today
            self.week_view.model.changed.emit()
            if self.daily is not None:
                self.daily.refresh()

    def _changed_elsewhere(self) -> None:
        """Another program (the command line, an import) committed: show its changes."""
        # A sync running in the background records what it sent: not an outside change.
        if self.refresh() and not self.calendar_sync.busy:
            self.statusBar().showMessage("Updated with changes made outside this window", 4000)

    def file_replaced(self) -> None:
        """The file holds other data now (a restore): the undo history is void, and the zone,
        week start and week are read again."""
        self.undo_stack.clear()
        self._settings_saved()

    # -- navigation and selection ------------------------------------------------------

    def _nav_icons(self) -> None:
        """Previous / Next arrows drawn in the toolbar's text colour (light on a dark theme)."""
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        self.registry[ActionId.PREVIOUS_WEEK].setIcon(arrow_icon(colour, -1))
        self.registry[ActionId.NEXT_WEEK].setIcon(arrow_icon(colour, 1))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._nav_icons()
        super().changeEvent(event)

    def month_shown(self) -> bool:
        return self.month_view is not None and self.central_stack.currentWidget() is self.month_view

    def show_month(self, on: bool = True) -> None:
        """Switch between the week and the month it falls in (View > Month)."""
        action = self.registry[ActionId.MONTH_VIEW]
        if action.isChecked() != on:
            action.setChecked(on)  # toggled() comes back here
            return
        if on:
            from app.ui.month_view import MonthView, first_of_month

            if self.month_view is None:
                self.month_view = MonthView(self)
                self.month_view.week_requested.connect(self.open_week_of)
                self.central_stack.addWidget(self.month_view)
            today = datetime.now(self.zone).date()
            self.month = first_of_month(today if today in self.week.days else self.week.days[3])
            self.central_stack.setCurrentWidget(self.month_view)
            self._refresh_month()
            self.month_view.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.central_stack.setCurrentWidget(self.week_scroll)
            self.week_view.focus_day(0)
        for action_id, word in ((ActionId.PREVIOUS_WEEK, "month before"),
                                (ActionId.NEXT_WEEK, "month after")):
            tip = f"Go to the {word}" if on else self.registry[action_id].statusTip()
            self.registry[action_id].setToolTip(tip)
        self._update_title()

    def _refresh_month(self) -> None:
        rules = self._rule_settings()

        def load(week: Week) -> tuple[WeekPlan, list[Any]]:
            shown = self.plan if week == self.week else None
            plan = shown if shown is not None and shown.margin == MARGIN else self.repo.load_plan(week)
            found = advise(plan, rules, self.repo.ignored_keys(week.label))
            return plan, [e.finding for e in found.entries if not e.ignored]

        today = datetime.now(self.zone).date()
        self.month_view.set_month(self.month, self.zone, week_start(self.repo), today, load)
        self.month_view.select_day(today if today in self.week.days else self.week.days[0])

    def step(self, direction: int) -> None:
        """Previous / Next: a week, or a month while the month is shown."""
        if self.month_shown():
            from app.ui.month_view import first_of_month

            self.month = first_of_month(self.month, direction)
            self._refresh_month()
            self._update_title()
            return
        self.go_to(self.week.shifted(direction))

    def go_today(self) -> None:
        self.go_to(Week.current(self.zone, week_start(self.repo)))
        if self.month_shown():
            from app.ui.month_view import first_of_month

            self.month = first_of_month(datetime.now(self.zone).date())
            self._refresh_month()
            self._update_title()

    def open_week_of(self, day: date) -> None:
        """A day clicked in the month: its week, in the week view."""
        self.go_to(Week.containing(day, self.zone, week_start(self.repo)))
        self.show_month(False)

    def go_to(self, week: Week) -> None:
        self.week = week
        for view in self.week_view.views:
            view.clearSelection()
        self.refresh(switched=True)

    def select_items(self, item_ids: Sequence[int]) -> None:
        """Select the cards of these items (a finding's), scrolling to the first."""
        count = self._select(item_ids, scroll=True)
        if count == 0 and item_ids:
            self.statusBar().showMessage("Those items are outside this week or hidden by Find", 4000)

    def _select(self, item_ids: Sequence[int], *, scroll: bool) -> int:
        if scroll:
            return self.week_view.select_items(item_ids)
        bars = [v.verticalScrollBar().value() for v in self.week_view.views]
        count = self.week_view.select_items(item_ids)
        for view, value in zip(self.week_view.views, bars, strict=True):
            view.verticalScrollBar().setValue(value)
        return count

    def _clear_find(self) -> None:
        self.find_edit.clear()
        self.week_view.focus_day(0)

    def _focus_find(self) -> None:
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()

    def _card_menu(self, view: Any, pos: Any) -> None:
        index = view.indexAt(pos)
        view.setFocus(Qt.FocusReason.PopupFocusReason)  # "New post" then plans on this day
        if index.isValid() and not view.selectionModel().isSelected(index):
            self.week_view._clear_others(self.week_view.views.index(view))
            view.setCurrentIndex(index)
        self._update_actions()
        self.card_menu.exec(view.viewport().mapToGlobal(pos))

    # -- edits (app/ui/edit_controller.py makes them) ---------------------------------------

    def run_edit(self, text: str, edit: Callable[[], Change]) -> Change | None:
        """Make an edit through the service layer and push it on the undo stack."""
        return self.edit_controller.run(text, edit)

    def mark_selected_done(self) -> None:
        """Ctrl+M: posts posted now (the time kept beside them), slot occurrences done."""
        if self.daily is not None:
            self.daily.mark_cards()

    def _start_daily(self, clock: Callable[[], datetime] | None) -> None:
        """The daily loop: the Today panel, due-now notices (told once, also those that came
        due while Presence was closed), posting by hand, the review (app.ui.daily_actions)."""
        from app.ui.daily_actions import DailyLoop

        self.daily = DailyLoop(self, self.settings, clock)
        self.daily.install(self.registry, self.card_menu)
        self.daily.start()

    # -- editors -----------------------------------------------------------------------

    def _default_start(self, day: date | None) -> datetime:
        if day is None:
            day = self.week_view.current_day()
        if day is None:
            today = datetime.now(self.zone).date()
            day = today if today in self.week.days else self.week.days[0]
        return local(day, DEFAULT_TIME, self.zone)

    def _platform(self) -> str:
        # Platforms the user hid in the settings are not offered for new items.
        platforms = [pid for pid, p in self.repo.platforms().items() if not p.hidden]
        if self._last_platform in platforms:
            return self._last_platform
        cards = self.week_view.selected_cards()
        if cards and cards[0].platform.id in platforms:
            return cards[0].platform.id
        return platforms[0] if platforms else "x"

    def new_post(self, day: date | None = None) -> PostEditor:
        from app.ui.post_editor import default_post

        platform = self._platform()  # the next free posting time on the day, if there is one
        start = self.backlog.start_for(platform, day or self.week_view.current_day())
        post = default_post(platform, start or self._default_start(day))
        return self._open_post_editor(post, new=True)

    def new_slot(self, day: date | None = None) -> SlotEditor:
        from app.ui.slot_editor import default_slot

        slot = default_slot(self._platform(), self._default_start(day))
        return self._open_slot_editor(slot, new=True)

    def edit_selected(self) -> None:
        ids = self.week_view.selected_ids()
        if len(ids) == 1:
            self.edit_item(ids[0])

    def edit_item(self, item_id: int) -> PostEditor | SlotEditor | None:
        item = self.repo.get(item_id)
        if item is None:
            return None
        if isinstance(item, Post):
            return self._open_post_editor(item, new=False)
        # The occurrence opened (one selected card of a repeating slot): edited in its own
        # right, the window asks on OK which occurrences the change is for.
        starts = [c.occurrence.start for c in self.week_view.selected_cards()
                  if c.item_id == item_id and c.occurrence is not None]
        occurrence = starts[0] if item.rrule and len(starts) == 1 else None
        return self._open_slot_editor(item, new=False, occurrence=occurrence)

    def _open_post_editor(self, post: Post, *, new: bool) -> PostEditor:
        from app.ui.post_editor import PostEditor

        editor = PostEditor(self.repo.platforms(), self.repo.accounts(), post, self, new=new)
        self.backlog.attach_extras(editor, post)  # evergreen fields, snippets
        editor.copy_requested.connect(lambda copy, note: self._copy_post(editor, copy, note))
        self._show_editor(editor, new)
        return editor

    def _copy_post(self, source: PostEditor, copy: Post, note: str) -> PostEditor:
        """"Copy to": the post is kept as typed (saved), the copy opens as a new post."""
        source.accept()
        editor = self._open_post_editor(copy, new=True)
        editor.error.show_note(note)
        return editor

    def _open_slot_editor(self, slot: Slot, *, new: bool,
                          occurrence: datetime | None = None) -> SlotEditor:
        from app.ui.slot_editor import SlotEditor

        editor = SlotEditor(self.repo.platforms(), slot, self, new=new, occurrence=occurrence)
        self._show_editor(editor, new)
        return editor

    def _show_editor(self, editor: PostEditor | SlotEditor, new: bool) -> None:
        if self.editor is not None:
            self.editor.reject()
        self.editor = editor
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.draft_changed.connect(self._queue_preview)
        editor.finished.connect(lambda result: self._editor_closed(editor, result, new))
        self.preview(editor.draft()[0])
        editor.open()

    def _queue_preview(self, item: Post | Slot | None) -> None:
        self._pending = item
        self.preview_timer.start()

    def _editor_closed(self, editor: PostEditor | SlotEditor, result: int, new: bool) -> None:
        if self.editor is editor:
            self.editor = None
        self.preview_timer.stop()
        self.preview(None)
        if result != 1:
            return
        from app.ui.post_editor import PostEditor

        item = editor.result_post() if isinstance(editor, PostEditor) else editor.result_slot()
        self._last_platform = item.platform
        if isinstance(item, Slot) and not isinstance(editor, PostEditor) and editor.occurrence:
            self._edit_occurrence(editor.original, editor.occurrence, item)
        elif isinstance(item, Post) and self.backlog.save_post(editor, item, new):
            pass  # saved with its evergreen mark, as one undoable edit
        elif new:
            self.run_edit(f"add {noun(item)}", lambda: edits.add_item(self.repo, item))
        else:
            self.run_edit(f"edit {noun(item)}", lambda: edits.update_item(self.repo, item))

    def _edit_occurrence(self, series: Slot, occurrence: datetime, edited: Slot) -> None:
        """Ask which occurrences an edit made on one of them is for, then make it."""
        from zoneinfo import ZoneInfo

        from app.domain.recurrence import same_rule
        from app.services.edits import Scope
        from app.ui.occurrence_scope import ask_scope, scoped_text

        if edited == series.with_(start=occurrence):
            return  # nothing changed
        zone = series.start.tzinfo
        assert isinstance(zone, ZoneInfo)
        # A new repeat rule is for a run of occurrences, never for one alone.
        kept = same_rule(edited.rrule, series.rrule, zone)
        scopes = tuple(Scope) if kept else (Scope.FOLLOWING, Scope.ALL)
        day = self.edit_controller.day_name(occurrence.astimezone(self.zone).date())
        scope = ask_scope(self, "Edit", f"{day}'s {noun(series)}", scopes)
        if scope is None:
            return
        series_id = series.id
        assert series_id is not None  # a stored series
        self.run_edit(scoped_text("edit", scope, noun(series), day), lambda: edits.edit_occurrence(
            self.repo, series_id, occurrence, edited, scope))

    # -- other dialogs -----------------------------------------------------------------

    def open_settings(self) -> Any:
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.repo, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.edit_controller.push_written(
            "change settings", dialog.change, setup.apply_setup, self._settings_saved))
        dialog.open()
        return dialog

    def open_goals(self) -> Any:
        from app.ui.goals_dialog import GoalsDialog

        dialog = GoalsDialog(self.repo, self.week, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.edit_controller.push_written(
            f"change the goals of {dialog.week.label}", dialog.change, setup.apply_goals, self.refresh))
        dialog.open()
        return dialog

    def _settings_saved(self) -> None:
        self.zone = user_zone(self.repo)
        self.week = Week.containing(self.week.monday, self.zone, week_start(self.repo))
        self.refresh()

    # File > Export, Import and Print load their module (and Qt's printing) when first used.

    def _export(self) -> None:
        from app.ui.exchange_actions import export_dialog

        export_dialog(self, self.repo, self.week)

    def _print(self, preview: bool) -> None:
        from app.ui.exchange_actions import print_checklist

        print_checklist(self, self.repo, self.week, preview)

    def _restore_backup(self) -> None:
        from app.ui.backup_actions import restore_dialog

        restore_dialog(self)

    def _import(self) -> None:
        from app.ui.exchange_actions import import_dialog

        imported = import_dialog(self, self.repo)
        if imported is not None:
            name, result = imported
            change = planning.PlanChange(Change(added=result.items), ideas_added=result.new_ideas)
            self.edit_controller.push_written(f"import {name}", change, planning.apply_plan, self.refresh)

    def show_shortcuts(self) -> Any:
        from app.ui.help_dialogs import ShortcutsDialog

        return self._open_help(ShortcutsDialog(self.registry, self))

    def show_advice_help(self, rule: str | None = None) -> Any:
        from app.ui.help_dialogs import AdviceDialog

        return self._open_help(AdviceDialog(self, rule))

    def explain_rule(self, rule: str) -> Any:
        """"Why?" on a finding: its rule's reasoning."""
        from app.ui.help_dialogs import WhyDialog

        return self._open_help(WhyDialog(rule, self))

    def _open_help(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _about(self) -> None:
        QMessageBox.about(
            self, f"About {APP_NAME}",
            f"<b>{APP_NAME} {__version__}</b><p>Plan a week of posts and of time kept for "
            "conversation; Presence warns where the plan turns into a megaphone.</p>"
            f"<p>Database: {self.repo.path}</p>")


class _SideSplitter(QSplitter):
    """The findings over the week mix; says when it was resized (the window keeps the mix whole)."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


def _with_margins(repo: Repository, plan: WeekPlan) -> WeekPlan:
    """A plan read without margins, completed with them: what `load_plan` reads, in two
    steps (the items of the week stay the same objects, so its cards stay as they are)."""
    week = plan.week
    lo, hi = week.start - MARGIN, week.end + MARGIN
    before_posts, before_slots = repo.items_between(lo, week.start, marks_within=True)
    after_posts, after_slots = repo.items_between(week.end, hi, marks_within=True)
    return replace(
        plan,
        posts=(*before_posts, *plan.posts, *after_posts),
        occurrences=(*expand(before_slots, lo, week.start), *plan.occurrences,
                     *expand(after_slots, week.end, hi)),
        margin=MARGIN,
    )


def week_for(repo: Repository, day: date | None = None) -> Week:
    zone = user_zone(repo)
    return Week.containing(day or datetime.now(zone).date(), zone, week_start(repo))

