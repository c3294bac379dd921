"""Switching weeks: the cards come first, the week's findings and badges right after, a
week read ahead or seen before is shown at once, and never as it was before a change."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

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


def test_a_week_read_without_margins_then_with_them_is_the_week_read_at_once(
        demo_repo: Repository) -> None:
    from datetime import timedelta

    from app.domain.items import Activity, Slot
    from app.ui.main_window import _with_margins

    week = Week.parse("2026-W48", ZoneInfo("Europe/Berlin"))
    zone = week.zone
    # Items on both sides of the week's edges, and a routine running across them, ticked.
    routine = demo_repo.add(Slot("x", datetime(2026, 11, 1, 23, 30, tzinfo=zone), 30, Activity.REPLY,
                                 "FREQ=DAILY"))
    for day in (21, 22, 23, 29, 30, 1):
        month = 12 if day == 1 else 11
        demo_repo.add(Post("x", datetime(2026, month, day, 23, 45, tzinfo=zone), PostKind.OWN,
                           PostStatus.DRAFT, f"edge {day}"))
        demo_repo.set_done(routine.id, datetime(2026, month, day, 23, 30, tzinfo=zone))
    whole = demo_repo.load_plan(week)
    stepwise = _with_margins(demo_repo, demo_repo.load_plan(week, timedelta(0)))
    assert stepwise.margin == whole.margin
    assert stepwise.posts == whole.posts
    # Each read carries the ticks of its own span: every occurrence's own tick is there.
    def seen(plan: object) -> list[tuple[object, ...]]:
        return [(o.id, o.start, o.done, o.platform, o.activity, o.slot.duration_min)
                for o in plan.occurrences]  # type: ignore[attr-defined]

    assert seen(stepwise) == seen(whole)
    assert any(o.done for o in stepwise.occurrences if not week.contains(o.start))
