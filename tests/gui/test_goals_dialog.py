"""The Goals dialog: every text readable (issue 12: "..." and "conversation pos"), standing
goals told from this week's, and "Copy from the week before" that says when there is nothing."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QSpinBox,
    QStyle,
    QStyleOptionComboBox,
    QToolButton,
)

from app.domain.items import Goal, GoalMetric
from app.domain.weeks import Week
from app.storage.repository import Repository
from app.ui.goals_dialog import BOUND, EVERY_WEEK, PLATFORM, REMOVE, SUBJECT, TARGET, GoalsDialog

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week.parse("2026-W48", BERLIN)


def standing(platform: str, target: int, subject: str, since: str = "2026-W45",
             metric: GoalMetric = GoalMetric.AT_LEAST) -> Goal:
    return Goal(since, platform, target, subject, metric, since=since)


@pytest.fixture
def dialog(qtbot, repo: Repository) -> GoalsDialog:  # type: ignore[no-untyped-def]
    repo.save_goal(standing("linkedin", 10, "comment"))
    repo.save_goal(Goal("2026-W48", "instagram", 2, "conversation", GoalMetric.AT_MOST))
    repo.save_goal(Goal("2026-W48", "mastodon", 1, "conversation", GoalMetric.AT_LEAST))
    shown = GoalsDialog(repo, WEEK)
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    return shown


def widgets(dialog: GoalsDialog, r: int) -> tuple[QComboBox, QComboBox, QSpinBox, QComboBox, QCheckBox]:
    cells = [dialog.table.cellWidget(r, c) for c in (PLATFORM, BOUND, TARGET, SUBJECT, EVERY_WEEK)]
    return cells  # type: ignore[return-value]


def text_room(combo: QComboBox) -> int:
    """The width the combo box paints its current text in."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    return field.width()


