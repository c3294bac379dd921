"""What the Settings and Goals windows save, and a file imported from the window, is one step
on Edit > Undo: undo puts back what was stored before, redo what was saved, and the window
follows each time."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from app.exchange.csv_format import HEADER
from app.rules.settings import RuleSettings
from app.storage.repository import Repository
from app.ui.actions import ActionId
from app.ui.main_window import MainWindow
from tests.gui.conftest import add_goal_row

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _posts_on(repo: Repository, handle: str) -> set[int]:
    posts, _ = repo.items_between(datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    return {p.id for p in posts if p.account == handle and p.id is not None}


def test_settings_are_undone_and_redone_as_one_step(window: MainWindow, demo_repo: Repository) -> None:
    rules_before = RuleSettings.load(demo_repo)
    on_ana = _posts_on(demo_repo, "ana-lopes")
    assert on_ana  # the demo plans posts on her account
    dialog = window.open_settings()
    dialog.preset.setCurrentIndex(dialog.preset.findData("80/20"))
    dialog.week_start.setCurrentIndex(dialog.week_start.findData("sunday"))
    table = dialog.account_table
    dialog.account_table.setCurrentCell(
        next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "ana-lopes"), 1)
    dialog._remove_account()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert demo_repo.setting("week_start") == "sunday"
    assert "ana-lopes" not in {a.handle for a in demo_repo.accounts()}
    assert not _posts_on(demo_repo, "ana-lopes")
    assert window.undo_stack.undoText() == "change settings"

    window.undo_stack.undo()
    assert RuleSettings.load(demo_repo) == rules_before
    assert demo_repo.setting("week_start") is None
    assert window.week.days[0].weekday() == 0  # the window is back on Mondays
    assert "ana-lopes" in {a.handle for a in demo_repo.accounts()}
    assert _posts_on(demo_repo, "ana-lopes") == on_ana  # her posts are hers again

    window.undo_stack.redo()
    assert RuleSettings.load(demo_repo).preset == "80/20"
    assert window.week.days[0].weekday() == 6
    assert not _posts_on(demo_repo, "ana-lopes")


def test_goals_are_undone_and_redone_as_one_step(window: MainWindow, demo_repo: Repository) -> None:
    before = demo_repo.goals("2026-W48")
    dialog = window.open_goals()
    add_goal_row(dialog, "instagram", 2, "reply")
    dialog.remove_row(0)
    dialog.box.button(QDialogButtonBox.StandardButton.Ok).click()
    after = demo_repo.goals("2026-W48")
    assert after != before and any(g.platform == "instagram" and g.subject == "reply" for g in after)
    assert window.undo_stack.undoText() == "change the goals of 2026-W48"

    window.undo_stack.undo()
    assert demo_repo.goals("2026-W48") == before
    assert ("instagram", "reply") not in _measured(window)

    window.undo_stack.redo()
    assert demo_repo.goals("2026-W48") == after
    assert ("instagram", "reply") in _measured(window)


def _measured(window: MainWindow) -> set[tuple[str, str]]:
    return {(g.goal.platform, g.goal.subject) for g in window.mix_chart.goals}


def test_saving_settings_unchanged_adds_no_undo_step(window: MainWindow) -> None:
    window.open_settings().buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    steps = window.undo_stack.count()  # the first save may store the defaults it showed
    window.open_settings().buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert window.undo_stack.count() == steps


def test_an_import_from_the_window_is_undone_and_redone_as_one_step(
    window: MainWindow, demo_repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.storage import backlog

    week_csv = tmp_path / "week.csv"
    week_csv.write_text("\r\n".join([
        HEADER,
        "post,2026-11-25,09:00,Europe/Berlin,x,,own,scheduled,,,Imported post,,,",
        "slot,2026-11-26,17:00,Europe/Berlin,x,,reply,,20,,,,,",
        "post,,,,x,,own,,,,An idea for later,,,",
    ]) + "\r\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(week_csv), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: QMessageBox.StandardButton.Ok)
    count, ideas = demo_repo.count(), len(backlog.ideas(demo_repo))
    window.registry[ActionId.IMPORT_CSV].trigger()
    assert demo_repo.count() == count + 2 and len(backlog.ideas(demo_repo)) == ideas + 1
    assert window.undo_stack.undoText() == "import week.csv"
    assert any(c.post is not None and c.post.text == "Imported post" for c in _cards(window))

    window.undo_stack.undo()
    assert demo_repo.count() == count and len(backlog.ideas(demo_repo)) == ideas
    assert not any(c.post is not None and c.post.text == "Imported post" for c in _cards(window))

    window.undo_stack.redo()
    assert demo_repo.count() == count + 2 and len(backlog.ideas(demo_repo)) == ideas + 1
    assert any(c.post is not None and c.post.text == "Imported post" for c in _cards(window))


def _cards(window: MainWindow) -> list[Any]:
    return [card for day in window.week_model.days for card in day.cards()]
