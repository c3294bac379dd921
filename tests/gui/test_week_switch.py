"""Switching weeks: the cards come first, the week's findings and badges right after, a
week read ahead or seen before is shown at once, and never as it was before a change."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.domain.items import Post, PostKind, PostStatus
from app.domain.weeks import Week
from app.services import edits
from app.storage.repository import Repository
from app.ui.main_window import MainWindow
from app.ui.week_model import CardRole

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _ids(win: MainWindow) -> set[int]:
    return {model.index(r, 0).data(CardRole.ITEM_ID) for model in win.week_model.days
            for r in range(model.rowCount())}


def _badged(win: MainWindow) -> set[int]:
    return {card.item_id for model in win.week_model.days
            for card in (model.index(r, 0).data(CardRole.CARD) for r in range(model.rowCount()))
            if card.severity}


def _problems(win: MainWindow) -> set[str]:
    model = win.findings_panel.model
    return {model.index(r, 0).data() for r in range(model.rowCount())}


def test_a_week_switched_to_shows_its_findings_and_badges_after_its_cards(
        qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show()
    demo = window.week
    badged, problems = _badged(window), _problems(window)
    assert badged and problems
    window.go_to(demo.shifted(1))
    qtbot.waitUntil(lambda: not _problems(window) or _problems(window) != problems)
    window.go_to(demo)  # back: the same findings, the same cards badged
    qtbot.waitUntil(lambda: _problems(window) == problems)
    assert _badged(window) == badged
    assert window.advice is not None and window.advice.plan.week == demo


def test_a_week_changed_elsewhere_while_another_was_shown_is_read_again(
        qtbot, window: MainWindow, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    window.show()
    demo = window.week
    window.go_to(demo.shifted(1))
    assert demo.label in window._weeks  # kept, as read before the change below
    assert demo_repo.path is not None
    with Repository.open(demo_repo.path) as other:  # the command line, say
        added = other.add(Post("mastodon", datetime(2026, 11, 25, 10, tzinfo=demo.zone),
                               PostKind.OWN, PostStatus.DRAFT, "written in another program"))
    window.go_to(demo)
    assert added.id in _ids(window)


def test_an_edit_in_the_window_is_shown_after_going_away_and_back(
        qtbot, window: MainWindow, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    window.show()
    demo = window.week
    before = _ids(window)
    post = Post("x", datetime(2026, 11, 26, 9, tzinfo=demo.zone), PostKind.OWN, PostStatus.DRAFT,
                "added here")
    window.run_edit("add post", lambda: edits.add_item(demo_repo, post))
    added = _ids(window) - before
    assert len(added) == 1
    window.go_to(Week.parse("2026-W49", demo.zone))
    qtbot.waitUntil(lambda: window.advice is not None and window.advice.plan.week != demo)
    window.go_to(demo)
    assert added <= _ids(window)
