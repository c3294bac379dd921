"""Cards as a blogger scans them: platform, minutes and repeat readable, badges clear of
tick boxes, text using the room there is, selection unmistakable, light or dark."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QItemSelectionModel, QRect
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPalette
from PySide6.QtWidgets import QApplication

from app.domain.weeks import Week
from app.storage.repository import Repository
from app.ui.actions import ActionId
from app.ui.card_delegate import REPEAT, CardGeometry, platform_names
from app.ui.main_window import MainWindow
from app.ui.palette import contrast
from app.ui.week_model import Card
from app.ui.week_view import DayView
from tests.gui.conftest import BERLIN

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

SIZES = [(1100, 700), (1920, 1080)]


def dark_palette() -> QPalette:
    pal = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e6e6e6"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#e6e6e6"),
                         (QPalette.ColorRole.Button, "#353535"), (QPalette.ColorRole.ButtonText, "#e6e6e6"),
                         (QPalette.ColorRole.Highlight, "#3d8ee6"), (QPalette.ColorRole.Mid, "#555555"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff")):
        pal.setColor(role, QColor(colour))
    return pal


def show(qtbot, window: MainWindow, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()


def every_card(window: MainWindow) -> Iterator[tuple[DayView, int, Card, CardGeometry]]:
    delegate = window.week_view.delegate
    for view in window.week_view.views:
        model = view.day_model()
        for row in range(model.rowCount()):
            card = model.card(row)
            rect = view.visualRect(model.index(row, 0))
            yield view, row, card, delegate.geometry(rect, card, view.font())


def distance(a: QColor, b: QColor) -> float:
    squares = (a.red() - b.red()) ** 2 + (a.green() - b.green()) ** 2 + (a.blue() - b.blue()) ** 2
    return float(squares ** 0.5)


@pytest.mark.parametrize("size", SIZES)
def test_the_platform_is_always_readable(qtbot, window: MainWindow, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    show(qtbot, window, *size)
    seen = 0
    for view, _row, card, geo in every_card(window):
        fm = QFontMetrics(view.font())
        assert geo.platform_text in platform_names(card.platform), geo.platform_text
        assert fm.horizontalAdvance(geo.platform_text) <= geo.platform.width()
        assert geo.platform.left() > geo.time.right()
        if geo.badge is not None:
            assert geo.platform.left() + fm.horizontalAdvance(geo.platform_text) < geo.badge.left()
        seen += 1
    assert seen > 20
    if size == (1920, 1080):  # room for every name in full
        assert all(geo.platform_text == card.platform.name for _v, _r, card, geo in every_card(window))


@pytest.mark.parametrize("size", SIZES)
def test_a_slot_shows_its_minutes_and_repeat_mark_and_the_badge_clears_the_tick(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, size: tuple[int, int]) -> None:
    show(qtbot, window, *size)
    slots = badged = 0
    for view, _row, card, geo in every_card(window):
        if card.occurrence is None:
            continue
        slots += 1
        fm = QFontMetrics(window.week_view.delegate.fonts(view.font()).small)
        minutes = f"{card.occurrence.duration_min} min" + (f" {REPEAT}" if card.occurrence.slot.rrule else "")
        first_rect, first_text = geo.meta[0]
        assert first_text.startswith(minutes)
        assert fm.horizontalAdvance(minutes) <= first_rect.width()
        assert geo.tick is not None and first_rect.right() < geo.tick.left()
        assert geo.tick.right() <= geo.card.right()
        if geo.badge is not None:
            badged += 1
            assert not geo.badge.intersects(geo.tick)
    assert slots >= 5 and badged >= 1  # the demo's LinkedIn comment slot carries a badge


def test_the_kind_and_status_are_not_cut_at_the_first_launch_size(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    show(qtbot, window, 1100, 700)
    for view, _row, card, geo in every_card(window):
        fm = QFontMetrics(window.week_view.delegate.fonts(view.font()).small)
        for rect, text in geo.meta:
            assert "…" not in text, text
            assert fm.horizontalAdvance(text) <= rect.width()
        words = " · ".join(t for _r, t in geo.meta).replace(" · ", "|").split("|")
        assert card.post is None or card.post.kind.value in words


def test_post_text_grows_into_an_empty_column(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    show(qtbot, window, 1100, 700)
    friday = window.week_view.views[4]
    geo = next(geo for view, _row, card, geo in every_card(window)
               if view is friday and card.post is not None and len(card.post.text) > 200)
    assert geo.text_lines >= 5
    last = friday.visualRect(friday.model().index(friday.model().rowCount() - 1, 0))
    assert last.bottom() < friday.viewport().height()  # and the column still shows everything
    # A full column keeps two lines per post, so every card stays reachable with little scrolling.
    wednesday = window.week_view.views[2]
    assert wednesday.text_lines <= friday.text_lines


def card_image(view: DayView, row: int) -> tuple[QImage, QRect]:
    rect = view.visualRect(view.model().index(row, 0))
    return view.viewport().grab(rect).toImage(), QRect(0, 0, rect.width(), rect.height())


def ring(image: QImage, depth: int) -> list[QColor]:
    """Pixels `depth` px inside the card's top, right and bottom edges (the left is the strip)."""
    margin = 2
    w, h = image.width(), image.height()
    points = [(x, margin + depth) for x in range(20, w - 20, 3)]
    points += [(w - 1 - margin - depth, y) for y in range(12, h - 12, 3)]
    points += [(x, h - 1 - margin - depth) for x in range(20, w - 20, 3)]
    return [image.pixelColor(x, y) for x, y in points]


