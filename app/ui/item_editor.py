"""What the post and slot editors share: platform, when and zone, notes, the error line,
OK/Cancel, and validation as you type (OK only while the draft is valid, the reason shown,
the draft sent to the window so it can lint the week before anything is written).

Subclasses create their own fields between `__init__`, `_when_row` and `_finish`, in the
order they appear, so the Tab order stays the order of the form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.items import Post, Slot
from app.domain.platforms import Platform
from app.ui.editor_fields import (
    ErrorLine,
    buddy_label,
    datetime_field,
    platform_combo,
    read_start,
    zone_field,
)


class ItemEditor(QDialog):
    """A dialog editing one item; OK stays disabled while a field is invalid."""

    draft_changed = Signal(object)  # Post | Slot | None

    #: The error when the item's platform was removed since it was saved.
    platform_gone = "Platform: choose one (this item's platform no longer exists)"

    original: Post | Slot

    def __init__(self, platforms: Mapping[str, Platform], item: Post | Slot, parent: QWidget | None,
                 *, title: str, min_width: int) -> None:
        super().__init__(parent)
        self.platforms = dict(platforms)
        self.original = item
        self.start_shown = item.start  # an occurrence of a repeating slot shows its own start
        self.setWindowTitle(title)
        self.setMinimumWidth(min_width)
        self.platform = platform_combo(self.platforms, item.platform, self)

    def _when_row(self, form: QFormLayout) -> None:
        """Create the date-time and zone fields and add them as the form's "When" row."""
        self.when = datetime_field(self.start_shown, self)
        self.zone = zone_field(self.original.tz, self)
        row = QHBoxLayout()
        row.addWidget(self.when, 2)
        row.addWidget(self.zone, 2)
        form.addRow(buddy_label("&When", self.when, self), row)

    def _finish(self, form: QFormLayout, notes_height: int, signals: Iterable[SignalInstance]) -> None:
        """Add notes, the error line and OK/Cancel; validate on every change, and now."""
        self.notes = QPlainTextEdit(self.original.notes, self)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(notes_height)
        self.notes.setAccessibleName("Notes")
        self.error = ErrorLine(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow("&Notes", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for signal in (self.platform.currentIndexChanged, self.when.dateTimeChanged,
                       self.zone.textChanged, *signals, self.notes.textChanged):
            signal.connect(self._changed)
        self._changed()

    def current_platform(self) -> Platform | None:
        return self.platforms.get(self.platform.currentData())

    def _platform_and_start(self) -> tuple[Platform | None, datetime | None, str]:
        """The platform and aware start; when either is None the text is the error, else a note."""
        platform = self.current_platform()
        if platform is None:
            return None, None, self.platform_gone
        start, note = read_start(self.when, self.zone.text())
        return platform, start, note

    def draft(self) -> tuple[Any, str, str]:
        """(the item as it would be saved or None, the error, a note)."""
        raise NotImplementedError

    def _changed(self, *_: object) -> None:
        item, error, note = self.draft()
        if error:
            self.error.show_error(error)
        else:
            self.error.show_note(note)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(item is not None)
        self.draft_changed.emit(None if item is None else self.previewed(item))

    def previewed(self, item: Any) -> Any:
        """The draft as the window should lint it while the user types."""
        return item

    def _result(self) -> Any:
        item, _error, _note = self.draft()
        assert item is not None
        return item

    def done(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted and self.draft()[0] is None:
            return
        super().done(result)
