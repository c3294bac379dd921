"""Colour helpers so that platform colours and severity badges read in light and dark themes."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QPolygonF

SEVERITY_COLOURS = {
    "error": ("#d32f2f", "#ffffff"),
    "warning": ("#f2a900", "#1a1a1a"),
    "info": ("#3b82f6", "#ffffff"),
}

KIND_COLOURS = {
    "promo": "#e4572e",
    "own": "#2e86ab",
    "curated": "#76b041",
    "conversation": "#a05fc4",
}


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """`a` moved `amount` (0..1) of the way towards `b`."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + \
        0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(colour: QColor, background: QColor, minimum: float = 2.2) -> QColor:
    """The colour, lightened or darkened until it stands out from the background."""
    if not colour.isValid():
        colour = QColor("#808080")
    towards = QColor("white") if luminance(background) < 0.4 else QColor("black")
    result = QColor(colour)
    step = 0.0
    while contrast(result, background) < minimum and step < 1.0:
        step += 0.1
        result = mix(colour, towards, step)
    return result


def badge_colours(severity: str) -> tuple[QColor, QColor]:
    fill, ink = SEVERITY_COLOURS.get(severity, SEVERITY_COLOURS["info"])
    return QColor(fill), QColor(ink)


def arrow_icon(colour: QColor, direction: int, size: int = 16) -> QIcon:
    """A double arrow pointing left (-1) or right (+1) in `colour`: the style's own media
    icons are black whatever the palette, and vanish on a dark toolbar."""
    icon = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        mid = size / 2
        for offset in (3.0, 9.0):
            tip, back = (offset - 1, offset + 5) if direction < 0 else (size - offset + 1, size - offset - 5)
            points = [QPointF(tip, mid), QPointF(back, mid - 5), QPointF(back, mid + 5)]
            painter.drawPolygon(QPolygonF(points))
        painter.end()
        icon.addPixmap(pixmap)
    return icon
