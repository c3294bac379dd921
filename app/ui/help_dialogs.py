"""Help: the keyboard shortcuts (read from the action registry) and the advice in plain words.

Both lists are built from what the program uses, the QActions and the rules' names and
explanations, so a new command or rule shows up here without anyone retyping it.
"""

from __future__ import annotations

from html import escape as _escape

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.rules.explain import RULE_NAMES, SEVERITY_WORDS, explanation, rule_name
from app.rules.findings import Severity
from app.rules.settings import RULE_IDS
from app.ui.actions import MENUS, VIEW_KEYS, Actions
from app.ui.palette import badge_colours


def escape(text: str) -> str:
    return _escape(text, quote=False)  # apostrophes as they are: QLabel shows &#x27; verbatim


# How loudly each rule speaks (SPEC section 3); a test checks it against what the rules report.
RULE_SEVERITY: dict[str, Severity] = {
    "promo-ratio": Severity.WARNING, "link-repeat": Severity.WARNING, "link-burst": Severity.ERROR,
    "post-burst": Severity.WARNING, "no-engagement": Severity.WARNING,
    "engagement-gap": Severity.WARNING, "curation-balance": Severity.INFO,
    "bare-reshare": Severity.INFO, "echo-only": Severity.INFO, "text-limit": Severity.ERROR,
    "daily-cap": Severity.WARNING, "account-mix": Severity.WARNING, "cross-blast": Severity.INFO,
    "goal-shortfall": Severity.WARNING, "hashtag-limit": Severity.ERROR,
    "link-limit": Severity.ERROR, "first-comment": Severity.ERROR, "alt-text": Severity.INFO,
}


def plain(text: str) -> str:
    """A menu text as read in prose: no mnemonic ampersand, no trailing dots."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").removesuffix("...")


def typed(sequence: QKeySequence) -> bool:
    """A sequence typed on an ordinary keyboard, not a Help, media or launch key ("New",
    "Shift+Save") that the platform binds beside Ctrl+N or Ctrl+Shift+S."""
    first: QKeyCombination = sequence[0]  # type: ignore[index]  # the stubs lack QKeySequence.__getitem__
    return first.key() < Qt.Key.Key_Help  # letters, digits, F-keys, arrows, Del...


def shortcut_rows(actions: Actions) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(menu, [(command, keys, what it does)]) for every command with keys, in menu order,
    then the keys the week handles itself."""
    groups: list[tuple[str, list[tuple[str, str, str]]]] = []
    native = QKeySequence.SequenceFormat.NativeText
    for title, ids in MENUS:
        rows = []
        for action_id in ids:
            if action_id is None:
                continue
            action = actions[action_id]
            keys = [s.toString(native) for s in action.shortcuts() if not s.isEmpty() and typed(s)]
            if keys:
                rows.append((plain(action.text()), ", ".join(keys), action.statusTip()))
        if rows:
            groups.append((plain(title), rows))
    groups.append(("In the week", [(what, keys, "") for keys, what in VIEW_KEYS]))
    return groups


class ShortcutsDialog(QDialog):
    """Help > Keyboard shortcuts: each menu's commands with their keys."""

    def __init__(self, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Command", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName("Keyboard shortcuts")
        for title, rows in shortcut_rows(actions):
            group = QTreeWidgetItem(self.tree, [title])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for command, keys, tip in rows:
                item = QTreeWidgetItem(group, [command, keys])
                item.setToolTip(0, tip)
                item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{command}: {keys}")
        self.tree.expandAll()
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        _with_close(self, self.tree, 560, 600)


def _with_close(dialog: QDialog, body: QWidget, width: int, height: int) -> None:
    """Lay `dialog` out as `body` above a Close button, at this size."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(body)
    layout.addWidget(buttons)
    dialog.resize(width, height)


def _severity_html(severity: Severity) -> str:
    fill, _ink = badge_colours(str(severity))
    return (f"<span style='color:{fill.name()}'>\N{BLACK CIRCLE}</span> "
            f"<i>{escape(SEVERITY_WORDS[severity])}</i>")


def advice_html() -> str:
    """Every rule: its name, how loudly it speaks and why it is advice; errors first."""
    parts = [
        "<p>Presence reads the week you plan the way a follower would meet it, and says "
        "where it turns into a megaphone. <b>Errors</b> are things a platform refuses or "
        "followers drop you for; <b>warnings</b> are habits worth changing; <b>notes</b> "
        "are hints. Each problem is listed once, with the findings it covers inside it. "
        "Right-click one to see why, to apply its quick fix, or to set it aside until its "
        "posts or slots change. Thresholds and which rules are used are in File &gt; "
        "Settings.</p>"]
    order = sorted(RULE_IDS, key=lambda r: (RULE_SEVERITY[r].rank, RULE_IDS.index(r)))
    for rule in order:
        parts.append(f"<h3><a name='{rule}'></a>{escape(rule_name(rule))}</h3>"
                     f"<p>{_severity_html(RULE_SEVERITY[rule])}</p>"
                     f"<p>{escape(explanation(rule))}</p>")
    return "".join(parts)


class AdviceDialog(QDialog):
    """Help > About the advice: every rule in plain words."""

    def __init__(self, parent: QWidget | None = None, rule: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About the advice")
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(False)
        self.text.setAccessibleName("About the advice")
        self.text.setHtml(advice_html())
        _with_close(self, self.text, 640, 620)
        if rule is not None:
            self.text.scrollToAnchor(rule)


class WhyDialog(QDialog):
    """"Why?" on a finding: its rule's name and reasoning, with the way to every rule."""

    def __init__(self, rule: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rule = rule
        self.setWindowTitle(f"Why: {rule_name(rule)}")
        title = QLabel(f"<h3>{escape(rule_name(rule))}</h3>", self)
        severity = QLabel(_severity_html(RULE_SEVERITY.get(rule, Severity.INFO)), self)
        known = rule in RULE_NAMES
        self.text = QLabel(explanation(rule) if known else "", self)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setMinimumWidth(420)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.all_button = QPushButton("All the advice...", self)
        buttons.addButton(self.all_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.all_button.clicked.connect(self._all)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(severity)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def _all(self) -> None:
        parent = self.parentWidget()
        self.accept()
        dialog = AdviceDialog(parent, self.rule)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
