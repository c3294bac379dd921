"""Paints post cards and engagement-slot cards; a week of cards is one view, not many widgets.

Every card has a strip in its platform's colour, its time and its platform on the first
line (the platform's name, else a short name, else a code: never cut), then what kind of
post or how many minutes of what, then as much of the post's text as the card's height
allows. Slots are rounded, lightly tinted and dashed, with a tick box that marks the
occurrence done. A selected card has a thick outline in the highlight colour and a tinted
fill, so no platform colour can pass for a selection. All colours come from the palette.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.domain.items import PostStatus
from app.domain.platforms import Platform
from app.ui.palette import badge_colours, contrast, mix
from app.ui.week_model import Card, CardRole, DayModel

T = TypeVar("T")

MARGIN = 2  # between a card and the edge of its cell
PAD = 5
STRIP = 5
TICK = 14
BADGE = 16
GAP = 5
MIN_TEXT_LINES = 2
MAX_TEXT_LINES = 10
SELECTED_WIDTH = 3
REPEAT = "\N{CLOCKWISE OPEN CIRCLE ARROW}"
# Texts wrapped and widths measured are remembered (per font and width) so that a repaint,
# a scroll or a selection does not measure them again; the cache is dropped when full.
TEXT_CACHE = 4096
# Card pictures kept, in bytes: about three weeks of visible cards in a large window.
PICTURE_BYTES = 12 * 1024 * 1024
IDLE_MS = 150  # a pause before pictures are made for cards just drawn without one
LATER_MAX = 400
LATER_STEP = 40  # pictures per idle turn (~5 ms): input is not kept waiting

# Shorter names for narrow columns, tried in turn after the platform's own name.
SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "x": ("X",),
    "bluesky": ("Bsky", "BS"),
    "mastodon": ("Masto", "MA"),
    "threads": ("Thrd", "TH"),
    "linkedin": ("LI",),
    "facebook": ("FB",),
    "instagram": ("Insta", "IG"),
    "pinterest": ("Pin", "PI"),
    "tiktok": ("TT",),
    "youtube": ("YT",),
    "reddit": ("RD",),
}

ModelIndex = QModelIndex | QPersistentModelIndex
# Combined once: or-ing two enum members costs more than drawing the text they align.
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
SELECTED = QStyle.StateFlag.State_Selected
FOCUSED = QStyle.StateFlag.State_HasFocus


def _clock(moment: datetime) -> str:
    """"08:05": from fields (strftime imports `time` per call under Qt's import hook)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _pen(colour: QColor, width: int, dashed: bool) -> QPen:
    pen = QPen(colour, width)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def platform_names(platform: Platform) -> tuple[str, ...]:
    """The platform's name and shorter stand-ins, longest first; the last is a code."""
    known = SHORT_NAMES.get(platform.id)
    if known is not None:
        return (platform.name, *known) if known[0] != platform.name else known
    words = platform.name.split()
    code = "".join(w[0] for w in words[:3]).upper() if len(words) > 1 else platform.name[:2]
    return (platform.name, code) if code != platform.name else (platform.name,)


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
        self.head = max(self.bold_fm.height(), BADGE)
        self.line = self.small_fm.height()
        self.meta = max(self.line, TICK)  # a slot's tick box sits on its second line
        # Everything but the text lines and the extra meta lines: padding, margins, head.
        self.frame = 2 * MARGIN + 2 * PAD + self.head + 2


@dataclass(slots=True)
class CardGeometry:
    """Where each part of one card goes and what it says; painting and tests read it."""

    card: QRect
    time: QRect
    platform: QRect
    platform_text: str
    badge: QRect | None
    marks: QRect | None
    marks_text: str
    tick: QRect | None
    meta: list[tuple[QRect, str]]  # (rect, text) of each line under the head
    text: QRect | None  # the post's text area
    text_lines: int


class CardDelegate(QStyledItemDelegate):
    """Draws one card; a click on a slot's tick box toggles that occurrence done."""

    done_toggled = Signal(int, object, bool)  # slot id, occurrence start, new state

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fonts: dict[str, _Fonts] = {}
        self._texts: dict[tuple[Any, ...], Any] = {}
        self._colours: dict[tuple[Any, ...], QColor] = {}
        self._last: _Fonts | None = None
        self._pictures: OrderedDict[tuple[Any, ...], QPixmap] = OrderedDict()
        self._picture_bytes = 0
        self._palettes: dict[int, tuple[int, ...]] = {}
        # Cards drawn without a picture, whose pictures are made when the window is idle.
        self._later: OrderedDict[tuple[Any, ...], tuple[Card, QStyleOptionViewItem, float]] = OrderedDict()
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_MS)
        self._idle.timeout.connect(self._draw_later)

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

    def _cached(self, key: tuple[Any, ...], make: Callable[[], T]) -> T:
        found: T | None = self._texts.get(key)
        if found is None:
            if len(self._texts) > TEXT_CACHE:
                self._texts.clear()
            found = self._texts[key] = make()
        return found

    def _width(self, text: str, fm: QFontMetrics, font_key: str) -> int:
        return self._cached(("w", text, font_key), lambda: fm.horizontalAdvance(text))

    # -- what a card says ------------------------------------------------------------------

    @staticmethod
    def meta_words(card: Card) -> tuple[str, ...]:
        """The parts of the line under the head, in order; each is kept whole where it fits."""
        if card.post is not None:
            post = card.post
            # "scheduled" is the usual state; only the others are spelled out on the card.
            thread = (f"thread of {len(post.parts)}",) if post.is_thread else ()
            if post.status is PostStatus.SCHEDULED:
                return (post.kind.value, *thread)
            return (post.kind.value, post.status.value, *thread)
        occ = card.occurrence
        assert occ is not None
        minutes = f"{occ.duration_min} min" + (f" {REPEAT}" if occ.slot.rrule else "")
        return (minutes, occ.activity.value)

    @staticmethod
    def marks(card: Card) -> str:
        post = card.post
        if post is None:
            return ""
        marks = "\N{NORTH EAST ARROW}" if post.link else ""
        if post.status is PostStatus.POSTED:
            marks += "\N{CHECK MARK}"
        return marks

    def _meta_lines(self, words: tuple[str, ...], fonts: _Fonts, first: int, width: int) -> list[str]:
        """The words joined by " · " into lines; the first line is `first` wide, the rest
        `width`. A word moves to the next line rather than being cut (at most two lines)."""
        def make() -> list[str]:
            fm = fonts.small_fm
            lines: list[str] = []
            current = ""
            room = first
            for word in words:
                joined = f"{current} · {word}" if current else word
                if fm.horizontalAdvance(joined) < room or not current:  # < : advances round down
                    current = joined
                    continue
                if len(lines) == 1:  # the second line is the last: what does not fit is elided
                    current = joined
                    break
                lines.append(current)
                current, room = word, width
            lines.append(current)
            widths = [first, *([width] * (len(lines) - 1))]
            return [fm.elidedText(t, Qt.TextElideMode.ElideRight, max(w, 0))
                    for t, w in zip(lines, widths, strict=True)]

        return self._cached(("meta", words, fonts.key, first, width), make)

    def _platform_text(self, platform: Platform, fonts: _Fonts, width: int) -> str:
        """The longest of the platform's names that fits `width` (the code if none does)."""
        def make() -> str:
            names = platform_names(platform)
            for name in names:
                if fonts.fm.horizontalAdvance(name) < width:
                    return name
            return names[-1]

        return self._cached(("platform", platform.id, platform.name, fonts.key, width), make)

    def wrapped(self, text: str, fonts: _Fonts, width: int, lines: int, slanted: bool) -> list[str]:
        fm = fonts.italic_fm if slanted else fonts.small_fm
        key = ("wrap", text, fonts.key, slanted, width, lines)
        return self._cached(key, lambda: self._wrap(text, fm, width, lines))

    @staticmethod
    def post_text(card: Card) -> tuple[str, bool]:
        """The text a post card shows, and whether it is slanted (an idea, a draft, no text)."""
        post = card.post
        assert post is not None
        # A thread reads as its parts one after the other, not with its "---" separator lines.
        body = " / ".join(" ".join(part.split()) for part in post.parts) if post.is_thread else post.text
        text = " ".join((body or post.link or "(no text yet)").split())
        return text, post.status in (PostStatus.IDEA, PostStatus.DRAFT) or not post.text

    # -- geometry --------------------------------------------------------------------------

    def geometry(self, option_rect: QRect, card: Card, font: QFont) -> CardGeometry:
        """Where everything of `card` goes in a cell of `option_rect`."""
        fonts = self.fonts(font)
        rect = option_rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        left = rect.left() + STRIP + PAD
        right = rect.right() - PAD
        y = rect.top() + PAD
        head = fonts.head
        when = _clock(card.start)
        when_w = self._width(when, fonts.bold_fm, "bold" + fonts.key)
        time_rect = QRect(left, y, when_w + 1, head)
        end = right
        badge = None
        if card.severity:
            badge = QRect(right - BADGE + 1, y + (head - BADGE) // 2, BADGE, BADGE)
            end = badge.left() - 3
        name_left = time_rect.right() + GAP
        name = self._platform_text(card.platform, fonts, max(end - name_left, 0))
        name_w = self._width(name, fonts.fm, fonts.key)
        platform = QRect(name_left, y, max(name_w, end - name_left), head)
        y += head + 2

        width = right - left + 1
        tick = None
        marks = None
        marks_text = self.marks(card)
        first = width
        if card.occurrence is not None:
            tick = QRect(right - TICK + 1, y + (fonts.meta - TICK) // 2, TICK, TICK)
            first = tick.left() - 4 - left
        elif marks_text:
            marks_w = self._width(marks_text, fonts.small_fm, "small" + fonts.key)
            marks = QRect(right - marks_w + 1, y, marks_w, fonts.line)
            first = marks.left() - 3 - left
        meta_texts = self._meta_lines(self.meta_words(card), fonts, first, width)
        meta: list[tuple[QRect, str]] = []
        for n, line in enumerate(meta_texts):
            line_h = fonts.meta if n == 0 and tick is not None else fonts.line
            meta.append((QRect(left, y, first if n == 0 else width, line_h), line))
            y += line_h
        text = None
        lines = 0
        if card.post is not None:
            y += 2
            lines = max((rect.bottom() - PAD - y + 1) // fonts.line, 0)
            text = QRect(left, y, width, lines * fonts.line)
        return CardGeometry(rect, time_rect, platform, name, badge, marks, marks_text, tick, meta,
                            text, lines)

    def card_parts(self, card: Card, font: QFont, width: int) -> tuple[int, int]:
        """(height without text lines, text lines a post would need) in a column `width` wide;
        a slot has no text lines. Measuring the text is left to when there is room for it."""
        fonts = self.fonts(font)
        inner = width - 2 * MARGIN - STRIP - 2 * PAD
        if card.occurrence is not None:
            meta = self._meta_lines(self.meta_words(card), fonts, inner - TICK - 4, inner)
            return fonts.frame + fonts.meta + (len(meta) - 1) * fonts.line, 0
        marks = self.marks(card)
        first = inner - self._width(marks, fonts.small_fm, "small" + fonts.key) - 3 if marks else inner
        meta = self._meta_lines(self.meta_words(card), fonts, first, inner)
        return fonts.frame + len(meta) * fonts.line + 2, MIN_TEXT_LINES

    def text_lines_needed(self, card: Card, font: QFont, width: int) -> int:
        fonts = self.fonts(font)
        text, slanted = self.post_text(card)
        inner = width - 2 * MARGIN - STRIP - 2 * PAD
        return max(MIN_TEXT_LINES, len(self.wrapped(text, fonts, inner, MAX_TEXT_LINES, slanted)))

    def card_height(self, card: Card, font: QFont, width: int, text_lines: int) -> int:
        """The height of `card` in a column `width` wide, its text in up to `text_lines` lines."""
        base, lines = self.card_parts(card, font, width)
        if lines and text_lines > MIN_TEXT_LINES:
            lines = min(self.text_lines_needed(card, font, width), text_lines)
        return base + lines * self.fonts(font).line

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        model = index.model()
        # Read from the day's model directly: asking through index.data() re-enters Python
        # once more per card, and a week at scale lays out ~1,400 cards per switch.
        card = model.card(index.row()) if isinstance(model, DayModel) and index.isValid() \
            else index.data(CardRole.CARD)
        view = option.widget
        # The width the card is painted at is the view's, not option.rect's (empty here).
        width = getattr(view, "card_width", 0) or max(option.rect.width(), 100)
        lines = getattr(view, "text_lines", MIN_TEXT_LINES)
        if card is None:
            return QSize(width, self.fonts(option.font).frame)
        return QSize(width, self.card_height(card, option.font, width, lines))

    def tick_rect(self, option_rect: QRect, card: Card, font: QFont) -> QRect | None:
        return self.geometry(option_rect, card, font).tick

    # -- colours ---------------------------------------------------------------------------

    def colours(self, pal: QPalette, card: Card, selected: bool) -> tuple[QColor, QColor, QColor]:
        """(fill, border, strip) of a card: platform colour in the strip and, faintly, in a
        slot's fill; the highlight colour only for a selection."""
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        brand = card.platform.colour
        key = (base.rgba(), text.rgba(), pal.color(QPalette.ColorRole.Highlight).rgba(), brand,
               card.is_slot, selected)

        def make() -> tuple[QColor, QColor, QColor]:
            strip = QColor(brand)
            if not strip.isValid():
                strip = QColor("#808080")
            fill = mix(base, strip, 0.10) if card.is_slot else QColor(base)
            border = mix(text, base, 0.55 if card.is_slot else 0.72)
            if selected:
                highlight = pal.color(QPalette.ColorRole.Highlight)
                fill = mix(base, highlight, 0.36)
                border = highlight
            return fill, border, strip

        return self._cached(("colours", *key), make)

    # -- painting --------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        """The card's picture, drawn once per content, size, state, palette and font and
        then copied: repaints, scrolling and a week shown again cost a copy, not ~10 texts.

        A card without a picture yet is drawn straight away (a picture costs more the
        first time) and its picture made once the window is idle."""
        card: Card | None = index.data(CardRole.CARD)
        if card is None:
            return
        rect = option.rect
        state = option.state & (SELECTED | FOCUSED)
        ratio = painter.device().devicePixelRatioF()
        fonts = self.fonts(option.font)
        key = (card, rect.width(), rect.height(), int(state.value), self._palette_key(option.palette),
               fonts.key, ratio)
        pictures = self._pictures
        picture = pictures.get(key)
        if picture is None:
            self.paint_card(painter, option, card)
            if len(self._later) < LATER_MAX:
                self._later[key] = (card, QStyleOptionViewItem(option), ratio)
                self._idle.start()
            return
        pictures.move_to_end(key)
        painter.drawPixmap(rect.topLeft(), picture)

    def _draw_later(self) -> None:
        """While idle: the pictures of the cards drawn straight away, a few at a time."""
        later = self._later
        for _ in range(min(LATER_STEP, len(later))):
            key, (card, option, ratio) = later.popitem(last=False)
            if key not in self._pictures:
                self._keep(key, self._picture(card, option, ratio))
        if later:
            self._idle.start()

    def _palette_key(self, pal: QPalette) -> tuple[int, ...]:
        """The colours a card is drawn with: a column's own palette (today's is tinted) is
        a new QPalette per week, with the same colours for the cards."""
        found = self._palettes.get(pal.cacheKey())
        if found is None:
            if len(self._palettes) > 64:
                self._palettes.clear()
            roles = (QPalette.ColorRole.Base, QPalette.ColorRole.Text, QPalette.ColorRole.Link,
                     QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText,
                     QPalette.ColorRole.Window)
            found = self._palettes[pal.cacheKey()] = tuple(pal.color(r).rgba() for r in roles)
        return found

    def prerender(self, card: Card, option: QStyleOptionViewItem, ratio: float) -> None:
        """Draw a card's picture ahead of its first paint (a week read ahead while idle)."""
        fonts = self.fonts(option.font)
        rect = option.rect
        state = option.state & (SELECTED | FOCUSED)
        key = (card, rect.width(), rect.height(), int(state.value), self._palette_key(option.palette),
               fonts.key, ratio)
        if key not in self._pictures:
            self._keep(key, self._picture(card, option, ratio))

    def _keep(self, key: tuple[Any, ...], picture: QPixmap) -> None:
        pictures = self._pictures
        pictures[key] = picture
        self._picture_bytes += picture.width() * picture.height() * 4
        while self._picture_bytes > PICTURE_BYTES and len(pictures) > 1:
            old = pictures.pop(next(iter(pictures)))  # the least recently drawn
            self._picture_bytes -= old.width() * old.height() * 4

    def _picture(self, card: Card, option: QStyleOptionViewItem, ratio: float) -> QPixmap:
        rect = option.rect
        picture = QPixmap(round(rect.width() * ratio), round(rect.height() * ratio))
        picture.setDevicePixelRatio(ratio)
        # Opaque, on the column's own colour: edges blend as they do when drawn in place.
        picture.fill(option.palette.color(QPalette.ColorRole.Window))
        painter = QPainter(picture)
        painter.translate(-rect.left(), -rect.top())
        self.paint_card(painter, option, card)
        painter.end()
        return picture

    def paint_card(self, painter: QPainter, option: QStyleOptionViewItem, card: Card) -> None:
        """Draw the card itself into `option.rect`."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = option.palette
        selected = bool(option.state & SELECTED)
        geo = self.geometry(option.rect, card, option.font)
        fonts = self.fonts(option.font)
        self._paint_frame(painter, pal, geo.card, card, selected)
        if option.state & FOCUSED and not selected:
            pen = QPen(pal.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(geo.card).adjusted(-1.5, -1.5, 1.5, 1.5), 6, 6)
        skipped = card.post is not None and card.post.status is PostStatus.SKIPPED
        if skipped:
            painter.setOpacity(0.55)
        base = pal.color(QPalette.ColorRole.Base)
        text_colour = pal.color(QPalette.ColorRole.Text)
        dim = self._colour(("mix", text_colour.rgba(), base.rgba(), 0.38),
                           lambda: mix(text_colour, base, 0.38))

        painter.setFont(fonts.bold)
        painter.setPen(text_colour)
        painter.drawText(geo.time, LEFT, _clock(card.start))
        painter.setFont(fonts.font)
        painter.drawText(geo.platform, LEFT, geo.platform_text)
        painter.setFont(fonts.small)
        if geo.marks is not None:
            painter.setPen(pal.color(QPalette.ColorRole.Link))
            painter.drawText(geo.marks, RIGHT, geo.marks_text)
        painter.setPen(dim if card.post is not None else text_colour)
        for rect, line in geo.meta:
            painter.drawText(rect, LEFT, line)
        if geo.tick is not None:
            self._paint_tick(painter, pal, geo.tick, card, text_colour)
        if geo.text is not None and geo.text_lines:
            text, slanted = self.post_text(card)
            painter.setPen(text_colour if card.post and card.post.text else dim)
            painter.setFont(fonts.italic if slanted else fonts.small)
            y = geo.text.top()
            for line in self.wrapped(text, fonts, geo.text.width(), geo.text_lines, slanted):
                painter.drawText(QRect(geo.text.left(), y, geo.text.width(), fonts.line), LEFT, line)
                y += fonts.line
        if skipped:
            painter.setOpacity(1.0)
        if geo.badge is not None:
            self._paint_badge(painter, geo.badge, card, fonts)
        painter.restore()

    def _paint_frame(self, painter: QPainter, pal: QPalette, rect: QRect, card: Card,
                     selected: bool) -> None:
        fill, border, strip = self.colours(pal, card, selected)
        radius = 8.0 if card.is_slot else 4.0
        width = SELECTED_WIDTH if selected else 1
        dashed = card.is_slot and not selected
        pen = self._cached(("pen", border.rgba(), width, dashed), lambda: _pen(border, width, dashed))
        inset = width / 2
        box = QRectF(rect).adjusted(inset, inset, -inset, -inset)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(box, radius, radius)
        # The strip inside the frame, in the platform's own colour; a colour too close to the
        # card's fill (X's black on a dark theme) gets a light outline instead of vanishing.
        inner = width if selected else 1
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect.left() + inner, rect.top() + inner, STRIP,
                                   rect.height() - 2 * inner), 2, 2)
        painter.fillPath(path, strip)
        text = pal.color(QPalette.ColorRole.Text)
        outline = self._cached(  # False: the strip stands out on its own (decided once)
            ("outline", strip.rgba(), fill.rgba(), text.rgba()),
            lambda: QPen(mix(text, fill, 0.35), 1) if contrast(strip, fill) < 1.6 else False)
        if isinstance(outline, QPen):
            painter.strokePath(path, outline)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(box, radius, radius)

    def _paint_tick(self, painter: QPainter, pal: QPalette, tick: QRect, card: Card,
                    text_colour: QColor) -> None:
        occ = card.occurrence
        assert occ is not None
        base = pal.color(QPalette.ColorRole.Base)
        painter.setPen(QPen(mix(text_colour, base, 0.35), 1.2))
        painter.setBrush(base)
        painter.drawRoundedRect(QRectF(tick).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        if occ.done:
            painter.setPen(QPen(text_colour, 2))
            painter.drawLine(QPoint(tick.left() + 3, tick.center().y()),
                             QPoint(tick.left() + 6, tick.bottom() - 3))
            painter.drawLine(QPoint(tick.left() + 6, tick.bottom() - 3),
                             QPoint(tick.right() - 2, tick.top() + 3))

    def _paint_badge(self, painter: QPainter, box: QRect, card: Card, fonts: _Fonts) -> None:
        fill, ink = badge_colours(card.severity or "info")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawEllipse(QRectF(box))
        painter.setFont(fonts.badge)
        painter.setPen(ink)
        text = "!" if card.severity == "error" else str(min(card.finding_count, 9))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    @staticmethod
    def _wrap(text: str, fm: QFontMetrics, width: int, lines: int) -> list[str]:
        """The lines of `text` broken at spaces to fit `width`, the last one elided."""
        words = text.split(" ")
        out: list[str] = []
        for line_no in range(lines):
            if not words:
                break
            line = words.pop(0)
            while words and fm.horizontalAdvance(f"{line} {words[0]}") < width:
                line = f"{line} {words.pop(0)}"
            if line_no == lines - 1 and words:
                line = f"{line} {' '.join(words)}"
            out.append(fm.elidedText(line, Qt.TextElideMode.ElideRight, width))
        return out

    # -- interaction -----------------------------------------------------------------------

    def editorEvent(self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem,
                    index: ModelIndex) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            card: Card | None = index.data(CardRole.CARD)
            if card is not None and card.occurrence is not None:
                tick = self.tick_rect(option.rect, card, option.font)
                if tick is not None and tick.adjusted(-3, -3, 3, 3).contains(event.position().toPoint()):
                    occ_start: datetime = card.occurrence.start
                    self.done_toggled.emit(card.item_id, occ_start, not card.occurrence.done)
                    return True
        return super().editorEvent(event, model, option, index)
