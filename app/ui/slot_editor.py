"""The engagement-slot editor: when, how long, what for, and how it repeats (as an RRULE)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.items import Activity, Slot
from app.domain.platforms import Platform
from app.domain.recurrence import validate_rrule
from app.ui.editor_fields import (
    ErrorLine,
    buddy_label,
    datetime_field,
    platform_combo,
    read_start,
    zone_field,
)

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"

NONE, DAILY, WEEKDAY, WEEKLY, CUSTOM = range(5)


def rule_for(choice: int, days: list[str], custom: str = "") -> str | None:
    """The RRULE body for a repeat choice (None: it does not repeat)."""
    if choice == DAILY:
        return "FREQ=DAILY"
    if choice == WEEKDAY:
        return WEEKDAYS
    if choice == WEEKLY:
        return "FREQ=WEEKLY;BYDAY=" + ",".join(d for d in DAYS if d in days)
    if choice == CUSTOM:
        return custom
    return None


def choice_for(rrule: str | None) -> tuple[int, list[str]]:
    """The repeat choice and days that show an existing rule; CUSTOM when no choice fits."""
    if not rrule:
        return NONE, []
    parts = dict(p.split("=", 1) for p in rrule.upper().split(";") if "=" in p)
    extra = set(parts) - {"FREQ", "BYDAY"}
    if extra:
        return CUSTOM, []
    if parts.get("FREQ") == "DAILY" and "BYDAY" not in parts:
        return DAILY, []
    if parts.get("FREQ") == "WEEKLY" and "BYDAY" in parts:
        days = parts["BYDAY"].split(",")
        if not set(days) <= set(DAYS):
            return CUSTOM, []
        if sorted(days, key=DAYS.index) == list(DAYS[:5]):
            return WEEKDAY, days
        return WEEKLY, days
    return CUSTOM, []


class SlotEditor(QDialog):
    """Edit a new or existing engagement slot; OK stays disabled while a field is invalid."""

    draft_changed = Signal(object)  # Slot | None

    def __init__(self, platforms: Mapping[str, Platform], slot: Slot,
                 parent: QWidget | None = None, *, new: bool = False) -> None:
        super().__init__(parent)
        self.platforms = dict(platforms)
        self.original = slot
        self.setWindowTitle("New engagement slot" if new else "Edit engagement slot")
        self.setMinimumWidth(440)

        self.platform = platform_combo(self.platforms, slot.platform, self)
        self.when = datetime_field(slot.start, self)
        self.zone = zone_field(slot.tz, self)
        self.duration = QSpinBox(self)
        self.duration.setRange(5, 8 * 60)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(" min")
        self.duration.setValue(slot.duration_min)
        self.duration.setAccessibleName("Duration in minutes")
        self.activity = QComboBox(self)
        for activity in Activity:
            self.activity.addItem(activity.value, activity.value)
        self.activity.setCurrentIndex(self.activity.findData(slot.activity.value))
        self.activity.setAccessibleName("Activity")
        self.repeat = QComboBox(self)
        self.repeat.addItems(["Does not repeat", "Every day", "Every weekday (Mon–Fri)",
                              "Weekly on the days ticked"])
        self.repeat.setAccessibleName("Repeat")
        choice, days = choice_for(slot.rrule)
        self.custom_rule = slot.rrule or ""
        if choice == CUSTOM:
            self.repeat.addItem(f"As before: {slot.rrule}")
        self.day_boxes: list[QCheckBox] = []
        day_row = QHBoxLayout()
        for code, name in zip(DAYS, DAY_NAMES, strict=True):
            box = QCheckBox(name, self)
            box.setChecked(code in days)
            box.setAccessibleName(f"Repeat on {name}")
            self.day_boxes.append(box)
            day_row.addWidget(box)
        self.repeat.setCurrentIndex(choice)
        self.notes = QPlainTextEdit(slot.notes, self)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(70)
        self.notes.setAccessibleName("Notes")
        self.error = ErrorLine(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        when_row = QHBoxLayout()
        when_row.addWidget(self.when, 2)
        when_row.addWidget(self.zone, 2)
        form = QFormLayout()
        form.addRow("&Platform", self.platform)
        form.addRow(buddy_label("&When", self.when, self), when_row)
        form.addRow("&Duration", self.duration)
        form.addRow("&Activity", self.activity)
        form.addRow("&Repeat", self.repeat)
        form.addRow("", day_row)
        form.addRow("&Notes", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        for signal in (self.platform.currentIndexChanged, self.when.dateTimeChanged,
                       self.zone.textChanged, self.duration.valueChanged,
                       self.activity.currentIndexChanged, self.repeat.currentIndexChanged,
                       self.notes.textChanged):
            signal.connect(self._changed)
        for box in self.day_boxes:
            box.toggled.connect(self._changed)
        self._changed()

    def draft(self) -> tuple[Slot | None, str, str]:
        pid = self.platform.currentData()
        if pid not in self.platforms:
            return None, "Platform: choose one (this slot's platform no longer exists)", ""
        start, note = read_start(self.when, self.zone.text())
        if start is None:
            return None, note, ""
        choice = self.repeat.currentIndex()
        days = [code for code, box in zip(DAYS, self.day_boxes, strict=True) if box.isChecked()]
        for box in self.day_boxes:
            box.setEnabled(choice == WEEKLY)
        if choice == WEEKLY and not days:
            return None, "Repeat: tick at least one day of the week", note
        rule = rule_for(choice, days, self.custom_rule)
        if rule is not None:
            try:
                rule = validate_rrule(rule)
            except ValueError as exc:
                return None, f"Repeat: {exc}", note
        slot = self.original.with_(
            platform=pid, start=start, duration_min=self.duration.value(),
            activity=Activity(self.activity.currentData()), rrule=rule,
            notes=self.notes.toPlainText(),
        )
        return slot, "", note

    def _changed(self, *_: object) -> None:
        slot, error, note = self.draft()
        if error:
            self.error.show_error(error)
        else:
            self.error.show_note(note)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(slot is not None)
        self.draft_changed.emit(slot)

    def result_slot(self) -> Slot:
        slot, _error, _note = self.draft()
        assert slot is not None
        return slot

    def done(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted and self.draft()[0] is None:
            return
        super().done(result)


def default_slot(platform: str, start: datetime) -> Slot:
    return Slot(platform=platform, start=start, duration_min=20, activity=Activity.REPLY)
