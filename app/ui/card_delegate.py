"""Paints post cards and engagement-slot cards; a week of cards is one view, not many widgets.

Posts are squared cards with a platform-colour strip; slots are rounded, tinted with the
platform colour, dashed, and carry a done tick. All colours come from the palette, so the
cards follow a light or dark system theme.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

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
from app.ui.week_model import Card, CardRole, DayModel

PAD = 5
STRIP = 5
TICK = 14
BADGE = 16
TEXT_LINES = 2
# Texts wrapped and names elided are remembered (per font and width) so that a repaint,
# a scroll or a selection does not measure them again; the cache is dropped when full.
TEXT_CACHE = 4096

ModelIndex = QModelIndex | QPersistentModelIndex
# Combined once: or-ing two enum members costs more than drawing the text they align.
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
SELECTED = QStyle.StateFlag.State_Selected
FOCUSED = QStyle.StateFlag.State_HasFocus


def _clock(moment: datetime) -> str:
    """"08:05": from fields (strftime imports `time` per call under Qt's import hook)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _small(font: QFont) -> QFont:
    small = QFont(font)
    size = font.pointSizeF()
    if size > 0:
        small.setPointSizeF(max(size * 0.88, 7.0))
    return small


class _Fonts:
    """The fonts a card uses, derived from the view's font once instead of per card."""

    def __init__(self, font: QFont) -> None:
        self.font = QFont(font)
        self.key = font.key()
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.small = _small(font)
        self.italic = QFont(self.small)
        self.italic.setItalic(True)
        self.badge = _small(font)
        self.badge.setBold(True)
        self.fm = QFontMetrics(self.font)
        self.bold_fm = QFontMetrics(self.bold)
        self.small_fm = QFontMetrics(self.small)
        self.italic_fm = QFontMetrics(self.italic)
        self.slot_height = PAD * 2 + self.fm.height() + self.small_fm.height() + 8
        self.post_height = PAD * 2 + self.fm.height() + self.small_fm.height() * (1 + TEXT_LINES) + 10


class CardDelegate(QStyledItemDelegate):
    """Draws one card; a click on a slot's tick box toggles that occurrence done."""

    done_toggled = Signal(int, object, bool)  # slot id, occurrence start, new state

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fonts: dict[str, _Fonts] = {}
        self._texts: dict[tuple[Any, ...], Any] = {}
        self._colours: dict[tuple[Any, ...], QColor] = {}
        self._last: _Fonts | None = None

    def fonts(self, font: QFont) -> _Fonts:
        last = self._last
        if last is not None and font == last.font:  # comparing is ~15x cheaper than key()
            return last
        key = font.key()
        found = self._fonts.get(key)
        if found is None:
            found = self._fonts[key] = _Fonts(font)
        self._last = found
        return found

    def _colour(self, key: tuple[Any, ...], make: Callable[[], QColor]) -> QColor:
        found = self._colours.get(key)
        if found is None:
            if len(self._colours) > TEXT_CACHE:
                self._colours.clear()
            found = self._colours[key] = make()
        return found

    def _elided(self, text: str, fm: QFontMetrics, font_key: str, width: int) -> str:
        key = ("elide", text, font_key, width)
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) > TEXT_CACHE:
                self._texts.clear()
            found = self._texts[key] = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
        return found  # type: ignore[no-any-return]

    # -- geometry --------------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        model = index.model()
        # Read from the day's model directly: asking through index.data() re-enters Python
        # once more per card, and a week at scale lays out ~1,400 cards per switch.
        card = model.card(index.row()) if isinstance(model, DayModel) and index.isValid() \
            else index.data(CardRole.CARD)
        fonts = self.fonts(option.font)
        width = max(option.rect.width(), 100)
        if card is None or card.occurrence is not None:
            return QSize(width, fonts.slot_height)
        return QSize(width, fonts.post_height)

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
        selected = bool(option.state & SELECTED)
        focused = bool(option.state & FOCUSED)
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

    def _paint_head(self, painter: QPainter, fonts: _Fonts, rect: QRect, card: Card, left: int,
                    text_colour: QColor) -> int:
        """The card's first line, its time in bold and its platform's name; returns the next y."""
        fm = fonts.bold_fm
        right = rect.right() - PAD - (BADGE + 2 if card.severity else 0)
        y = rect.top() + PAD
        when = _clock(card.start)
        when_width = fm.horizontalAdvance(when)
        painter.setFont(fonts.bold)
        painter.setPen(text_colour)
        painter.drawText(QRect(left, y, when_width + 2, fm.height()), LEFT, when)
        name_left = left + when_width + 6
        painter.setFont(fonts.font)
        name = self._elided(card.platform.name, fonts.fm, fonts.key, max(right - name_left, 0))
        painter.drawText(QRect(name_left, y, max(right - name_left, 0), fm.height()), LEFT, name)
        return y + fm.height() + 2

    def _paint_post(self, painter: QPainter, pal: QPalette, rect: QRect, card: Card,
                    selected: bool) -> None:
        post = card.post
        assert post is not None
        base = pal.color(QPalette.ColorRole.Base)
        text_colour = pal.color(QPalette.ColorRole.Text)
        dim = self._colour(("mix", text_colour.rgba(), base.rgba(), 0.42),
                           lambda: mix(text_colour, base, 0.42))
        self._frame(painter, pal, rect, base, pal.color(QPalette.ColorRole.Mid), selected, 4, False)
        strip = self._colour(("on", card.platform.colour, base.rgba()),
                             lambda: readable_on(QColor(card.platform.colour), base))
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect.left() + 1, rect.top() + 1, STRIP, rect.height() - 2), 2, 2)
        painter.fillPath(path, strip)
        skipped = post.status is PostStatus.SKIPPED
        if skipped:
            painter.setOpacity(0.55)

        fonts = self.fonts(painter.font())
        key, small, sfm = fonts.key, fonts.small, fonts.small_fm
        left = rect.left() + STRIP + PAD + 1
        y = self._paint_head(painter, fonts, rect, card, left, text_colour)

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
        painter.drawText(meta_rect, LEFT,
                         self._elided(meta, sfm, "small" + key, meta_rect.width()))
        if marks:
            painter.setPen(pal.color(QPalette.ColorRole.Link))
            painter.drawText(QRect(rect.right() - PAD - marks_w, y, marks_w, sfm.height()),
                             RIGHT, marks)
        y += sfm.height() + 2

        text = " ".join((post.text or post.link or "(no text yet)").split())
        painter.setPen(text_colour if post.text else dim)
        slanted = post.status in (PostStatus.IDEA, PostStatus.DRAFT) or not post.text
        painter.setFont(fonts.italic if slanted else small)
        self._draw_wrapped(painter, QRect(left, y, rect.right() - PAD - left, sfm.height() * TEXT_LINES),
                           text, fonts.italic_fm if slanted else sfm, TEXT_LINES,
                           ("italic" if slanted else "small") + key)
        if skipped:
            painter.setOpacity(1.0)

    def _paint_slot(self, painter: QPainter, pal: QPalette, rect: QRect, card: Card,
                    selected: bool) -> None:
        occ = card.occurrence
        assert occ is not None
        base = pal.color(QPalette.ColorRole.Base)
        colour = self._colour(("on", card.platform.colour, base.rgba()),
                              lambda: readable_on(QColor(card.platform.colour), base))
        fill = self._colour(("mix", base.rgba(), colour.rgba(), 0.16), lambda: mix(base, colour, 0.16))
        text_colour = pal.color(QPalette.ColorRole.Text)
        dim = self._colour(("mix", text_colour.rgba(), base.rgba(), 0.35),
                           lambda: mix(text_colour, base, 0.35))
        self._frame(painter, pal, rect, fill, colour, selected, 9, True)

        fonts = self.fonts(painter.font())
        key, small, sfm = fonts.key, fonts.small, fonts.small_fm
        left = rect.left() + PAD + 3
        y = self._paint_head(painter, fonts, rect, card, left, text_colour)

        painter.setFont(small)
        painter.setPen(dim)
        repeat = " \N{CLOCKWISE OPEN CIRCLE ARROW}" if occ.slot.rrule else ""
        line = f"{occ.activity.value} · {occ.duration_min} min{repeat}"
        tick = self.tick_rect(rect.adjusted(-3, -3, 3, 3))
        width = max(tick.left() - 4 - left, 0)
        painter.drawText(QRect(left, y, width, sfm.height()),
                         LEFT,
                         self._elided(line, sfm, "small" + key, width))
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
        painter.setFont(self.fonts(font).badge)
        painter.setPen(ink)
        text = "!" if card.severity == "error" else str(min(card.finding_count, 9))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _draw_wrapped(self, painter: QPainter, rect: QRect, text: str, fm: QFontMetrics,
                      lines: int, font_key: str) -> None:
        """Word-wrap into at most `lines` lines, eliding the last one."""
        key = ("wrap", text, font_key, rect.width(), lines)
        wrapped: list[str] | None = self._texts.get(key)
        if wrapped is None:
            if len(self._texts) > TEXT_CACHE:
                self._texts.clear()
            wrapped = self._texts[key] = self._wrap(text, fm, rect.width(), lines)
        y = rect.top()
        for line in wrapped:
            painter.drawText(QRect(rect.left(), y, rect.width(), fm.height()),
                             LEFT, line)
            y += fm.height()

    @staticmethod
    def _wrap(text: str, fm: QFontMetrics, width: int, lines: int) -> list[str]:
        """The lines of `text` broken at spaces to fit `width`, the last one elided."""
        words = text.split(" ")
        out: list[str] = []
        for line_no in range(lines):
            if not words:
                break
            line = words.pop(0)
            while words and fm.horizontalAdvance(f"{line} {words[0]}") <= width:
                line = f"{line} {words.pop(0)}"
            if line_no == lines - 1 and words:
                line = f"{line} {' '.join(words)}"
            out.append(fm.elidedText(line, Qt.TextElideMode.ElideRight, width))
        return out

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
