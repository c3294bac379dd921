"""The month overview: the demo week's posts and minutes on the right days, findings and
today marked, and a click on a day opens its week."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.weeks import Week
from app.rules.engine import lint
from app.rules.settings import RuleSettings
from app.storage.repository import Repository
from app.ui.actions import ActionId
from app.ui.main_window import MainWindow
from tests.gui.conftest import BERLIN, WEEK

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def month_of(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    window.resize(1100, 700)
    window.show()
    qtbot.waitExposed(window)
    window.registry[ActionId.MONTH_VIEW].trigger()
    QApplication.processEvents()
    assert window.month_shown()
    return window.month_view


def test_view_month_is_a_menu_command_with_its_own_keys(window: MainWindow) -> None:
    action = window.registry[ActionId.MONTH_VIEW]
    assert action.isCheckable()
    assert action.shortcut().toString() == "Ctrl+Shift+M"
    view_menu = next(m for m in (a.menu() for a in window.menuBar().actions()) if m and "View" in m.title())
    assert action in view_menu.actions()
    keys = [s.toString() for _id, a in window.registry for s in a.shortcuts()]
    assert len(keys) == len(set(keys))  # no key runs two commands


def test_the_month_shows_the_demo_weeks_counts_on_the_right_days(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, demo_repo: Repository) -> None:
    month = month_of(qtbot, window)
    assert month.month_model.first == date(2026, 11, 1)
    assert "November 2026" in window.week_label.text()
    plan = demo_repo.load_plan(Week.parse(WEEK, BERLIN))
    posts = Counter((p.start.astimezone(BERLIN).date(), p.platform) for p in plan.week_posts() if p.counts)
    minutes: Counter[date] = Counter()
    for occ in plan.week_occurrences():
        minutes[occ.start.astimezone(BERLIN).date()] += occ.duration_min
    for day in plan.week.days:
        summary = month.month_model.summary(day)
        assert summary is not None and summary.in_month
        assert {p.platform: p.posts for p in summary.posts} == \
            {pid: n for (d, pid), n in posts.items() if d == day}
        assert summary.minutes == minutes[day]
        assert summary.minutes == 0 or f"{summary.minutes} min" in summary.describe()
    # The findings' days are marked, errors apart from warnings, as the week's lint says.
    findings = lint(plan, RuleSettings.load(demo_repo))
    error_days = {f.day for f in findings if f.severity == "error" and f.day}
    assert error_days
    for day in error_days:
        assert month.month_model.summary(day).errors > 0  # type: ignore[union-attr]
    quiet = [d for d in plan.week.days if not any(f.day == d for f in findings)]
    for day in quiet:
        summary = month.month_model.summary(day)
        assert summary is not None and summary.errors == summary.warnings == 0
    today = datetime.now(BERLIN).date()
    for summary in (month.month_model.summary(d) for w in month.month_model.weeks for d in w.days):
        assert summary is not None and summary.today == (summary.day == today)
    assert not month.month_model.summary(date(2026, 10, 31)).in_month  # type: ignore[union-attr]
    assert month.month_model.summary(date(2026, 10, 25)) is None  # only the weeks of the month


def test_clicking_a_day_opens_its_week(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    month = month_of(qtbot, window)
    index = month.month_model.index_of(date(2026, 11, 11))
    rect = month.visualRect(index)
    qtbot.mouseClick(month.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.week.label == "2026-W46"
    assert not window.month_shown()
    assert not window.registry[ActionId.MONTH_VIEW].isChecked()
    assert window.week_model.days[0].day == date(2026, 11, 9)


def test_previous_and_next_move_by_a_month_while_it_is_shown(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    month = month_of(qtbot, window)
    window.registry[ActionId.NEXT_WEEK].trigger()
    assert month.month_model.first == date(2026, 12, 1)
    assert "December 2026" in window.windowTitle()
    window.registry[ActionId.PREVIOUS_WEEK].trigger()
    window.registry[ActionId.PREVIOUS_WEEK].trigger()
    assert month.month_model.first == date(2026, 10, 1)
    window.registry[ActionId.MONTH_VIEW].trigger()  # back to the week, where it was
    assert window.week.label == WEEK
    assert window.windowTitle().startswith("23–29 November 2026")


def test_the_month_model_is_a_well_behaved_table(qtbot, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    month = month_of(qtbot, window)
    model = month.month_model
    assert model.rowCount() == 6 and model.columnCount() == 7  # 26 Oct – 6 Dec 2026
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Mon"
    assert model.headerData(5, Qt.Orientation.Vertical) == "W49"
    qtmodeltester.check(model)
