"""The month at a glance: per day the posts per platform, the minutes kept for engagement,
and whether the advice found something there; a click opens that day's week.

One table view with a painting delegate (not a widget per day). The model is an adapter
over `month_days()`, which reads each week of the month once and lints it with the same
function as the week view.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.domain.plan import WeekPlan
from app.domain.platforms import Platform
from app.domain.weeks import Week
from app.ui.card_delegate import platform_names
from app.ui.palette import badge_colours, contrast, mix

ModelIndex = QModelIndex | QPersistentModelIndex
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
DOT = 8


class MonthRole(IntEnum):
    DAY = Qt.ItemDataRole.UserRole + 1  # the DaySummary
    DATE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True, slots=True)
class PlatformCount:
    platform: str
    name: str
    colour: str
    posts: int


@dataclass(slots=True)
class DaySummary:
    """What the month shows of one day."""

    day: date
    in_month: bool = True
    today: bool = False
    posts: list[PlatformCount] = field(default_factory=list)
    minutes: int = 0
    errors: int = 0
    warnings: int = 0

    @property
    def total_posts(self) -> int:
        return sum(p.posts for p in self.posts)

    def describe(self) -> str:
        """The day in words, for the tooltip and screen readers."""
        parts = [f"{self.day:%A %d %B}" + (", today" if self.today else "")]
        if self.posts:
            parts.append(", ".join(f"{p.posts} on {p.name}" for p in self.posts))
        else:
            parts.append("no posts")
        parts.append(f"{self.minutes} min for engagement")
        if self.errors:
            parts.append(f"{self.errors} error" + ("s" if self.errors != 1 else ""))
        if self.warnings:
            parts.append(f"{self.warnings} warning" + ("s" if self.warnings != 1 else ""))
        return "; ".join(parts)


def month_weeks(first: date, zone: ZoneInfo, first_day: int) -> list[Week]:
    """The weeks that show a day of the month starting on `first`."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    week = Week.containing(first, zone, first_day)
    weeks = []
    while week.first <= last:
        weeks.append(week)
        week = week.shifted(1)
    return weeks


def month_days(first: date, weeks: Sequence[Week], plans: Iterable[tuple[WeekPlan, Sequence[Any]]],
               today: date) -> tuple[list[DaySummary], list[tuple[int, int]]]:
    """Each day of the weeks shown, and per week (errors, warnings) about the whole week.

    `plans` gives each week's plan with its findings, in the order of `weeks`."""
    days: dict[date, DaySummary] = {}
    week_marks: list[tuple[int, int]] = []
    for week, (plan, findings) in zip(weeks, plans, strict=True):
        for day in week.days:
            days[day] = DaySummary(day, day.month == first.month, day == today)
        counts: dict[tuple[date, str], int] = {}
        for post in plan.week_posts():
            if post.counts:
                key = (week.day_of(post.start), post.platform)
                counts[key] = counts.get(key, 0) + 1
        order = list(plan.platforms)
        for (day, pid), n in sorted(counts.items(),
                                    key=lambda kv: order.index(kv[0][1]) if kv[0][1] in order else 99):
            platform = plan.platforms.get(pid)
            days[day].posts.append(PlatformCount(pid, platform.name if platform else pid,
                                                 platform.colour if platform else "#808080", n))
        for occ in plan.week_occurrences():
            days[week.day_of(occ.start)].minutes += occ.duration_min
        errors = warnings = 0
        for finding in findings:
            severity = str(finding.severity)
            target = days.get(finding.day) if finding.day is not None else None
            if target is None:
                errors += severity == "error"
                warnings += severity == "warning"
            elif severity == "error":
                target.errors += 1
            elif severity == "warning":
                target.warnings += 1
        week_marks.append((errors, warnings))
    return [days[d] for w in weeks for d in w.days], week_marks


