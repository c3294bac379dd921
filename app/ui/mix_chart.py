"""A small painted chart of the week's mix per platform, and the goals with their progress."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.plan import WeekPlan
from app.services.summary import KINDS, GoalProgress, PlatformMix, goal_progress, week_mix
from app.ui.palette import KIND_COLOURS, mix, readable_on

ROW = 20
GAP = 4


class MixChart(QWidget):
    """Stacked bars of promo / own / curated / conversation posts and engagement minutes."""

    goals_requested = Signal()  # double-click: edit the week's goals

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PlatformMix] = []
        self.goals: list[GoalProgress] = []
        self._names: dict[str, str] = {}
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setAccessibleName("Week mix per platform")

    def set_plan(self, plan: WeekPlan) -> None:
        self.rows = week_mix(plan)
        self.goals = goal_progress(plan)
        self._names = {pid: p.name for pid, p in plan.platforms.items()}
        self.setAccessibleDescription(self.describe())
        self.setToolTip(self.describe())
        self.updateGeometry()
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
            lines.append(f"{g.label(self._names.get(g.goal.platform, g.goal.platform))}: "
                         f"{g.planned} planned")
        return "\n".join(lines) or "Nothing planned this week"

    def _line(self) -> int:
        return max(ROW, QFontMetrics(self.font()).height() + 4)

    def sizeHint(self) -> QSize:
        line = self._line()
        rows = 2 + max(len(self.rows), 1) + 1 + len(self.goals)
        return QSize(260, rows * (line + GAP) + GAP)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        ink = pal.color(QPalette.ColorRole.WindowText)
        base = pal.color(QPalette.ColorRole.Window)
        dim = mix(ink, base, 0.4)
        font = QFont(self.font())
        bold = QFont(font)
        bold.setBold(True)
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() * 0.88, 7))
        fm, sfm = QFontMetrics(font), QFontMetrics(small)
        line = self._line()
        width = self.width() - 8  # keep clear of the scroll area's edge
        y = GAP

        painter.setFont(bold)
        painter.setPen(ink)
        painter.drawText(QRect(0, y, width, line), Qt.AlignmentFlag.AlignVCenter, "Week mix")
        y += line
        # Legend
        painter.setFont(small)
        x = 0
        for kind in KINDS:
            colour = readable_on(QColor(KIND_COLOURS[kind.value]), base, 1.6)
            painter.fillRect(QRect(x, y + line // 2 - 5, 10, 10), colour)
            painter.setPen(ink)
            w = sfm.horizontalAdvance(kind.value)
            painter.drawText(QRect(x + 13, y, w + 2, line), Qt.AlignmentFlag.AlignVCenter, kind.value)
            x += 13 + w + 10
        y += line + GAP

        name_w = min(max((fm.horizontalAdvance(r.name) for r in self.rows), default=60) + 8, 100)
        minutes_w = fm.horizontalAdvance("000 min") + 6
        bar_w = max(width - name_w - minutes_w, 40)
        most = max((r.posts for r in self.rows), default=0) or 1
        if not self.rows:
            painter.setPen(dim)
            painter.setFont(font)
            painter.drawText(QRect(0, y, width, line), Qt.AlignmentFlag.AlignVCenter, "Nothing planned yet")
            y += line + GAP
        for r in self.rows:
            painter.setFont(font)
            painter.setPen(ink)
            painter.drawText(QRect(0, y, name_w - 4, line),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             fm.elidedText(r.name, Qt.TextElideMode.ElideRight, name_w - 4))
            x = name_w
            painter.setFont(small)
            for kind in KINDS:
                n = r.kinds[kind.value]
                if not n:
                    continue
                seg = bar_w * n / most
                colour = readable_on(QColor(KIND_COLOURS[kind.value]), base, 1.6)
                box = QRectF(x, y + 2, seg - 1, line - 4)
                painter.fillRect(box, colour)
                if sfm.horizontalAdvance(str(n)) + 4 < seg:
                    painter.setPen(QColor("white"))
                    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(n))
                x += seg
            if r.posts == 0:
                painter.setPen(dim)
                painter.drawText(QRect(name_w, y, bar_w, line), Qt.AlignmentFlag.AlignVCenter, "no posts")
            painter.setFont(font)
            painter.setPen(ink if r.engagement_min else QColor(badge_red(pal)))
            painter.drawText(QRect(width - minutes_w, y, minutes_w, line),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             f"{r.engagement_min} min")
            y += line + GAP

        painter.setFont(bold)
        painter.setPen(ink)
        painter.drawText(QRect(0, y, width, line), Qt.AlignmentFlag.AlignVCenter, "Goals")
        painter.setFont(small)
        painter.setPen(dim)
        hint = "double-click to edit" if self.goals else "none yet: double-click to set some"
        right = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
        painter.drawText(QRect(0, y, width, line), right, hint)
        y += line
        for g in self.goals:
            label = g.label(self._names.get(g.goal.platform, g.goal.platform))
            count = f"{g.planned}/{g.goal.target}"
            count_w = sfm.horizontalAdvance("000/000") + 4
            bar = QRectF(width - count_w - 60, y + line / 2 - 4, 56, 8)
            painter.setFont(small)
            painter.setPen(ink)
            painter.drawText(QRect(0, y, int(bar.left()) - 6, line), Qt.AlignmentFlag.AlignVCenter,
                             sfm.elidedText(label, Qt.TextElideMode.ElideRight, int(bar.left()) - 6))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mix(base, ink, 0.15))
            painter.drawRoundedRect(bar, 4, 4)
            share = min(g.planned / g.goal.target, 1.0) if g.goal.target else 1.0
            painter.setBrush(QColor("#3a9d5d") if g.met else QColor("#f2a900"))
            filled = QRectF(bar.left(), bar.top(), max(bar.width() * share, 8), bar.height())
            painter.drawRoundedRect(filled, 4, 4)
            painter.setPen(ink)
            painter.drawText(QRect(width - count_w, y, count_w, line),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, count)
            y += line + GAP
        painter.end()


def badge_red(pal: QPalette) -> QColor:
    """Zero engagement minutes are shown in red, readable on the window colour."""
    return readable_on(QColor("#d32f2f"), pal.color(QPalette.ColorRole.Window), 3.0)
