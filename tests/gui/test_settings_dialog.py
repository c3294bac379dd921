"""Settings are written to the database (shared with the command line) and read back."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QPushButton, QToolButton

from app.domain.weeks import Week
from app.rules.settings import RuleSettings
from app.services.config import thresholds
from app.storage.repository import Repository
from app.ui.main_window import MainWindow
from app.ui.palette import contrast
from app.ui.settings_dialog import SHOWN, SettingsDialog
from tests.gui.conftest import BERLIN

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
    dialog.zone.setEditText("Atlantis/Capital")
    assert not ok.isEnabled() and "Atlantis/Capital" in dialog.error.text()
    dialog.zone.setEditText("Europe/Lisbon")
    table = dialog.platform_table
    table.item(0, 2).setText("many")
    assert not ok.isEnabled()
    assert dialog.error.text() == ("Platforms, row 1, text limit: "
                                   "must be a whole number from 1, or none, not 'many'")
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


def ok_button(dialog: SettingsDialog):  # type: ignore[no-untyped-def]
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_rules_and_shares_read_in_plain_words(qtbot, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(demo_repo)
    qtbot.addWidget(dialog)
    promo = dialog.thresholds["promo_ratio"]
    assert promo.currentText() == "1 in 3"  # not 0.333
    assert dialog.preset.currentText() == "Rule of thirds: at most 1 in 3"
    assert dialog.thresholds["bare_reshare_share"].currentText() == "1 in 2"
    assert dialog.rule_boxes["promo-ratio"].text() == "Too much self-promotion"
    assert dialog.rule_boxes["engagement-gap"].text() == "Promo day without time to answer"
    assert not any(rule in box.text() for rule, box in dialog.rule_boxes.items())
    # Every threshold shows its line of explanation, and each rule says why it exists.
    lines = {label.text() for label in dialog.findChildren(QLabel)}
    assert all(f"{s.explanation}." in lines for s in thresholds())
    why = dialog.why["link-repeat"]
    assert why.isHidden()
    button = next(b for b in dialog.findChildren(QToolButton)
                  if b.accessibleName() == "Why: Same link again too soon")
    button.click()
    assert not why.isHidden() and "three days" in why.text()


def test_a_share_is_typed_as_people_say_it_and_follows_the_presets(qtbot, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(demo_repo)
    qtbot.addWidget(dialog)
    promo = dialog.thresholds["promo_ratio"]
    promo.setEditText("1/5")
    assert dialog.preset.currentData() == "80/20"
    promo.setEditText("25%")
    assert dialog.preset.currentText() == "A share of your own"
    dialog.preset.setCurrentIndex(dialog.preset.findData("4-1-1"))
    assert promo.currentText() == "1 in 6"
    dialog.thresholds["bare_reshare_share"].setEditText("2 in 3")
    ok_button(dialog).click()
    rules = RuleSettings.load(demo_repo)
    assert rules.preset == "4-1-1" and rules.bare_reshare_share == pytest.approx(2 / 3)


def test_the_window_and_the_command_line_refuse_a_bad_share_alike(  # type: ignore[no-untyped-def]
        qtbot, demo_repo: Repository, db_path) -> None:
    before = demo_repo.setting("rules")
    dialog = SettingsDialog(demo_repo)
    qtbot.addWidget(dialog)
    dialog.thresholds["promo_ratio"].setEditText("lots")
    reason = """must be a share like "1 in 3" or 33%, not 'lots'"""
    assert dialog.error.text() == f"Promo posts at most: {reason}"
    assert not ok_button(dialog).isEnabled()
    dialog.done(QDialog.DialogCode.Accepted)  # Enter on a disabled OK writes nothing either
    out = subprocess.run([sys.executable, "-m", "app", "config", "--db", str(db_path), "rules.promo_ratio",
                          "lots"], capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 2 and out.stderr == f"presence: rules.promo_ratio: {reason}\n"
    assert demo_repo.setting("rules") == before


def test_the_zone_picker_lists_every_zone_and_finds_one_by_any_part(qtbot, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(demo_repo)
    qtbot.addWidget(dialog)
    picker = dialog.zone
    assert isinstance(picker, QComboBox) and picker.count() == len(available_timezones())
    completer = picker.completer()
    completer.setCompletionPrefix("berl")
    found = [completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())]
    assert found == ["Europe/Berlin"]
    completer.setCompletionPrefix("NEW_Y")
    assert completer.completionModel().index(0, 0).data() == "America/New_York"
    picker.setEditText("europe/lisbon")  # typed without capitals
    offset = datetime.now(ZoneInfo("Europe/Lisbon")).strftime("%z")
    assert ok_button(dialog).isEnabled() and f"(UTC{offset[:3]}:{offset[3:]})" in dialog.zone_now.text()
    ok_button(dialog).click()
    assert demo_repo.setting("zone") == "Europe/Lisbon"


def test_a_hidden_platform_leaves_the_editors_but_keeps_its_posts(qtbot, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    from app.ui.post_editor import PostEditor, default_post

    dialog = SettingsDialog(demo_repo)
    qtbot.addWidget(dialog)
    table = dialog.platform_table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "instagram")
    table.item(row, SHOWN).setCheckState(Qt.CheckState.Unchecked)
    ok_button(dialog).click()
    platforms = demo_repo.platforms()
    assert platforms["instagram"].hidden and not platforms["x"].hidden

    new = PostEditor(platforms, demo_repo.accounts(),
                     default_post("x", datetime(2026, 11, 24, 9, tzinfo=BERLIN)))
    qtbot.addWidget(new)
    listed = [new.platform.itemData(i) for i in range(new.platform.count())]
    assert "instagram" not in listed and "x" in listed and "linkedin" in listed
    planned = next(p for p in demo_repo.load_plan(Week.parse("2026-W48", BERLIN)).week_posts()
                   if p.platform == "instagram")
    old = PostEditor(platforms, demo_repo.accounts(), planned)
    qtbot.addWidget(old)
    assert old.platform.currentText() == "Instagram"  # a post already there keeps its platform
    again = SettingsDialog(demo_repo)
    qtbot.addWidget(again)
    assert again.shown_platforms()["instagram"] is False and again.shown_platforms()["x"] is True


def test_a_platform_is_added_with_its_name_limit_cap_and_colour(qtbot, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(demo_repo)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(2)
    next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Add platform").click()
    table = dialog.platform_table
    r = table.rowCount() - 1
    assert not ok_button(dialog).isEnabled()
    assert dialog.error.text() == f"Platforms, row {r + 1}: give the platform a name"
    table.item(r, 1).setText("Slow Roads Forum")
    assert table.item(r, 0).text() == "slow-roads-forum"  # the id follows the name
    table.item(r, 2).setText("2000")
    table.item(r, 3).setText("2")
    ok_button(dialog).click()
    added = demo_repo.platforms()["slow-roads-forum"]
    assert (added.name, added.text_limit, added.daily_cap) == ("Slow Roads Forum", 2000, 2)
    assert not added.hidden


def test_every_platform_hidden_is_refused(qtbot, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(demo_repo)
    qtbot.addWidget(dialog)
    for r in range(dialog.platform_table.rowCount()):
        dialog.platform_table.item(r, SHOWN).setCheckState(Qt.CheckState.Unchecked)
    assert not ok_button(dialog).isEnabled()
    assert dialog.error.text() == ("Platforms: "
                                   "keep at least one platform shown, or there is nowhere to plan a post")


def test_a_black_swatch_stays_visible_on_a_dark_palette(qtbot, qapp, demo_repo: Repository) -> None:  # type: ignore[no-untyped-def]
    old = qapp.palette()
    dark = QPalette(old)
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.Base, "#1e1e1e"),
                         (QPalette.ColorRole.Text, "#e6e6e6"), (QPalette.ColorRole.WindowText, "#e6e6e6")):
        dark.setColor(role, QColor(colour))
    qapp.setPalette(dark)
    try:
        dialog = SettingsDialog(demo_repo)
        qtbot.addWidget(dialog)
        table = dialog.platform_table
        row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "x")
        image = table.item(row, 4).icon().pixmap(12, 12).toImage()
        base = table.palette().color(QPalette.ColorRole.Base)
        edge = [image.pixelColor(0, y) for y in range(12)] + [image.pixelColor(x, 0) for x in range(12)]
        assert min(contrast(c, base) for c in edge) >= 3.0
        assert contrast(image.pixelColor(6, 6), QColor("#1d1d1f")) < 1.1  # filled with X's own colour
    finally:
        qapp.setPalette(old)


def test_a_hidden_platform_is_not_offered_for_new_posts_or_goals(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from app.ui.goals_dialog import GoalsDialog

    dialog = window.open_settings()
    table = dialog.platform_table
    for r in range(table.rowCount()):
        if table.item(r, 0).text() in ("x", "linkedin"):
            table.item(r, SHOWN).setCheckState(Qt.CheckState.Unchecked)
    assert table.item(0, SHOWN).text() == "hidden"
    ok_button(dialog).click()
    editor = window.new_post()
    listed = [editor.platform.itemData(i) for i in range(editor.platform.count())]
    assert "x" not in listed and "linkedin" not in listed and "mastodon" in listed
    assert editor.platform.currentData() == listed[0]
    editor.reject()
    goals = GoalsDialog(window.repo, window.week, window)
    qtbot.addWidget(goals)
    goals.add_row(None)
    combo = goals.table.cellWidget(goals.table.rowCount() - 1, 0)
    assert "x" not in [combo.itemData(i) for i in range(combo.count())]