class MonthModel(QAbstractTableModel):
    """Rows are the weeks of the month, columns its weekdays."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.first = date.min
        self.weeks: list[Week] = []
        self._days: list[DaySummary] = []
        self._week_marks: list[tuple[int, int]] = []

    def set_month(self, first: date, weeks: Sequence[Week], days: Sequence[DaySummary],
                  week_marks: Sequence[tuple[int, int]]) -> None:
        self.beginResetModel()
        self.first = first
        self.weeks = list(weeks)
        self._days = list(days)
        self._week_marks = list(week_marks)
        self.endResetModel()

    def summary(self, day: date) -> DaySummary | None:
        return next((d for d in self._days if d.day == day), None)

    def index_of(self, day: date) -> QModelIndex:
        for n, summary in enumerate(self._days):
            if summary.day == day:
                return self.index(n // 7, n % 7)
        return QModelIndex()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.weeks)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        n = index.row() * 7 + index.column()
        if not 0 <= n < len(self._days):
            return None
        summary = self._days[n]
        if role == MonthRole.DAY:
            return summary
        if role == MonthRole.DATE:
            return summary.day
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return summary.describe()
        if role == Qt.ItemDataRole.ToolTipRole:
            return summary.describe() + "\nClick to open this week"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not self.weeks or not 0 <= section < 7:
                return None
            day = self.weeks[0].days[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{day:%a}"
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{day:%A}"
            return None
        if not 0 <= section < len(self.weeks):
            return None
        week = self.weeks[section]
        errors, warnings = self._week_marks[section] if section < len(self._week_marks) else (0, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"W{week.monday.isocalendar()[1]}"
        if role == Qt.ItemDataRole.ForegroundRole and (errors or warnings):
            return badge_colours("error" if errors else "warning")[0]
        if role == Qt.ItemDataRole.ToolTipRole:
            about = f"{errors + warnings} about the whole week" if errors or warnings else ""
            return f"Week {week.label}" + (f": {about}" if about else "")
        return None


class MonthDelegate(QStyledItemDelegate):
    """Paints one day: its number, a finding mark, posts per platform and minutes."""

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        fm = QFontMetrics(option.font)
        return QSize(fm.horizontalAdvance("00 LinkedIn") + 16, fm.height() * 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        summary: DaySummary | None = index.data(MonthRole.DAY)
        if summary is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = option.palette
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        cell = QRect(option.rect)
        fill = base if summary.in_month else mix(base, pal.color(QPalette.ColorRole.Window), 0.7)
        if option.state & QStyle.StateFlag.State_Selected:
            fill = mix(fill, highlight, 0.18)
        painter.fillRect(cell, fill)
        ink = text if summary.in_month else mix(text, base, 0.5)
        dim = mix(ink, base, 0.4)
        font = QFont(option.font)
        bold = QFont(font)
        bold.setBold(True)
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() * 0.88, 7))
        fm, sfm = QFontMetrics(bold), QFontMetrics(small)
        inner = cell.adjusted(4, 3, -4, -3)
        line = fm.height()

        # The day's number; today's in a highlight pill.
        number = str(summary.day.day) if summary.day.day != 1 else f"{summary.day.day} {summary.day:%b}"
        num_rect = QRect(inner.left(), inner.top(), fm.horizontalAdvance(number) + 8, line)
        painter.setFont(bold)
        if summary.today:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(highlight)
            painter.drawRoundedRect(QRectF(num_rect), line / 2, line / 2)
            painter.setPen(pal.color(QPalette.ColorRole.HighlightedText))
        else:
            painter.setPen(ink)
        painter.drawText(num_rect, Qt.AlignmentFlag.AlignCenter, number)
        if summary.errors or summary.warnings:
            severity = "error" if summary.errors else "warning"
            colour, on = badge_colours(severity)
            count = summary.errors + summary.warnings
            mark = "!" if summary.errors else str(min(count, 9))
            box = QRectF(inner.right() - 15, inner.top() + (line - 16) / 2, 16, 16)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(box)
            painter.setPen(on)
            painter.setFont(small)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, mark)

        # Posts per platform: a dot in the platform's colour, the count and the name that fits.
        y = inner.top() + line + 2
        sline = sfm.height()
        bottom = inner.bottom() - sline  # the last line is the engagement minutes
        painter.setFont(small)
        rows = max((bottom - y) // sline, 0)
        posts = summary.posts
        if len(posts) > rows and rows > 0:  # too many platforms for a line each: dots in a row
            x = inner.left()
            for p in posts:
                label = str(p.posts)
                self._dot(painter, pal, QColor(p.colour), x, y + sline // 2, base)
                painter.setPen(ink)
                w = sfm.horizontalAdvance(label)
                painter.drawText(QRect(x + DOT + 2, y, w + 1, sline), LEFT, label)
                x += DOT + 2 + w + 6
        else:
            for p in posts[:rows]:
                self._dot(painter, pal, QColor(p.colour), inner.left(), y + sline // 2, base)
                room = inner.width() - DOT - 4
                label = f"{p.posts}"
                for name in platform_names(_platform(p)):
                    if sfm.horizontalAdvance(f"{p.posts} {name}") < room:
                        label = f"{p.posts} {name}"
                        break
                painter.setPen(ink)
                painter.drawText(QRect(inner.left() + DOT + 4, y, room, sline), LEFT, label)
                y += sline
        if summary.minutes or summary.total_posts:
            painter.setPen(dim if summary.minutes else badge_colours("error")[0])
            painter.drawText(QRect(inner.left(), inner.bottom() - sline + 1, inner.width(), sline),
                             LEFT, f"{summary.minutes} min")
        if summary.today:
            painter.setPen(QPen(highlight, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(cell).adjusted(1, 1, -1, -1))
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(highlight, 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(cell).adjusted(2.5, 2.5, -2.5, -2.5))
        painter.restore()

    @staticmethod
    def _dot(painter: QPainter, pal: QPalette, colour: QColor, x: int, cy: int, base: QColor) -> None:
        """A platform's colour; one too close to the background (X's black on dark) is outlined."""
        if contrast(colour, base) < 1.6:
            painter.setPen(QPen(mix(pal.color(QPalette.ColorRole.Text), base, 0.3), 1))
        else:
            painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(x + 0.5, cy - DOT / 2 + 0.5, DOT - 1, DOT - 1))


def _platform(count: PlatformCount) -> Platform:
    return Platform(count.platform, count.name, None, None, count.colour)


class MonthView(QTableView):
    """The month's grid; a click (or Enter) on a day asks for its week."""

    week_requested = Signal(object)  # a date in the week to show

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.month_model = MonthModel(self)
        self.setModel(self.month_model)
        self.setItemDelegate(MonthDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setMinimumSectionSize(40)
        self.verticalHeader().setMinimumSectionSize(QFontMetrics(self.font()).height() * 4)
        self.setAccessibleName("Month")
        self.setMouseTracking(True)
        self.clicked.connect(self._open)
        self.activated.connect(self._open)
        self.verticalHeader().sectionClicked.connect(self._open_week)

    def set_month(self, first: date, zone: ZoneInfo, first_day: int, today: date,
                  load: Callable[[Week], tuple[WeekPlan, Sequence[Any]]]) -> None:
        """Show the month starting on `first`; `load` gives a week's plan and findings."""
        weeks = month_weeks(first, zone, first_day)
        days, marks = month_days(first, weeks, (load(w) for w in weeks), today)
        self.month_model.set_month(first, weeks, days, marks)
        self.setAccessibleDescription(f"{first:%B %Y}")

    def select_day(self, day: date) -> None:
        index = self.month_model.index_of(day)
        if index.isValid():
            self.setCurrentIndex(index)

    def _open(self, index: QModelIndex) -> None:
        day = index.data(MonthRole.DATE)
        if day is not None:
            self.week_requested.emit(day)

    def _open_week(self, section: int) -> None:
        weeks = self.month_model.weeks
        if 0 <= section < len(weeks):
            self.week_requested.emit(weeks[section].days[0])


def first_of_month(day: date, months: int = 0) -> date:
    """The first day of the month `months` after (or before) the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)

