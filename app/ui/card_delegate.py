"""Paints post cards and engagement-slot cards; a week of cards is one view, not many widgets.

Posts are squared cards with a platform-colour strip; slots are rounded, tinted with the
platform colour, dashed, and carry a done tick. All colours come from the palette, so the
cards follow a light or dark system theme.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.domain.items import PostStatus
from app.ui.palette import badge_colours, mix, readable_on
from app.ui.week_model import Card, CardRole

PAD = 5
STRIP = 5
TICK = 14
BADGE = 16
TEXT_LINES = 2

ModelIndex = QModelIndex | QPersistentModelIndex


def _small(font: QFont) -> QFont:
    small = QFont(font)
    size = font.pointSizeF()
    if size > 0:
        small.setPointSizeF(max(size * 0.88, 7.0))
    return small


class CardDelegate(QStyledItemDelegate):
    """Draws one card; a click on a slot's tick box toggles that occurrence done."""

    done_toggled = Signal(int, object, bool)  # slot id, occurrence start, new state

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    # -- geometry --------------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        card: Card | None = index.data(CardRole.CARD)
        fm = QFontMetrics(option.font)
        small = QFontMetrics(_small(option.font))
        width = max(option.rect.width(), 100)
        if card is None or card.is_slot:
            return QSize(width, PAD * 2 + fm.height() + small.height() + 8)
        return QSize(width, PAD * 2 + fm.height() + small.height() * (1 + TEXT_LINES) + 10)

    @staticmethod
    def card_rect(option_rect: QRect) -> QRect:
        return option_rect.adjusted(3, 3, -3, -3)

    @classmethod
    def tick_rect(cls, option_rect: QRect) -> QRect:
        r = cls.card_rect(option_rect)
        return QRect(r.right() - PAD - TICK, r.bottom() - PAD - TICK, TICK, TICK)

    # -- painting --------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        card: Card | None = index.data(CardRole.CARD)
        if card is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        rect = self.card_rect(option.rect)
        if card.is_slot:
            self._paint_slot(painter, pal, rect, card, selected)
        else:
            self._paint_post(painter, pal, rect, card, selected)
        if focused:
            pen = QPen(pal.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(rect).adjusted(-2, -2, 2, 2), 6, 6)
        if card.severity:
            self._paint_badge(painter, rect, card, option.font)
        painter.restore()

    def _frame(self, painter: QPainter, pal: QPalette, rect: QRect, fill: QColor,
               border: QColor, selected: bool, radius: float, dashed: bool) -> None:
        if selected:
            fill = mix(fill, pal.color(QPalette.ColorRole.Highlight), 0.28)
            border = pal.color(QPalette.ColorRole.Highlight)
        pen = QPen(border, 2 if selected else 1)
        if dashed and not selected:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)

    def _paint_post(self, painter: QPainter, pal: QPalette, rect: QRect, card: Card,
                    selected: bool) -> None:
        post = card.post
        assert post is not None
        base = pal.color(QPalette.ColorRole.Base)
        text_colour = pal.color(QPalette.ColorRole.Text)
        dim = mix(text_colour, base, 0.42)
        self._frame(painter, pal, rect, base, pal.color(QPalette.ColorRole.Mid), selected, 4, False)
        strip = readable_on(QColor(card.platform.colour), base)
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect.left() + 1, rect.top() + 1, STRIP, rect.height() - 2), 2, 2)
        painter.fillPath(path, strip)
        skipped = post.status is PostStatus.SKIPPED
        if skipped:
            painter.setOpacity(0.55)

        font = QFont(painter.font())
        bold = QFont(font)
        bold.setBold(True)
        small = _small(font)
        fm, sfm = QFontMetrics(bold), QFontMetrics(small)
        left = rect.left() + STRIP + PAD + 1
        right = rect.right() - PAD - (BADGE + 2 if card.severity else 0)
        y = rect.top() + PAD

        time_text = f"{card.start:%H:%M}"
        painter.setFont(bold)
        painter.setPen(text_colour)
        painter.drawText(QRect(left, y, fm.horizontalAdvance(time_text) + 2, fm.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, time_text)
        name_left = left + fm.horizontalAdvance(time_text) + 6
        painter.setFont(font)
        name = QFontMetrics(font).elidedText(card.platform.name, Qt.TextElideMode.ElideRight,
                                             max(right - name_left, 0))
        painter.drawText(QRect(name_left, y, max(right - name_left, 0), fm.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        y += fm.height() + 2

        painter.setFont(small)
        marks = ""
        if post.link:
            marks += " \N{NORTH EAST ARROW}"
        if post.status is PostStatus.POSTED:
            marks += " \N{CHECK MARK}"
        # "scheduled" is the usual state; only the others are spelled out on the card.
        meta = post.kind.value if post.status is PostStatus.SCHEDULED else \
            f"{post.kind.value} · {post.status.value}"
        marks_w = sfm.horizontalAdvance(marks)
        painter.setPen(dim)
        meta_rect = QRect(left, y, max(rect.right() - PAD - left - marks_w, 0), sfm.height())
        painter.drawText(meta_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         sfm.elidedText(meta, Qt.TextElideMode.ElideRight, meta_rect.width()))
        if marks:
            painter.setPen(pal.color(QPalette.ColorRole.Link))
            painter.drawText(QRect(rect.right() - PAD - marks_w, y, marks_w, sfm.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, marks)
        y += sfm.height() + 2

        text = " ".join((post.text or post.link or "(no text yet)").split())
        painter.setPen(text_colour if post.text else dim)
        italic = QFont(small)
        italic.setItalic(post.status in (PostStatus.IDEA, PostStatus.DRAFT) or not post.text)
        painter.setFont(italic)
        self._draw_wrapped(painter, QRect(left, y, rect.right() - PAD - left, sfm.height() * TEXT_LINES),
                           text, QFontMetrics(italic), TEXT_LINES)
        if skipped:
            painter.setOpacity(1.0)

    def _paint_slot(self, painter: QPainter, pal: QPalette, rect: QRect, card: Card,
                    selected: bool) -> None:
        occ = card.occurrence
        assert occ is not None
        base = pal.color(QPalette.ColorRole.Base)
        colour = readable_on(QColor(card.platform.colour), base)
        fill = mix(base, colour, 0.16)
        text_colour = pal.color(QPalette.ColorRole.Text)
        dim = mix(text_colour, base, 0.35)
        self._frame(painter, pal, rect, fill, colour, selected, 9, True)

        font = QFont(painter.font())
        bold = QFont(font)
        bold.setBold(True)
        small = _small(font)
        fm, sfm = QFontMetrics(bold), QFontMetrics(small)
        left = rect.left() + PAD + 3
        right = rect.right() - PAD - (BADGE + 2 if card.severity else 0)
        y = rect.top() + PAD
        when = f"{card.start:%H:%M}"
        painter.setFont(bold)
        painter.setPen(text_colour)
        painter.drawText(QRect(left, y, fm.horizontalAdvance(when) + 2, fm.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, when)
        name_left = left + fm.horizontalAdvance(when) + 6
        painter.setFont(font)
        name = QFontMetrics(font).elidedText(card.platform.name, Qt.TextElideMode.ElideRight,
                                             max(right - name_left, 0))
        painter.drawText(QRect(name_left, y, max(right - name_left, 0), fm.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        y += fm.height() + 2

        painter.setFont(small)
        painter.setPen(dim)
        repeat = " \N{CLOCKWISE OPEN CIRCLE ARROW}" if occ.slot.rrule else ""
        line = f"{occ.activity.value} · {occ.duration_min} min{repeat}"
        tick = self.tick_rect(rect.adjusted(-3, -3, 3, 3))
        width = max(tick.left() - 4 - left, 0)
        painter.drawText(QRect(left, y, width, sfm.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         sfm.elidedText(line, Qt.TextElideMode.ElideRight, width))
        painter.setPen(QPen(colour, 1.4))
        painter.setBrush(base)
        painter.drawRoundedRect(QRectF(tick), 3, 3)
        if occ.done:
            painter.setPen(QPen(text_colour, 2))
            painter.drawLine(QPoint(tick.left() + 3, tick.center().y()),
                             QPoint(tick.left() + 6, tick.bottom() - 3))
            painter.drawLine(QPoint(tick.left() + 6, tick.bottom() - 3),
                             QPoint(tick.right() - 2, tick.top() + 3))

    def _paint_badge(self, painter: QPainter, rect: QRect, card: Card, font: QFont) -> None:
        fill, ink = badge_colours(card.severity or "info")
        box = QRectF(rect.right() - PAD - BADGE + 1, rect.top() + PAD - 1, BADGE, BADGE)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawEllipse(box)
        badge_font = _small(font)
        badge_font.setBold(True)
        painter.setFont(badge_font)
        painter.setPen(ink)
        text = "!" if card.severity == "error" else str(min(card.finding_count, 9))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    @staticmethod
    def _draw_wrapped(painter: QPainter, rect: QRect, text: str, fm: QFontMetrics, lines: int) -> None:
        """Word-wrap into at most `lines` lines, eliding the last one."""
        words = text.split(" ")
        y = rect.top()
        for line_no in range(lines):
            if not words:
                break
            line = words.pop(0)
            while words and fm.horizontalAdvance(f"{line} {words[0]}") <= rect.width():
                line = f"{line} {words.pop(0)}"
            if line_no == lines - 1 and words:
                line = f"{line} {' '.join(words)}"
            line = fm.elidedText(line, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(QRect(rect.left(), y, rect.width(), fm.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
            y += fm.height()

    # -- interaction -----------------------------------------------------------------

    def editorEvent(self, event: QEvent, model: object, option: QStyleOptionViewItem,
                    index: ModelIndex) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            card: Card | None = index.data(CardRole.CARD)
            if card is not None and card.occurrence is not None and \
                    self.tick_rect(option.rect).contains(event.position().toPoint()):
                occ_start: datetime = card.occurrence.start
                self.done_toggled.emit(card.item_id, occ_start, not card.occurrence.done)
                return True
        return super().editorEvent(event, model, option, index)  # type: ignore[arg-type]
