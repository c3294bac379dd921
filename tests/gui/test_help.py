"""Help as a new user meets it: every shortcut listed, every rule explained in plain words."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from app.rules.explain import RULE_NAMES, explanation
from app.rules.settings import RULE_IDS
from app.ui.actions import MENUS, ActionId
from app.ui.help_dialogs import RULE_SEVERITY, AdviceDialog, ShortcutsDialog, WhyDialog
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _texts(dialog: ShortcutsDialog) -> list[tuple[str, str]]:
    out = []
    tree = dialog.tree
    for g in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(g)
        for r in range(group.childCount()):
            out.append((group.child(r).text(0), group.child(r).text(1)))
    return out


def test_the_help_menu_offers_shortcuts_the_advice_and_about(window: MainWindow) -> None:
    help_menu = next(m for m in window.menuBar().actions() if m.text() == "&Help").menu()
    texts = [a.text() for a in help_menu.actions() if not a.isSeparator()]
    assert texts == ["&Keyboard shortcuts", "About the &advice", "&About Presence"]


def test_keyboard_shortcuts_lists_every_command_that_has_keys(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.registry[ActionId.SHORTCUTS].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ShortcutsDialog) and w.isVisible())
    rows = _texts(dialog)
    native = QKeySequence.SequenceFormat.NativeText
    shown = dict(rows)
    in_menus = [i for _title, ids in MENUS for i in ids if i is not None]
    for action_id in in_menus:
        action = window.registry[action_id]
        if action.shortcuts():
            name = action.text().replace("&", "").removesuffix("...")
            assert action.shortcuts()[0].toString(native) in shown[name].split(", ")
    assert shown["Undo"].split(", ")[0] == QKeySequence(QKeySequence.StandardKey.Undo).toString(native)
    assert shown["Previous week"] == "Alt+Left, Ctrl+PgUp"
    assert shown["New post"] == "Ctrl+N"  # not the "New" key of multimedia keyboards
    assert any(name == "Move to the neighbouring day" for name, _k in rows)
    dialog.reject()


def test_a_new_command_shows_up_in_the_list_without_retyping_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.registry[ActionId.GOALS].setShortcut(QKeySequence("Ctrl+G"))
    dialog = window.show_shortcuts()
    assert ("Goals of the week", "Ctrl+G") in _texts(dialog)
    dialog.reject()


def test_about_the_advice_names_explains_and_grades_every_rule(window: MainWindow) -> None:
    window.registry[ActionId.ABOUT_ADVICE].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, AdviceDialog) and w.isVisible())
    text = dialog.text.toPlainText()
    for rule in RULE_IDS:
        assert RULE_NAMES[rule] in text
        assert explanation(rule) in text
        assert rule not in text  # plain words, no ids
    assert text.index("Same link in a burst") < text.index("Too much self-promotion") \
        < text.index("Only echoing others")  # errors, then warnings, then notes
    for word in ("error", "warning", "note"):
        assert f"\N{BLACK CIRCLE} {word}" in text
    dialog.reject()


def test_the_severity_told_in_help_is_the_one_the_rules_report(window: MainWindow) -> None:
    assert set(RULE_SEVERITY) == set(RULE_IDS)
    seen = {f.rule: f.severity for f in window.findings}
    assert len(seen) >= 8
    for rule, severity in seen.items():
        assert RULE_SEVERITY[rule] is severity, rule


def test_why_explains_one_rule_and_leads_to_all_of_them(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = window.explain_rule("engagement-gap")
    assert isinstance(dialog, WhyDialog)
    assert dialog.windowTitle() == "Why: Promo day without time to answer"
    assert dialog.text.text() == explanation("engagement-gap")
    dialog.reject()
    dialog = window.explain_rule("no-engagement")  # its words hold an apostrophe
    assert "people's" in explanation("no-engagement")
    assert dialog.text.textFormat() is Qt.TextFormat.PlainText
    assert dialog.text.text() == explanation("no-engagement")
    dialog.all_button.click()
    every = next(w for w in QApplication.topLevelWidgets()
                 if isinstance(w, AdviceDialog) and w.isVisible())
    assert "Too much self-promotion" in every.text.toPlainText()
    every.reject()
