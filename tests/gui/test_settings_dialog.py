"""Settings are written to the database (shared with the command line) and read back."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.rules.settings import RuleSettings
from app.storage.repository import Repository
from app.ui.main_window import MainWindow
from app.ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_settings_persist_and_apply(qtbot, window: MainWindow, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    promo_before = sum(f.rule == "promo-ratio" for f in window.findings)
    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog)
    dialog.preset.setCurrentIndex(dialog.preset.findData("80/20"))
    assert dialog.thresholds["promo_ratio"].value() == pytest.approx(0.2)
    dialog.rule_boxes["cross-blast"].setChecked(False)
    dialog.week_start.setCurrentIndex(dialog.week_start.findData("sunday"))
    table = dialog.platform_table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "linkedin")
    table.item(row, 3).setText("3")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    rules = RuleSettings.load(demo_repo)
    assert rules.promo_ratio == pytest.approx(0.2) and rules.preset == "80/20"
    assert "cross-blast" in rules.disabled
    assert demo_repo.setting("week_start") == "sunday"
    assert demo_repo.platforms()["linkedin"].daily_cap == 3
    # The window follows at once: weeks start on Sunday, a stricter share finds more.
    assert window.week.days[0].weekday() == 6
    assert sum(f.rule == "promo-ratio" for f in window.findings) > promo_before
    assert not any(f.rule == "cross-blast" for f in window.findings)

    again = SettingsDialog(demo_repo, window)
    qtbot.addWidget(again)
    assert again.preset.currentData() == "80/20"
    assert not again.rule_boxes["cross-blast"].isChecked()
    assert again.week_start.currentData() == "sunday"


def test_bad_values_keep_ok_disabled_with_the_reason(qtbot, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(demo_repo)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    dialog.zone.setText("Atlantis/Capital")
    assert not ok.isEnabled() and "Atlantis/Capital" in dialog.error.text()
    dialog.zone.setText("Europe/Lisbon")
    table = dialog.platform_table
    table.item(0, 2).setText("many")
    assert not ok.isEnabled() and "Platforms, row 1: text limit 'many'" in dialog.error.text()
    table.item(0, 2).setText("")
    assert ok.isEnabled()


def test_accounts_can_be_added_with_their_use(qtbot, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(demo_repo)
    qtbot.addWidget(dialog)
    dialog._add_account_row(None)
    r = dialog.account_table.rowCount() - 1
    dialog.account_table.item(r, 1).setText("ana-threads")
    dialog.account_table.cellWidget(r, 0).setCurrentIndex(
        dialog.account_table.cellWidget(r, 0).findData("threads"))
    dialog.account_table.cellWidget(r, 2).setCurrentIndex(
        dialog.account_table.cellWidget(r, 2).findData("personal"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    found = [a for a in demo_repo.accounts() if a.handle == "ana-threads"]
    assert [(a.platform, a.use.value) for a in found] == [("threads", "personal")]
