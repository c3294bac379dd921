"""The week's goals: a count of a post kind or of an engagement activity per platform.

"Comment on 10 posts on LinkedIn", "at most 2 promo posts on X": the goal-shortfall rule
and the week-mix chart measure the plan against them.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import (
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

from app.domain.items import Activity, Goal, GoalMetric, PostKind
from app.domain.weeks import Week
from app.storage.repository import Repository
from app.ui.editor_fields import ErrorLine

COLUMNS = ("Platform", "Bound", "Target", "Of", "")
SUBJECTS = [(f"{k.value} posts", k.value) for k in PostKind] + \
    [(f"{a.value} slots", a.value) for a in Activity]


class GoalsDialog(QDialog):
    """Edit the goals of one week; OK writes them all in one transaction."""

    def __init__(self, repo: Repository, week: Week, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.week = week
        self.setWindowTitle(f"Goals of {week.label}")
        self.setMinimumSize(520, 320)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Goals")
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self._ids: list[int | None] = []
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
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A goal you can count: at least 10 comment slots on LinkedIn, "
                                "at most 2 promo posts on X.", self))
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.box)

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
        target.setRange(0, 500)
        target.setValue(3)
        subject = QComboBox(self.table)
        for label, value in SUBJECTS:
            subject.addItem(label, value)
        if goal is not None:
            platform.setCurrentIndex(max(platform.findData(goal.platform), 0))
            bound.setCurrentIndex(bound.findData(goal.metric.value))
            target.setValue(goal.target)
            subject.setCurrentIndex(max(subject.findData(goal.subject), 0))
        for col, widget, name in ((0, platform, "Platform"), (1, bound, "Bound"),
                                  (2, target, "Target"), (3, subject, "Counted")):
            widget.setAccessibleName(f"{name}, goal {r + 1}")
            self.table.setCellWidget(r, col, widget)
        remove = QToolButton(self.table)
        remove.setText("Remove")
        remove.setAccessibleName(f"Remove goal {r + 1}")
        remove.clicked.connect(lambda: self.remove_row(self._row_of(remove)))
        self.table.setCellWidget(r, 4, remove)
        self._ids.append(goal.id if goal is not None else None)

    def _row_of(self, widget: QWidget) -> int:
        for r in range(self.table.rowCount()):
            if self.table.cellWidget(r, 4) is widget:
                return r
        return -1

    def remove_row(self, r: int) -> None:
        if r < 0:
            return
        goal_id = self._ids.pop(r)
        if goal_id is not None:
            self._removed.append(goal_id)
        self.table.removeRow(r)

    def copy_previous(self) -> None:
        for goal in self.repo.goals(self.week.shifted(-1).label):
            self.add_row(Goal(self.week.label, goal.platform, goal.target, goal.subject, goal.metric))

    def goals(self) -> list[Goal]:
        out: list[Goal] = []
        for r in range(self.table.rowCount()):
            platform, bound, target, subject = (self.table.cellWidget(r, c) for c in range(4))
            assert isinstance(platform, QComboBox) and isinstance(bound, QComboBox)
            assert isinstance(target, QSpinBox) and isinstance(subject, QComboBox)
            out.append(Goal(self.week.label, platform.currentData(), target.value(),
                            subject.currentData(), GoalMetric(bound.currentData()), self._ids[r]))
        return out

    def save(self) -> None:
        with self.repo.transaction():
            for goal_id in self._removed:
                self.repo.delete_goal(goal_id)
            for goal in self.goals():
                self.repo.save_goal(goal)

    def done(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            try:
                self.save()
            except sqlite3.Error as exc:
                self.error.show_error(f"Not saved: {exc}")
                return
        super().done(result)
