"""Cards are copied from pictures drawn once: a copied card looks exactly as a drawn one,
and a card whose post, badge or selection changed is never shown from an old picture."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from app.services import edits
from app.ui.main_window import MainWindow
from app.ui.week_model import CardRole

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _shot(win: MainWindow, col: int) -> QImage:
    view = win.week_view.views[col]
    view.viewport().repaint()
    return view.viewport().grab().toImage()


def _busiest(win: MainWindow) -> int:
    return max(range(7), key=lambda c: win.week_model.days[c].rowCount())


def _pictures_made(win: MainWindow) -> bool:
    delegate = win.week_view.delegate
    return not delegate._later and bool(delegate._pictures)


def test_a_card_copied_from_its_picture_looks_as_when_drawn(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show()
    col = _busiest(window)
    qtbot.waitUntil(lambda: _pictures_made(window))  # the columns laid out for good
    window.week_view.delegate._pictures.clear()
    drawn = _shot(window, col)  # no pictures now: every card drawn straight away
    qtbot.waitUntil(lambda: _pictures_made(window))
    copied = _shot(window, col)
    assert copied == drawn


def test_a_card_whose_post_changed_is_drawn_anew(qtbot, window: MainWindow, demo_repo) -> None:  # type: ignore[no-untyped-def]
    window.show()
    col = _busiest(window)
    qtbot.waitUntil(lambda: _pictures_made(window))
    before = _shot(window, col)
    model = window.week_model.days[col]
    card = next(model.card(r) for r in range(model.rowCount()) if model.card(r).post is not None)
    post = demo_repo.get(card.item_id)
    changed = post.with_(text="Changed: " + post.text)
    window.run_edit("edit post", lambda: edits.update_item(demo_repo, changed))
    after = _shot(window, col)
    assert after != before
    window.week_view.delegate._pictures.clear()  # drawn from nothing, for comparison
    assert _shot(window, col) == after


def test_selecting_a_card_shows_it_selected_though_its_picture_was_made(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show()
    col = _busiest(window)
    qtbot.waitUntil(lambda: _pictures_made(window))
    before = _shot(window, col)
    view = window.week_view.views[col]
    view.setCurrentIndex(view.model().index(0, 0))
    assert view.model().index(0, 0).data(CardRole.ITEM_ID) in window.week_view.selected_ids()
    assert _shot(window, col) != before