def test_no_text_is_cut_at_the_size_the_dialog_opens(dialog: GoalsDialog) -> None:
    table = dialog.table
    header = table.horizontalHeader()
    for col in range(table.columnCount()):
        label = table.horizontalHeaderItem(col).text()
        assert header.fontMetrics().horizontalAdvance(label) < header.sectionSize(col), label
    for r in range(table.rowCount()):
        for c in (PLATFORM, BOUND, SUBJECT):
            combo = table.cellWidget(r, c)
            assert isinstance(combo, QComboBox)
            assert combo.width() <= table.columnWidth(c)
            metrics = combo.fontMetrics()
            widest = max(metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
            # Any choice fits, not only the current one: "conversation posts" whole.
            assert widest <= text_room(combo), (r, c, combo.currentText(), widest, text_room(combo))
        remove = table.cellWidget(r, REMOVE)
        assert isinstance(remove, QToolButton)
        assert remove.width() >= remove.sizeHint().width()
        assert remove.fontMetrics().horizontalAdvance("Remove") < remove.contentsRect().width()
    # The columns fit inside the table: nothing hides behind a sideways scroll bar.
    assert header.length() <= table.viewport().width()


def test_every_week_goals_are_told_from_this_week_s(dialog: GoalsDialog) -> None:
    rows = {widgets(dialog, r)[PLATFORM].currentData(): widgets(dialog, r)[EVERY_WEEK].isChecked()
            for r in range(dialog.table.rowCount())}
    assert rows == {"linkedin": True, "instagram": False, "mastodon": False}
    linkedin = next(r for r in range(dialog.table.rowCount())
                    if widgets(dialog, r)[PLATFORM].currentData() == "linkedin")
    assert "every week since 2026-W45" in widgets(dialog, linkedin)[EVERY_WEEK].toolTip()


def test_ticking_and_unticking_moves_a_goal_between_one_week_and_every_week(
    dialog: GoalsDialog, repo: Repository
) -> None:
    by_platform = {widgets(dialog, r)[PLATFORM].currentData(): r for r in range(dialog.table.rowCount())}
    widgets(dialog, by_platform["instagram"])[EVERY_WEEK].setChecked(True)
    widgets(dialog, by_platform["linkedin"])[EVERY_WEEK].setChecked(False)
    dialog.box.button(QDialogButtonBox.StandardButton.Ok).click()
    later = {(g.platform, g.standing, g.since) for g in repo.goals("2026-W52")}
    assert later == {("instagram", True, "2026-W48")}  # from this week on
    now = {(g.platform, g.standing) for g in repo.goals("2026-W48")}
    assert now == {("instagram", True), ("linkedin", False), ("mastodon", False)}


def test_a_new_goal_is_meant_to_last(dialog: GoalsDialog, repo: Repository) -> None:
    dialog.add_row(None)
    platform, _bound, target, subject, every = widgets(dialog, dialog.table.rowCount() - 1)
    assert every.isChecked()
    platform.setCurrentIndex(platform.findData("x"))
    subject.setCurrentIndex(subject.findData("promo"))
    target.setValue(2)
    dialog.box.button(QDialogButtonBox.StandardButton.Ok).click()
    assert ("x", "promo", True) in {(g.platform, g.subject, g.standing) for g in repo.goals("2027-W10")}


def test_two_rows_counting_the_same_thing_cannot_be_saved(dialog: GoalsDialog) -> None:
    dialog.add_row(Goal("2026-W48", "mastodon", 4, "conversation", GoalMetric.AT_LEAST))
    widgets(dialog, dialog.table.rowCount() - 1)[EVERY_WEEK].setChecked(False)
    ok = dialog.box.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    assert dialog.error.text() == "Goals 3 and 4 count the same thing; remove one."
    # As an every-week goal it is fine: this week's own goal overrides it.
    widgets(dialog, dialog.table.rowCount() - 1)[EVERY_WEEK].setChecked(True)
    assert ok.isEnabled() and dialog.error.text() == ""


def test_a_week_s_override_made_standing_joins_the_standing_goal(qtbot, repo: Repository) -> None:  # type: ignore[no-untyped-def]
    kept = repo.save_goal(standing("x", 2, "promo", metric=GoalMetric.AT_MOST))
    repo.save_goal(Goal("2026-W48", "x", 5, "promo", GoalMetric.AT_MOST))
    dialog = GoalsDialog(repo, WEEK)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1  # the override hides the standing goal this week
    widgets(dialog, 0)[EVERY_WEEK].setChecked(True)
    dialog.box.button(QDialogButtonBox.StandardButton.Ok).click()
    assert [(g.id, g.target, g.since) for g in repo.standing_goals()] == [(kept.id, 5, "2026-W45")]
    assert [(g.id, g.standing) for g in repo.goals("2026-W48")] == [(kept.id, True)]


def test_copy_from_the_week_before_says_when_there_is_nothing(qtbot, repo: Repository) -> None:  # type: ignore[no-untyped-def]
    repo.save_goal(standing("linkedin", 10, "comment"))
    dialog = GoalsDialog(repo, WEEK)
    qtbot.addWidget(dialog)
    dialog.copy_previous()
    assert dialog.table.rowCount() == 1
    assert dialog.error.text() == ("2026-W47 had no goals of its own to copy (its every-week goals "
                                   "already hold this week).")


def test_copy_from_the_week_before_copies_its_own_goals_once(qtbot, repo: Repository) -> None:  # type: ignore[no-untyped-def]
    repo.save_goal(Goal("2026-W47", "x", 2, "promo", GoalMetric.AT_MOST))
    dialog = GoalsDialog(repo, WEEK)
    qtbot.addWidget(dialog)
    dialog.copy_previous()
    assert dialog.error.text() == "Copied 1 goal from 2026-W47, for 2026-W48 only."
    platform, bound, target, _subject, every = widgets(dialog, 0)
    assert (platform.currentData(), bound.currentData(), target.value(), every.isChecked()) == (
        "x", "at_most", 2, False)
    dialog.copy_previous()
    assert dialog.table.rowCount() == 1
    assert dialog.error.text() == "The goals of 2026-W47 are already here; nothing copied."
