"""The week mix beside the findings: every goal shown and readable, names never cut, the
panel usable in a narrow window, and the chart following an editor's unsaved changes."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, QSettings
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from app.domain.items import Activity, Goal, GoalMetric, PostKind
from app.storage.repository import Repository
from app.ui.main_window import SIDE_MIN_WIDTH, MainWindow
from app.ui.mix_chart import MixChart
from app.ui.week_view import DAY_MIN_WIDTH
from tests.gui.conftest import WEEK

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def four_goals(demo_repo: Repository) -> Repository:
    demo_repo.save_goal(Goal(WEEK, "instagram", 3, Activity.REPLY.value, GoalMetric.AT_LEAST))
    return demo_repo


def first_launch(qtbot, repo: Repository, layout: QSettings, width: int, height: int) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window with no saved layout, at the given size, as a new user sees it."""
    from app.domain.weeks import Week
    from tests.gui.conftest import BERLIN

    win = MainWindow(repo, layout, Week.parse(WEEK, BERLIN))
    qtbot.addWidget(win)
    win.poll.stop()
    win.resize(width, height)
    win.show()
    qtbot.waitExposed(win)
    QApplication.processEvents()
    return win


def readable(chart: MixChart) -> None:
    """Every word of the chart fits the place it is drawn in, inside the chart."""
    font = QFont(chart.font())
    small = QFont(font)
    small.setPointSizeF(max(font.pointSizeF() * 0.88, 7))
    bold = QFont(font)
    bold.setBold(True)
    layout = chart.chart_layout(chart.width())
    for piece in layout.pieces:
        if not piece.text:
            continue
        fm = QFontMetrics(bold if piece.kind == "title" else small if piece.small else font)
        room = piece.rect.width() - (13 if piece.kind == "legend" else 0)
        assert fm.horizontalAdvance(piece.text) <= room, piece
        assert piece.rect.right() < chart.width(), piece


def test_every_goal_shows_whole_at_the_first_launch_size(qtbot, four_goals: Repository,  # type: ignore[no-untyped-def]
                                                        layout: QSettings) -> None:
    win = first_launch(qtbot, four_goals, layout, 1100, 700)
    chart = win.mix_chart
    assert len(chart.goals) == 4
    readable(chart)
    pieces = chart.chart_layout(chart.width())
    assert {p.row for p in pieces.of("goal")} == {0, 1, 2, 3}
    assert {p.row for p in pieces.of("goal-bar")} == {0, 1, 2, 3}
    viewport = win.chart_area.viewport()
    for piece in pieces.of("goal") + pieces.of("count"):  # visible without scrolling
        top_left = chart.mapTo(viewport, piece.rect.topLeft())
        bottom_right = chart.mapTo(viewport, piece.rect.bottomRight())
        assert viewport.rect().contains(top_left) and viewport.rect().contains(bottom_right), piece


def test_the_window_is_usable_at_800_by_600(qtbot, four_goals: Repository, layout: QSettings) -> None:  # type: ignore[no-untyped-def]
    win = first_launch(qtbot, four_goals, layout, 800, 600)
    smallest = win.minimumSize().expandedTo(win.minimumSizeHint())
    assert smallest.width() <= 800 and smallest.height() <= 600
    assert win.width() == 800
    side = win.splitter.widget(1)
    assert side.width() >= SIDE_MIN_WIDTH
    assert win.findings_panel.width() >= SIDE_MIN_WIDTH - 10
    # The days keep a readable width and the week scrolls sideways instead.
    assert all(v.width() >= DAY_MIN_WIDTH for v in win.week_view.views)
    assert win.week_scroll.horizontalScrollBar().maximum() > 0
    sunday = win.week_view.views[6]
    win.week_view.focus_day(6)  # as Right from Saturday does: the week scrolls to show it
    left = sunday.mapTo(win.week_scroll.viewport(), QPoint(0, 0)).x()
    assert left >= 0 and left + sunday.width() <= win.week_scroll.viewport().width()
    readable(win.mix_chart)
    names = {p.text for p in win.mix_chart.chart_layout(win.mix_chart.width()).of("name")}
    assert names == {"X", "Mastodon", "LinkedIn", "Instagram"}
    # ... and at the smallest size the window allows.
    win.resize(smallest)
    QApplication.processEvents()
    assert side.width() >= SIDE_MIN_WIDTH
    readable(win.mix_chart)


def test_goal_words_wrap_rather_than_being_cut_in_a_narrow_chart(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    chart = MixChart()
    qtbot.addWidget(chart)
    assert window.plan is not None
    chart.set_plan(window.plan)
    chart.resize(180, 400)
    readable(chart)
    pieces = chart.chart_layout(180)
    words = " ".join(p.text for p in pieces.of("goal") if p.row == 0)
    assert words == chart.goal_label(chart.goals[0])
    assert chart.heightForWidth(180) > chart.heightForWidth(400)


def test_the_mix_follows_the_editor_before_anything_is_saved(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    def promo_on(platform: str) -> int:
        return next(r.kinds["promo"] for r in window.mix_chart.rows if r.platform == platform)

    before = promo_on("mastodon")
    editor = window.new_post(date(2026, 11, 26))
    editor.platform.setCurrentIndex(editor.platform.findData("mastodon"))
    editor.kind.setCurrentIndex(editor.kind.findData(PostKind.PROMO.value))
    qtbot.keyClicks(editor.text, "The course opens today")
    qtbot.waitUntil(lambda: promo_on("mastodon") == before + 1)
    editor.reject()  # closing the editor shows the saved week again
    qtbot.waitUntil(lambda: promo_on("mastodon") == before)
