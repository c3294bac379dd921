"""What the post editor gains for planning faster: evergreen fields and snippets.

Evergreen: a post may run again after a minimum gap in days, at most so many times, until
an end date; the editor shows how often it ran. Snippets: texts kept in the settings
(`snippets`, a JSON list of {"name", "text", "platform"}; platform null for every one),
inserted where the cursor is, such as a signature or a call to action per platform.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.ideas import Evergreen
from app.storage import backlog
from app.storage.repository import Repository
from app.ui.editor_fields import py_date

SNIPPETS_KEY = "snippets"


def snippets(repo: Repository) -> list[dict[str, Any]]:
    """The stored snippets; a damaged entry is left out."""
    raw = repo.setting(SNIPPETS_KEY, [])
    out = []
    for entry in raw if isinstance(raw, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("text"), str) and entry["text"]:
            platform = entry.get("platform")
            out.append({"name": str(entry.get("name") or entry["text"][:30]), "text": entry["text"],
                        "platform": platform if isinstance(platform, str) else None})
    return out


class EvergreenFields(QWidget):
    """A tick "Evergreen", then the gap in days, the most runs and an end date."""

    changed = Signal()

    def __init__(self, mark: Evergreen | None, runs: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.initial = mark
        self.on = QCheckBox("E&vergreen: may run again", self)
        self.on.setToolTip("Fill the week places a copy of it again once the gap has passed")
        self.gap = QSpinBox(self)
        self.gap.setRange(1, 3650)
        self.gap.setSuffix(" days apart at least")
        self.gap.setAccessibleName("Days between runs")
        self.most = QSpinBox(self)
        self.most.setRange(0, 999)
        self.most.setSpecialValueText("runs: no limit")
        self.most.setPrefix("at most ")
        self.most.setSuffix(" runs")
        self.most.setAccessibleName("Most runs")
        self.until_on = QCheckBox("until", self)
        self.until = QDateEdit(self)
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.until.setAccessibleName("Last day it may run")
        chosen = mark or Evergreen()
        self.on.setChecked(mark is not None)
        self.gap.setValue(chosen.gap_days)
        self.most.setValue(chosen.max_runs or 0)
        self.until_on.setChecked(chosen.until is not None)
        today = date.today()
        shown = chosen.until or date(today.year + 1, today.month, min(today.day, 28))
        self.until.setDate(QDate(shown.year, shown.month, shown.day))
        self.record = QLabel(f"Ran again {runs} time{'' if runs == 1 else 's'}." if runs else "", self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.gap, self.most, self.until_on, self.until):
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        top = QHBoxLayout()
        top.addWidget(self.on)
        top.addWidget(self.record, 1)
        layout.addLayout(top)
        layout.addLayout(row)
        for signal in (self.on.toggled, self.gap.valueChanged, self.most.valueChanged,
                       self.until_on.toggled, self.until.dateChanged):
            signal.connect(self._update)
        self._update()

    def _update(self, *_: object) -> None:
        for widget in (self.gap, self.most, self.until_on):
            widget.setEnabled(self.on.isChecked())
        self.until.setEnabled(self.on.isChecked() and self.until_on.isChecked())
        self.changed.emit()

    def mark(self) -> Evergreen | None:
        if not self.on.isChecked():
            return None
        until = py_date(self.until.date()) if self.until_on.isChecked() else None
        return Evergreen(self.gap.value(), self.most.value() or None, until)

    @property
    def edited(self) -> bool:
        return self.mark() != self.initial


class Snippets(QObject):
    """The editor's "Snippets" button: insert one where the cursor is, or keep a selection."""

    def __init__(self, editor: Any, repo: Repository) -> None:
        super().__init__(editor)
        self.editor = editor
        self.repo = repo
        self.last_edit: QPlainTextEdit | None = getattr(editor, "text", None)
        self.button = QToolButton(editor)
        self.button.setText("Sni&ppets")
        self.button.setToolTip("Insert a saved text (a signature, a call to action) where the cursor "
                               "is, or keep the selected text as one")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.menu.aboutToShow.connect(self.fill_menu)
        self.button.setMenu(self.menu)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus)

    def _focus(self, _old: object, new: object) -> None:
        if isinstance(new, QPlainTextEdit) and new.window() is self.editor:
            self.last_edit = new

    def platform(self) -> str:
        platform = self.editor.current_platform()
        return platform.id if platform is not None else ""

    def fill_menu(self) -> None:
        self.menu.clear()
        pid = self.platform()
        mine = [s for s in snippets(self.repo) if s["platform"] in (None, pid)]
        mine.sort(key=lambda s: s["platform"] is None)  # this platform's first
        for snippet in mine:
            where = "" if snippet["platform"] is None else f" ({pid})"
            action = self.menu.addAction(f"{snippet['name']}{where}")
            action.setToolTip(snippet["text"])
            action.triggered.connect(lambda _=False, text=snippet["text"]: self.insert(text))
        if not mine:
            self.menu.addAction("No snippets yet: select a text and keep it").setEnabled(False)
        self.menu.addSeparator()
        selected = self.last_edit.textCursor().selectedText() if self.last_edit else ""
        for label, platform in ((f"Keep the selection as a snippet for {pid}...", pid),
                                ("Keep the selection as a snippet for every platform...", None)):
            action = self.menu.addAction(label)
            action.setEnabled(bool(selected.strip()))
            action.triggered.connect(lambda _=False, p=platform: self.keep(p))

    def insert(self, text: str) -> None:
        target = self.last_edit or getattr(self.editor, "text", None)
        if target is None:
            return
        cursor = target.textCursor()
        before = target.toPlainText()[:cursor.position()]
        if before and not before.endswith((" ", "\n")):
            text = " " + text
        cursor.insertText(text)
        target.setFocus()

    def keep(self, platform: str | None, name: str | None = None) -> None:
        if self.last_edit is None:
            return
        text = self.last_edit.textCursor().selectedText().replace("\u2029", "\n").strip()
        if not text:
            return
        if name is None:
            name, ok = QInputDialog.getText(self.editor, "Keep a snippet", "Name of the snippet:",
                                            text=text[:30])
            if not ok:
                return
        stored = [*snippets(self.repo), {"name": name.strip() or text[:30], "text": text,
                                         "platform": platform}]
        self.repo.set_setting(SNIPPETS_KEY, stored)


def attach(editor: Any, repo: Repository, post_id: int | None) -> None:
    """Add the evergreen row and the snippets button to a post editor."""
    mark = None
    runs = 0
    if post_id is not None and backlog.available(repo):
        mark = backlog.evergreen(repo, [post_id]).get(post_id)
        runs = len(backlog.runs(repo).get(post_id, []))
    editor.evergreen = EvergreenFields(mark, runs, editor)
    editor.form.addRow("Evergreen", editor.evergreen)
    editor.snippets = Snippets(editor, repo)
    editor.buttons.addButton(editor.snippets.button, editor.buttons.ButtonRole.ActionRole)
