"""The weekly review in the window: planned against what happened, and a 12-week trend.

The trend is painted with QPainter (this build of PySide6 has no QtCharts): the share of
promo and of curated posts among those that went out, engagement minutes done against
planned, and goals met. The same painting goes to the printer (on white, whatever the
screen's theme), under the review as `presence review` prints it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.weeks import Week
from app.services.daily import Clock
from app.services.review import TrendPoint, WeekReview, review_week, trend
from app.storage.repository import Repository
from app.ui.palette import KIND_COLOURS, mix, readable_on

MET_COLOUR = "#3a9d5d"
DONE_COLOUR = "#2e86ab"


def _nice_max(value: float) -> float:
    """A round top for an axis: 10, 20, 50, 100, 200..."""
    if value <= 0:
        return 1
    step = 1.0
    while step * 10 < value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


def paint_trend(painter: QPainter, rect: QRectF, points: list[TrendPoint], pal: QPalette) -> None:
    """Three small charts side by side (stacked when narrow) for the weeks in `points`."""
    if not points:
        return
    text = pal.color(QPalette.ColorRole.WindowText)
    base = pal.color(QPalette.ColorRole.Base)
    grid = mix(text, base, 0.82)
    fm = painter.fontMetrics()
    line = fm.height()
    panels = 3
    side = rect.width() >= 600
    gap = line
    if side:
        width = (rect.width() - gap * (panels - 1)) / panels
        frames = [QRectF(rect.left() + i * (width + gap), rect.top(), width, rect.height())
                  for i in range(panels)]
    else:
        height = (rect.height() - gap * (panels - 1)) / panels
        frames = [QRectF(rect.left(), rect.top() + i * (height + gap), rect.width(), height)
                  for i in range(panels)]
    promo = readable_on(QColor(KIND_COLOURS["promo"]), base, 2.6)
    curated = readable_on(QColor(KIND_COLOURS["curated"]), base, 2.6)
    done = readable_on(QColor(DONE_COLOUR), base, 2.6)
    met = readable_on(QColor(MET_COLOUR), base, 2.6)
    light = mix(text, base, 0.72)
    minutes_top = _nice_max(max(max(p.engagement_min_planned, p.engagement_min_done) for p in points))
    goals_top = max(2, max(p.goals_total for p in points))  # whole goals: integer ticks

    def frame(box: QRectF, title: str, legend: list[tuple[QColor, str]], top: float,
              ticks: list[tuple[float, str]]) -> tuple[QRectF, float]:
        painter.setPen(text)
        bold = QFont(painter.font())
        bold.setBold(True)
        painter.save()
        painter.setFont(bold)
        painter.drawText(QRectF(box.left(), box.top(), box.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        painter.restore()
        x = box.left()
        for colour, words in legend:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRect(QRectF(x, box.top() + line * 1.25 + line * 0.2, line * 0.6, line * 0.6))
            painter.setPen(text)
            painter.drawText(QPointF(x + line * 0.8, box.top() + line * 1.25 + fm.ascent()), words)
            x += line * 1.4 + fm.horizontalAdvance(words)
        label_w = max(fm.horizontalAdvance(t) for _v, t in ticks) + 6
        plot = QRectF(box.left() + label_w, box.top() + line * 2.8, box.width() - label_w - 2,
                      box.height() - line * 2.8 - line * 1.4)
        for value, words in ticks:
            y = plot.bottom() - plot.height() * value / top
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(QRectF(box.left(), y - line / 2, label_w - 4, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, words)
        step = plot.width() / len(points)
        label = fm.horizontalAdvance("W52") + 4
        every = 1 if label <= step else 2 if label <= 2 * step else 3  # labels never overlap
        for i, p in enumerate(points):
            if (len(points) - 1 - i) % every:
                continue
            words = f"W{p.week.monday.isocalendar()[1]}"
            painter.save()
            if i == len(points) - 1:
                painter.setFont(bold)
            painter.setPen(text)
            painter.drawText(QRectF(plot.left() + i * step - step, plot.bottom() + 2, step * 3, line),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, words)
            painter.restore()
        return plot, step

    def bars(plot: QRectF, step: float, top: float,
             values: Callable[[TrendPoint], tuple[tuple[float, QColor], ...]]) -> None:
        """A week's bars drawn over each other, the first (the planned or set) behind."""
        painter.setPen(Qt.PenStyle.NoPen)
        for i, p in enumerate(points):
            x = plot.left() + step * i + step * 0.18
            w = step * 0.64
            for value, colour in values(p):
                if value:
                    h = plot.height() * value / top
                    painter.setBrush(colour)
                    painter.drawRect(QRectF(x, plot.bottom() - h, w, h))

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # 1. Shares of the posts that went out.
    plot, step = frame(frames[0], "Share of posts that went out",
                       [(promo, "promo"), (curated, "curated")], 1.0,
                       [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")])
    for colour, values in ((promo, [p.promo_share for p in points]),
                           (curated, [p.curated_share for p in points])):
        path = QPainterPath()
        drawing = False
        dots = []
        for i, value in enumerate(values):
            if value is None:
                drawing = False
                continue
            at = QPointF(plot.left() + step * (i + 0.5), plot.bottom() - plot.height() * value)
            dots.append(at)
            if drawing:
                path.lineTo(at)
            else:
                path.moveTo(at)
                drawing = True
        painter.setPen(QPen(colour, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setBrush(colour)
        for at in dots:
            painter.drawEllipse(at, 3, 3)
    # 2. Engagement minutes: planned (light) and done (solid).
    ticks = [(0.0, "0"), (minutes_top / 2, f"{minutes_top / 2:g}"), (minutes_top, f"{minutes_top:g}")]
    plot, step = frame(frames[1], "Engagement minutes", [(done, "done"), (light, "planned")],
                       minutes_top, ticks)
    bars(plot, step, minutes_top,
         lambda p: ((p.engagement_min_planned, light), (p.engagement_min_done, done)))
    # 3. Goals met of the goals set.
    ticks = [(0.0, "0"), (goals_top, str(goals_top))]
    if goals_top % 2 == 0:
        ticks.insert(1, (goals_top / 2, str(goals_top // 2)))
    plot, step = frame(frames[2], "Goals met", [(met, "met"), (light, "set")], goals_top, ticks)
    bars(plot, step, goals_top, lambda p: ((p.goals_total, light), (p.goals_met, met)))
    painter.restore()


class TrendChart(QWidget):
    """The 12-week trend, painted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[TrendPoint] = []
        self.setMinimumHeight(230)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Trend of the last 12 weeks")

    def set_points(self, points: list[TrendPoint]) -> None:
        self.points = points
        self.setToolTip("\n".join(
            f"{p.week.label}: {p.posted} of {p.planned} posted, promo "
            f"{'–' if p.promo_share is None else f'{p.promo_share:.0%}'}, curated "
            f"{'–' if p.curated_share is None else f'{p.curated_share:.0%}'}, "
            f"{p.engagement_min_done} of {p.engagement_min_planned} engagement min, "
            f"{p.goals_met} of {p.goals_total} goals met" for p in points))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(840, 250)

    def heightForWidth(self, width: int) -> int:
        return 250 if width >= 600 else 3 * 200

    def hasHeightForWidth(self) -> bool:
        return True

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        paint_trend(painter, QRectF(self.rect()).adjusted(10, 8, -10, -4), self.points, pal)
        painter.end()


class ReviewDialog(QDialog):
    """Review of a week: counts per platform and kind, engagement, goals, and the trend."""

    def __init__(self, repo: Repository, week: Week, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.week = week
        self.clock = clock
        self.setWindowTitle("Review of the week")
        self.setObjectName("review_dialog")
        outer = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.previous = QPushButton("◀ Previous", self)
        self.previous.setToolTip("The week before")
        self.previous.clicked.connect(lambda: self.show_week(self.week.shifted(-1)))
        self.next = QPushButton("Next ▶", self)
        self.next.setToolTip("The week after")
        self.next.clicked.connect(lambda: self.show_week(self.week.shifted(1)))
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        bar.addWidget(self.previous)
        bar.addWidget(self.title, 1, Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self.next)
        outer.addLayout(bar)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(body)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 7, body)
        self.table.setHorizontalHeaderLabels(
            ["Platform · kind", "Planned", "Posted", "Skipped", "Missed", "To come", "Engagement min"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 7):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.table)
        self.goals = QLabel(body)
        self.goals.setWordWrap(True)
        self.goals.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.goals)
        trend_title = QLabel("<b>The last 12 weeks</b>", body)
        layout.addWidget(trend_title)
        self.chart = TrendChart(body)
        layout.addWidget(self.chart)
        layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        preview = QPushButton("Print preview…", self)
        preview.clicked.connect(self.preview)
        printing = QPushButton("Print…", self)
        printing.clicked.connect(self.print_dialog)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        close.setDefault(True)
        for button in (preview, printing, close):
            buttons.addWidget(button)
        outer.addLayout(buttons)
        self.review: WeekReview | None = None
        self.points: list[TrendPoint] = []
        self.resize(900, 760)
        self.show_week(week)

    def now(self) -> datetime:
        return self.clock().astimezone(self.week.zone)

    def show_week(self, week: Week) -> None:
        self.week = week
        now = self.now()
        self.review = review = review_week(self.repo, week, now)
        self.points = trend(self.repo, week, now)
        days = week.days
        number = week.monday.isocalendar()[1]
        self.title.setText(f"<b>Week {number}</b> · {days[0]:%d %b} – {days[-1]:%d %b %Y}")
        t = review.totals
        if t.planned or review.engagement_min_planned:
            self.summary.setText(
                f"{t.planned} post{'s' if t.planned != 1 else ''} planned: {t.posted} posted, "
                f"{t.skipped} skipped, {t.missed} missed (not marked by the end of its day), "
                f"{t.to_come} still to come. Engagement: {review.engagement_min_done} of "
                f"{review.engagement_min_planned} minutes done.")
        else:
            self.summary.setText("Nothing was planned this week.")
        rows: list[tuple[str, list[int], str, bool]] = []
        for p in review.platforms:
            minutes = f"{p.engagement_min_done} / {p.engagement_min_planned}" \
                if p.engagement_min_planned else "none kept"
            c = p.posts
            rows.append((p.name, [c.planned, c.posted, c.skipped, c.missed, c.to_come], minutes, True))
            for kind, k in p.kinds.items():
                if k.planned:
                    rows.append((f"    {kind}", [k.planned, k.posted, k.skipped, k.missed, k.to_come], "",
                                 False))
        self.table.setRowCount(len(rows))
        for r, (name, numbers, minutes, bold) in enumerate(rows):
            cells = [name, *(str(n) for n in numbers), minutes]
            for col, words in enumerate(cells):
                item = QTableWidgetItem(words)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if bold:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, col, item)
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth() + sum(
            self.table.rowHeight(r) for r in range(len(rows)))
        self.table.setFixedHeight(height)
        if review.goals:
            lines = [f"<b>Goals: {review.goals_met} of {len(review.goals)} met</b>"]
            for g in review.goals:
                mark = "✔" if g.met else "✘"
                lines.append(f"{mark} {_html(g.text)}: {g.actual} done")
            self.goals.setText("<br>".join(lines))
        else:
            self.goals.setText("<b>Goals:</b> none set for this week")
        self.chart.set_points(self.points)

    # -- printing ---------------------------------------------------------------------

    def print_to(self, printer: QPrinter) -> None:
        """The review as `presence review` prints it, and the trend chart under it, on white."""
        from app.services.review_report import render

        assert self.review is not None
        painter = QPainter(printer)
        page = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
        page.moveTo(0, 0)
        light = QPalette(QColor("#f4f4f4"))
        light.setColor(QPalette.ColorRole.Base, QColor("white"))
        light.setColor(QPalette.ColorRole.WindowText, QColor("black"))
        light.setColor(QPalette.ColorRole.Text, QColor("black"))
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(7.5)
        painter.setFont(mono)
        painter.setPen(QColor("black"))
        text = render(self.review, self.points)
        line = painter.fontMetrics().lineSpacing()
        y = page.top()
        for row in text.splitlines():
            painter.drawText(QPointF(page.left(), y + painter.fontMetrics().ascent()), row)
            y += line
        font = QFont(painter.font())
        font.setFamily(QFont().family())
        font.setPointSizeF(8)
        painter.setFont(font)
        chart = QRectF(page.left(), y + line, page.width(), min(page.height() - y - line, page.width() * 0.3))
        paint_trend(painter, chart, self.points, light)
        painter.end()

    def preview(self) -> QPrintPreviewDialog:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.paintRequested.connect(self.print_to)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def print_dialog(self) -> QPrintDialog:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.accepted.connect(lambda: self.print_to(printer))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # type: ignore[call-arg]  # the stubs know only open(receiver, member)
        return dialog


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
