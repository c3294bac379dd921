"""The question a calendar asks before changing a repeating event: which occurrences?

"This occurrence" is chosen at first; arrow keys move between the choices, Enter takes
the one chosen and Escape cancels (nothing is changed).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services.edits import Scope

LABELS = {
    Scope.THIS: "&This occurrence",
    Scope.FOLLOWING: "This and &following occurrences",
    Scope.ALL: "&All occurrences",
}


class ScopeDialog(QDialog):
    """Asks which occurrences of a repeating slot an edit, a move or a delete is for."""

    def __init__(self, verb: str, what: str, parent: QWidget | None = None, *,
                 scopes: Sequence[Scope] = tuple(Scope)) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{verb} repeating slot")
        self.setMinimumWidth(360)
        layout = QVBoxLayout(self)
        question = QLabel(f"{what} repeats. {verb} which occurrences?", self)
        question.setWordWrap(True)
        layout.addWidget(question)
        layout.addSpacing(4)
        self.group = QButtonGroup(self)
        self.buttons: dict[Scope, QRadioButton] = {}
        for scope in scopes:
            button = QRadioButton(LABELS[scope], self)
            self.group.addButton(button)
            self.buttons[scope] = button
            layout.addWidget(button)
        first = self.buttons[scopes[0]]
        first.setChecked(True)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, self)
        ok = box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(verb)
        ok.setDefault(True)  # Enter takes the choice even while a radio button has focus
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addSpacing(4)
        layout.addWidget(box)
        question.setBuddy(first)
        first.setFocus()

    def scope(self) -> Scope:
        for scope, button in self.buttons.items():
            if button.isChecked():
                return scope
        return next(iter(self.buttons))


def ask_scope(parent: QWidget, verb: str, what: str,
              scopes: Sequence[Scope] = tuple(Scope)) -> Scope | None:
    """The scope chosen, or None when the user cancelled."""
    dialog = ScopeDialog(verb, what, parent, scopes=scopes)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.scope()


def scoped_text(verb: str, scope: Scope, noun: str, day: str, where: str = "") -> str:
    """The undo text of an edit of a repeating slot: "delete Thursday's reply slot"."""
    to = f" to {where}" if where else ""
    if scope is Scope.THIS:
        return f"{verb} {day}'s {noun}{to}"
    if scope is Scope.FOLLOWING:
        return f"{verb} {noun}{to} from {day} on"
    return f"{verb} {noun}{to} (every repeat)"
