"""A small painted chart of the week's mix per platform, and the goals with their progress.

The chart lays itself out for the width it has (`chart_layout(width)`): the legend wraps, names
are never cut, and a goal whose words do not fit beside its bar puts the bar on a line of
its own. Its height follows (`heightForWidth`), so every goal is shown or scrolled to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.plan import WeekPlan
from app.services.summary import KINDS, GoalProgress, PlatformMix, goal_progress, week_mix
from app.ui.palette import KIND_COLOURS, mix, readable_on

GAP = 3
EDGE = 8  # kept clear of the scroll area's edge
GOAL_BAR = 56
SWATCH = 10
MIN_BAR = 40


@dataclass(slots=True)
class Piece:
    """One thing the chart draws: text in a rect (`font` small or not), or a bar."""

    kind: str  # "title", "legend", "name", "bar", "minutes", "goal", "goal-bar", "count", "hint", "empty"
    rect: QRect
    text: str = ""
    small: bool = False
    row: int = -1  # the platform row or goal it belongs to


@dataclass(slots=True)
class ChartLayout:
    pieces: list[Piece] = field(default_factory=list)
    height: int = 0

    def of(self, kind: str) -> list[Piece]:
        return [p for p in self.pieces if p.kind == kind]


class MixChart(QWidget):
    """Stacked bars of promo / own / curated / conversation posts and engagement minutes."""

    goals_requested = Signal()  # double-click: edit the week's goals

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PlatformMix] = []
        self.goals: list[GoalProgress] = []
        self._names: dict[str, str] = {}
        self._layouts: dict[tuple[int, str], ChartLayout] = {}
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName("Week mix per platform")

    def set_plan(self, plan: WeekPlan) -> None:
        self.rows = week_mix(plan)
        self.goals = goal_progress(plan)
        self._names = {pid: p.name for pid, p in plan.platforms.items()}
        self._layouts = {}
        self.setAccessibleDescription(self.describe())
        self.setToolTip(self.describe())
        self._fit_height()
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.goals_requested.emit()
        event.accept()

    def describe(self) -> str:
        """The chart in words, for screen readers and the tooltip."""
        lines = []
        for r in self.rows:
            kinds = ", ".join(f"{n} {k}" for k, n in r.kinds.items() if n)
            lines.append(f"{r.name}: {kinds or 'no posts'}; {r.engagement_min} min engagement")
        for g in self.goals:
            lines.append(f"{self.goal_label(g)}: {g.planned} planned")
        return "\n".join(lines) or "Nothing planned this week"

    def goal_label(self, goal: GoalProgress) -> str:
        return goal.label(self._names.get(goal.goal.platform, goal.goal.platform))

    # -- geometry --------------------------------------------------------------------------

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        font = QFont(self.font())
        bold = QFont(font)
        bold.setBold(True)
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() * 0.88, 7))
        return font, bold, small

    def chart_layout(self, width: int) -> ChartLayout:
        """Where everything goes in a chart `width` wide (remembered until the plan changes)."""
        key = self.font().key()
        requested = width
        found = self._layouts.get((width, key))
        if found is not None:  # layouts ask for the height at several widths, several times
            return found
        font, bold, small = self._fonts()
        fm, sfm = QFontMetrics(font), QFontMetrics(small)
        line = fm.height() + 4
        sline = sfm.height() + 2
        width = max(width - EDGE, 120)
        out = ChartLayout()
        add = out.pieces.append
        y = GAP
        add(Piece("title", QRect(0, y, width, line), "Week mix"))
        y += line
        x = 0
        for kind in KINDS:  # the legend, wrapped when the panel is narrow
            w = SWATCH + 3 + sfm.horizontalAdvance(kind.value) + 1
            if x and x + w > width:
                x, y = 0, y + sline
            add(Piece("legend", QRect(x, y, w, sline), kind.value, small=True))
            x += w + 10
        y += sline + GAP

        minutes_w = fm.horizontalAdvance("000 min") + 4
        name_w = max((fm.horizontalAdvance(r.name) for r in self.rows), default=0) + 8
        name_w = min(name_w, width - minutes_w - MIN_BAR)
        if not self.rows:
            add(Piece("empty", QRect(0, y, width, line), "Nothing planned yet"))
            y += line + GAP
        for n, r in enumerate(self.rows):
            add(Piece("name", QRect(0, y, name_w - 4, line), r.name, row=n))
            add(Piece("bar", QRect(name_w, y, width - name_w - minutes_w, line), row=n))
            add(Piece("minutes", QRect(width - minutes_w, y, minutes_w, line), f"{r.engagement_min} min",
                      row=n))
            y += line + GAP

        hint = "double-click to edit" if self.goals else "none yet: double-click to set some"
        title_w = QFontMetrics(bold).horizontalAdvance("Goals") + 12
        add(Piece("title", QRect(0, y, title_w, line), "Goals"))
        hint_w = sfm.horizontalAdvance(hint) + 2
        if title_w + hint_w > width:
            y += line
            add(Piece("hint", QRect(0, y, width, sline), hint, small=True))
            y += sline
        else:
            add(Piece("hint", QRect(width - hint_w, y, hint_w, line), hint, small=True))
            y += line
        count_w = sfm.horizontalAdvance("000/000") + 4
        for n, g in enumerate(self.goals):
            label = self.goal_label(g)
            label_w = sfm.horizontalAdvance(label) + 2
            beside = width - count_w - GOAL_BAR - 8
            if label_w <= beside:  # words, bar and count on one line
                add(Piece("goal", QRect(0, y, label_w, sline), label, small=True, row=n))
            else:  # the words on their own line(s), the bar and count under them
                words = _wrap(label, sfm, width)
                for text in words:
                    add(Piece("goal", QRect(0, y, sfm.horizontalAdvance(text) + 2, sline), text,
                              small=True, row=n))
                    y += sline
            bar_left = width - count_w - GOAL_BAR - 4
            add(Piece("goal-bar", QRect(bar_left, y + sline // 2 - 4, GOAL_BAR, 8), row=n))
            add(Piece("count", QRect(width - count_w, y, count_w, sline), f"{g.planned}/{g.goal.target}",
                      small=True, row=n))
            y += sline + GAP
        out.height = y + GAP
        if len(self._layouts) > 64:
            self._layouts.clear()
        self._layouts[(requested, key)] = out
        return out

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.chart_layout(width).height

    def sizeHint(self) -> QSize:
        width = max(self.width(), 260)
        return QSize(260, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.heightForWidth(max(self.width(), 120)))

    def _fit_height(self) -> None:
        """The scroll area sizes the chart by its minimum: keep it the height of the layout."""
        height = self.heightForWidth(self.width())
        if height != self.minimumHeight():  # a new week of the same shape lays nothing out again
            self.setMinimumHeight(height)
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit_height()

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        ink = pal.color(QPalette.ColorRole.WindowText)
        base = pal.color(QPalette.ColorRole.Window)
        dim = mix(ink, base, 0.4)
        font, bold, small = self._fonts()
        sfm = QFontMetrics(small)
        most = max((r.posts for r in self.rows), default=0) or 1
        left = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        right = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
        for piece in self.chart_layout(self.width()).pieces:
            rect = piece.rect
            painter.setFont(small if piece.small else font)
            painter.setPen(ink)
            if piece.kind == "title":
                painter.setFont(bold)
                painter.drawText(rect, left, piece.text)
            elif piece.kind == "legend":
                colour = readable_on(QColor(KIND_COLOURS[piece.text]), base, 1.6)
                painter.fillRect(QRect(rect.left(), rect.center().y() - SWATCH // 2 + 1, SWATCH, SWATCH),
                                 colour)
                painter.drawText(rect.adjusted(SWATCH + 3, 0, 0, 0), left, piece.text)
            elif piece.kind in ("name", "goal"):
                painter.drawText(rect, left, piece.text)
            elif piece.kind in ("hint", "empty"):
                painter.setPen(dim)
                painter.drawText(rect, right if piece.kind == "hint" and rect.left() else left, piece.text)
            elif piece.kind == "minutes":
                r = self.rows[piece.row]
                painter.setPen(ink if r.engagement_min else badge_red(pal))
                painter.drawText(rect, right, piece.text)
            elif piece.kind == "bar":
                self._paint_bar(painter, rect, self.rows[piece.row], most, base, dim, sfm, small)
            elif piece.kind == "goal-bar":
                g = self.goals[piece.row]
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(mix(base, ink, 0.15))
                painter.drawRoundedRect(QRectF(rect), 4, 4)
                share = min(g.planned / g.goal.target, 1.0) if g.goal.target else 1.0
                painter.setBrush(QColor("#3a9d5d") if g.met else QColor("#f2a900"))
                filled = QRectF(rect.left(), rect.top(), max(rect.width() * share, 8), rect.height())
                painter.drawRoundedRect(filled, 4, 4)
            elif piece.kind == "count":
                painter.drawText(rect, right, piece.text)
        painter.end()

    @staticmethod
    def _paint_bar(painter: QPainter, rect: QRect, r: PlatformMix, most: int, base: QColor,
                   dim: QColor, sfm: QFontMetrics, small: QFont) -> None:
        painter.setFont(small)
        if r.posts == 0:
            painter.setPen(dim)
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, "no posts")
            return
        x = float(rect.left())
        for kind in KINDS:
            n = r.kinds[kind.value]
            if not n:
                continue
            seg = (rect.width() - 4) * n / most
            colour = readable_on(QColor(KIND_COLOURS[kind.value]), base, 1.6)
            box = QRectF(x, rect.top() + 2, seg - 1, rect.height() - 4)
            painter.fillRect(box, colour)
            if sfm.horizontalAdvance(str(n)) + 4 < seg:
                painter.setPen(QColor("white"))
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(n))
            x += seg


def _wrap(text: str, fm: QFontMetrics, width: int) -> list[str]:
    """`text` broken at spaces into lines that fit `width`."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        joined = f"{current} {word}" if current else word
        if current and fm.horizontalAdvance(joined) + 2 > width:
            lines.append(current)
            current = word
        else:
            current = joined
    lines.append(current)
    return lines


def badge_red(pal: QPalette) -> QColor:
    """Zero engagement minutes are shown in red, readable on the window colour."""
    return readable_on(QColor("#d32f2f"), pal.color(QPalette.ColorRole.Window), 3.0)
