"""Painting the checklist on paper (a PDF file or a printer): one page, always.

The page is laid out once at a fixed 96 dpi, then painted scaled to the device; when a
full week is taller than the page it is scaled down to fit (never below MIN_SCALE, after
which the list of findings is shortened). The paper follows the locale: Letter where
Letter is the norm, A4 elsewhere.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QMarginsF
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

LAYOUT_DPI = 96
MARGIN_MM = 12.0
MIN_SCALE = 0.72
# Territories where Letter is the usual paper (North and Central America, some of South America,
# the Philippines).
_LETTER = {
    "UnitedStates", "Canada", "Mexico", "Chile", "Colombia", "CostaRica", "DominicanRepublic",
    "ElSalvador", "Guatemala", "Nicaragua", "Panama", "Philippines", "PuertoRico", "Venezuela",
    "Belize", "Bolivia", "Honduras", "Paraguay", "Peru", "Ecuador",
}


def ensure_gui(*, headless: bool = False) -> QGuiApplication:
    """A QGuiApplication for fonts and painting; offscreen when there is no display.

    `headless` (the command line) draws offscreen even with a display: it shows no window,
    so a stale DISPLAY from cron or ssh must not stop it. QT_QPA_PLATFORM still wins.
    """
    app = QGuiApplication.instance()
    if app is not None:
        return app  # type: ignore[return-value]
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if headless or (sys.platform.startswith("linux") and no_display):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(["presence"])


def paper_for(locale: QLocale | None = None) -> str:
    """"Letter" or "A4" for a locale (the system's by default)."""
    territory = (locale or QLocale.system()).territory()
    return "Letter" if territory.name in _LETTER else "A4"


def page_size(paper: str) -> QPageSize:
    size_id = QPageSize.PageSizeId.Letter if paper.lower() == "letter" else QPageSize.PageSizeId.A4
    return QPageSize(size_id)


def page_layout(paper: str) -> QPageLayout:
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QPageLayout(page_size(paper), QPageLayout.Orientation.Portrait, margins,
                       QPageLayout.Unit.Millimeter)


def _layout_device() -> QImage:
    """A 96 dpi surface to lay text out on, so the page looks the same on every device."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    dots_per_metre = round(LAYOUT_DPI / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


def _document(html: str, width: float, surface: QImage) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(surface)
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    doc.setTextWidth(width)
    return doc


def _fits(doc: QTextDocument, width: float, height: float, scale: float) -> bool:
    doc.setTextWidth(width / scale)
    return doc.size().height() * scale <= height


def fit(build: Callable[[int | None], str], width: float, height: float,
        surface: QImage) -> tuple[QTextDocument, float]:
    """Lay out the page and find the largest scale at which it fits `width` x `height`."""
    findings_cap: int | None = None
    while True:
        doc = _document(build(findings_cap), width, surface)
        if _fits(doc, width, height, 1.0):
            return doc, 1.0
        if _fits(doc, width, height, MIN_SCALE) or findings_cap == 0:
            low, high = MIN_SCALE, 1.0  # fits at low, not at high
            for _ in range(10):
                middle = (low + high) / 2
                low, high = (middle, high) if _fits(doc, width, height, middle) else (low, middle)
            _fits(doc, width, height, low)
            return doc, low
        # Too tall even at the smallest readable size: show fewer findings.
        findings_cap = 12 if findings_cap is None else max(0, findings_cap - 3)


def paint(device: QPagedPaintDevice, build: Callable[[int | None], str]) -> None:
    """Paint the checklist on the first page of a PDF writer or printer."""
    resolution = device.logicalDpiX()
    rect = device.pageLayout().paintRectPixels(resolution)
    to_layout = LAYOUT_DPI / resolution
    surface = _layout_device()
    doc, scale = fit(build, rect.width() * to_layout, rect.height() * to_layout, surface)
    painter = QPainter(device)
    try:
        painter.scale(scale / to_layout, scale / to_layout)
        doc.drawContents(painter)
    finally:
        painter.end()


def write_pdf(path: Path, build: Callable[[int | None], str], paper: str) -> None:
    """A one-page PDF of the checklist at `path`."""
    ensure_gui()
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageLayout(page_layout(paper))
    writer.setTitle("Presence weekly checklist")
    writer.setCreator("Presence")
    paint(writer, build)