def fill_of(image: QImage) -> QColor:
    """The card's most common colour: its fill."""
    counts: dict[int, int] = {}
    for y in range(6, image.height() - 6, 2):
        for x in range(12, image.width() - 6, 2):
            rgb = image.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
    return QColor.fromRgb(max(counts, key=lambda k: counts[k]))


@pytest.mark.parametrize("dark", [False, True])
def test_an_unselected_linkedin_slot_does_not_look_selected(qtbot, window: MainWindow, dark: bool) -> None:  # type: ignore[no-untyped-def]
    if dark:
        window.setPalette(dark_palette())
    show(qtbot, window, 1100, 700)
    window.refresh()
    QApplication.processEvents()
    view, row = next((v, r) for v, r, card, _g in every_card(window)
                     if card.is_slot and card.platform.id == "linkedin")
    highlight = view.palette().color(QPalette.ColorRole.Highlight)
    view.clearSelection()
    QApplication.processEvents()
    plain, _ = card_image(view, row)
    view.selectionModel().select(view.model().index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    QApplication.processEvents()
    selected, _ = card_image(view, row)
    # Unselected: nothing along the edge is the highlight colour (a light blue fill and blue
    # border passed for a selection before). Selected: a thick outline in it.
    assert min(distance(c, highlight) for depth in (0, 1, 2) for c in ring(plain, depth)) > 80
    for depth in (0, 1, 2):
        colours = ring(selected, depth)
        close = [c for c in colours if distance(c, highlight) < 40]
        assert len(close) > 0.8 * len(colours), depth
    assert distance(fill_of(plain), fill_of(selected)) > 45


def test_an_x_card_keeps_its_black_and_an_outline_on_a_dark_theme(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.setPalette(dark_palette())
    show(qtbot, window, 1100, 700)
    window.refresh()
    QApplication.processEvents()
    view, row, card, geo = next((v, r, c, g) for v, r, c, g in every_card(window)
                                if c.post is not None and c.platform.id == "x")
    image, _ = card_image(view, row)
    brand = QColor(card.platform.colour)
    middle = image.pixelColor(geo.card.left() - view.visualRect(view.model().index(row, 0)).left() + 4,
                              image.height() // 2)
    assert distance(middle, brand) < 25  # the platform's own colour, not a grey stand-in
    base = view.palette().color(QPalette.ColorRole.Base)
    column = image.pixelColor(0, image.height() // 2)
    strip_edge = [image.pixelColor(x, image.height() // 2) for x in range(2, 10)]
    assert max(contrast(c, base) for c in strip_edge) > 2.0  # outlined: it does not vanish
    assert column.isValid()


def test_previous_and_next_arrows_follow_a_dark_palette(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.setPalette(dark_palette())
    show(qtbot, window, 1100, 700)
    background = window.palette().color(QPalette.ColorRole.Button)
    for action_id in (ActionId.PREVIOUS_WEEK, ActionId.NEXT_WEEK):
        image = window.registry[action_id].icon().pixmap(16, 16).toImage()
        inked = [image.pixelColor(x, y) for x in range(16) for y in range(16)
                 if image.pixelColor(x, y).alpha() > 200]
        assert inked, action_id
        assert min(contrast(c, background) for c in inked) > 4.0


def test_the_header_says_the_dates_then_the_week_once(window: MainWindow) -> None:
    text = re.sub(r"<[^>]+>", "", window.week_label.text()).replace("&nbsp;", " ")
    assert " ".join(text.split()) == "23–29 November 2026 · Week 48"
    assert window.windowTitle().startswith("23–29 November 2026 · Week 48")


def test_how_to_add_a_post_is_said_once(qtbot, window: MainWindow, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    show(qtbot, window, 1100, 700)
    assert not any("Double-click" in v.placeholder() for v in window.week_view.views)
    window.go_to(Week.parse("2026-W30", BERLIN))  # before the demo: nothing planned
    hints = [v.placeholder() for v in window.week_view.views]
    assert all(h.startswith("Nothing planned") for h in hints)
    assert sum("Double-click" in h for h in hints) == 1
    assert all("Double-click" in v.toolTip() for v in window.week_view.views)


def test_a_thread_card_reads_as_its_parts_and_says_it_is_a_thread(window: MainWindow) -> None:
    from dataclasses import replace

    from app.domain.items import Post, join_thread
    from app.services import edits
    from app.ui.card_delegate import CardDelegate

    post = next(c.post for d in window.week_model.days for c in d.cards()
                if c.post is not None and c.post.platform == "x")
    assert isinstance(post, Post)
    thread = replace(post, text=join_thread(("First part of the walk.", "Second part, the hill.")))
    window.run_edit("edit post", lambda: edits.update_item(window.repo, thread))
    card = next(c for d in window.week_model.days for c in d.cards()
                if c.post is not None and c.post.id == post.id)
    text, _slanted = CardDelegate.post_text(card)
    assert "---" not in text
    assert text == "First part of the walk. / Second part, the hill."
    assert "thread of 2" in CardDelegate.meta_words(card)
