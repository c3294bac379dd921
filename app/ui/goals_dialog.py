"""The week's goals: a count of a post kind or of an engagement activity per platform.

"Comment on 10 posts on LinkedIn", "at most 2 promo posts on X": the goal-shortfall rule
and the week-mix chart measure the plan against them. A goal ticked "Every week" is
standing: it holds every week from its first until removed; an unticked one is this week's
only, and overrides a standing goal of the same platform, subject and bound.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.items import MAX_GOAL_TARGET, Activity, Goal, GoalMetric, PostKind
from app.domain.weeks import Week
from app.services.setup import GoalsChange, save_goals
from app.storage.errors import ReadWriteError
from app.storage.repository import Repository
from app.ui.editor_fields import ErrorLine

PLATFORM, BOUND, TARGET, SUBJECT, EVERY_WEEK, REMOVE = range(6)
COLUMNS = ("Platform", "Bound", "Target", "Of", "Every week", "")
SUBJECTS = [(f"{k.value} posts", k.value) for k in PostKind] + \
    [(f"{a.value} slots", a.value) for a in Activity]


class GoalsDialog(QDialog):
    """Edit the goals in force in one week; OK writes them all in one transaction."""

    def __init__(self, repo: Repository, week: Week, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.week = week
        self.change: GoalsChange | None = None  # what Save wrote, for the window's undo
        self.setWindowTitle(f"Goals of {week.label}")
        self.setMinimumHeight(320)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Goals")
        self.table.verticalHeader().setVisible(False)
        # Every column as wide as its widest field, so nothing reads "conversation pos" or "...".
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        self._ids: list[int | None] = []
        self._since: list[str | None] = []  # a standing row's first week, as stored
        self._removed: list[int] = []
        for goal in repo.goals(week.label):
            self.add_row(goal)
        add = QPushButton("&Add goal", self)
        add.clicked.connect(lambda: self.add_row(None))
        copy = QPushButton("Copy from the &week before", self)
        copy.clicked.connect(self.copy_previous)
        buttons = QHBoxLayout()
        for b in (add, copy):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.error = ErrorLine(self)
        self.box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        about = QLabel("A goal you can count: at least 10 comment slots on LinkedIn, at most 2 promo "
                       "posts on X. Ticked \u201cEvery week\u201d, it holds every week until removed; "
                       f"unticked, only in {week.label}, where it overrides an every-week goal of the "
                       "same platform, subject and bound.", self)
        about.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.box)
        self.fit_columns()
        self.validate()

    # -- rows --------------------------------------------------------------------------

    def add_row(self, goal: Goal | None) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        platform = QComboBox(self.table)
        for pid, p in self.repo.platforms().items():
            if not p.hidden or (goal is not None and goal.platform == pid):  # hidden: not offered
                platform.addItem(p.name, pid)
        bound = QComboBox(self.table)
        bound.addItem("at least", GoalMetric.AT_LEAST.value)
        bound.addItem("at most", GoalMetric.AT_MOST.value)
        target = QSpinBox(self.table)
        target.setRange(0, MAX_GOAL_TARGET)
        target.setValue(3)
        subject = QComboBox(self.table)
        for label, value in SUBJECTS:
            subject.addItem(label, value)
        every = QCheckBox(self.table)
        every.setChecked(goal is None or goal.standing)  # a new goal is meant to last
        since = goal.since if goal is not None else None
        every.setToolTip(
            f"Ticked: holds every week{f' since {since}' if since else f' from {self.week.label}'} "
            f"until removed. Unticked: only in {self.week.label}.")
        if goal is not None:
            platform.setCurrentIndex(max(platform.findData(goal.platform), 0))
            bound.setCurrentIndex(bound.findData(goal.metric.value))
            target.setValue(goal.target)
            subject.setCurrentIndex(max(subject.findData(goal.subject), 0))
        for col, widget, name in ((PLATFORM, platform, "Platform"), (BOUND, bound, "Bound"),
                                  (TARGET, target, "Target"), (SUBJECT, subject, "Counted"),
                                  (EVERY_WEEK, every, "Every week")):
            widget.setAccessibleName(f"{name}, goal {r + 1}")
            self.table.setCellWidget(r, col, widget)
        for combo in (platform, bound, subject):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self.validate)
        every.toggled.connect(self.validate)
        remove = QToolButton(self.table)
        remove.setText("Remove")
        remove.setToolTip("Remove this goal; an every-week goal leaves every week")
        remove.setAccessibleName(f"Remove goal {r + 1}")
        remove.clicked.connect(lambda: self.remove_row(self._row_of(remove)))
        self.table.setCellWidget(r, REMOVE, remove)
        self._ids.append(goal.id if goal is not None else None)
        self._since.append(since)
        self.fit_columns()
        self.validate()

    def fit_columns(self) -> None:
        """Each column as wide as its header and its widest field: nothing is cut."""
        header = self.table.horizontalHeader()
        grid = 1 if self.table.showGrid() else 0  # a cell widget gets the section less the grid line
        for col in range(self.table.columnCount()):
            width = header.sectionSizeFromContents(col).width()
            for r in range(self.table.rowCount()):
                widget = self.table.cellWidget(r, col)
                if widget is not None:
                    width = max(width, widget.sizeHint().width() + grid)
            self.table.setColumnWidth(col, width)
        self.table.updateGeometry()
        frame = 2 * self.table.frameWidth()
        scroll = self.table.verticalScrollBar().sizeHint().width()
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        side = margins.left() + margins.right() if margins is not None else 24
        self.setMinimumWidth(header.length() + frame + scroll + side)

    def _row_of(self, widget: QWidget) -> int:
        for r in range(self.table.rowCount()):
            if self.table.cellWidget(r, REMOVE) is widget:
                return r
        return -1

    def remove_row(self, r: int) -> None:
        if r < 0:
            return
        goal_id = self._ids.pop(r)
        self._since.pop(r)
        if goal_id is not None:
            self._removed.append(goal_id)
        self.table.removeRow(r)
        self.validate()

    def copy_previous(self) -> None:
        """Add the week before's own goals; say so when there is nothing to copy."""
        before = self.week.shifted(-1).label
        own = [g for g in self.repo.goals(before) if not g.standing]
        here = {(g.key, g.standing) for g in self.goals()}
        fresh = [g for g in own if (g.key, False) not in here]
        for goal in fresh:
            self.add_row(Goal(self.week.label, goal.platform, goal.target, goal.subject, goal.metric))
            every = self.table.cellWidget(self.table.rowCount() - 1, EVERY_WEEK)
            assert isinstance(every, QCheckBox)
            every.setChecked(False)  # copied as it was: that week's only
        if not own:
            standing = any(g.standing for g in self.repo.goals(before))
            also = " (its every-week goals already hold this week)" if standing else ""
            self.error.show_note(f"{before} had no goals of its own to copy{also}.")
        elif not fresh:
            self.error.show_note(f"The goals of {before} are already here; nothing copied.")
        else:
            self.error.show_note(f"Copied {len(fresh)} goal{'' if len(fresh) == 1 else 's'} "
                                 f"from {before}, for {self.week.label} only.")

    def goals(self) -> list[Goal]:
        """The rows as goals: a ticked row is standing (since its first week, or this one)."""
        out: list[Goal] = []
        for r in range(self.table.rowCount()):
            platform, bound, target, subject, every = (
                self.table.cellWidget(r, c) for c in (PLATFORM, BOUND, TARGET, SUBJECT, EVERY_WEEK))
            assert isinstance(platform, QComboBox) and isinstance(bound, QComboBox)
            assert isinstance(target, QSpinBox) and isinstance(subject, QComboBox)
            assert isinstance(every, QCheckBox)
            since = (self._since[r] or self.week.label) if every.isChecked() else None
            out.append(Goal(self.week.label, platform.currentData(), target.value(),
                            subject.currentData(), GoalMetric(bound.currentData()), self._ids[r], since))
        return out

    def problem(self) -> str:
        """Two rows that count the same thing the same way cannot both hold."""
        seen: dict[tuple[tuple[str, str, str], bool], int] = {}
        for r, goal in enumerate(self.goals(), 1):
            key = (goal.key, goal.standing)
            if key in seen:
                return f"Goals {seen[key]} and {r} count the same thing; remove one."
            seen[key] = r
        return ""

    def validate(self, *_: object) -> None:
        if not hasattr(self, "box"):
            return
        problem = self.problem()
        if problem:
            self.error.show_error(problem)
        elif self.error.styleSheet():
            self.error.show_note("")
        self.box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    # -- saving ------------------------------------------------------------------------

    def save(self) -> GoalsChange:
        """Write every row in one transaction; a row ticked or unticked moves its goal between
        standing and this week's. The change is kept for undo."""
        self.change = save_goals(self.repo, self.week.label, self.goals(), self._removed)
        return self.change

    def done(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            if self.problem():
                return
            try:
                self.save()
            except ReadWriteError as exc:
                self.error.show_error(f"Not saved: {exc}")
                return
        super().done(result)

