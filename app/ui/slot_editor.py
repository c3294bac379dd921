"""The engagement-slot editor: when, how long, what for, and how it repeats (as an RRULE)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QSpinBox,
    QWidget,
)

from app.domain.items import Activity, Slot
from app.domain.platforms import Platform
from app.domain.recurrence import validate_rrule
from app.ui.editor_fields import choice_combo
from app.ui.item_editor import ItemEditor

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


class SlotEditor(ItemEditor):
    """Edit a new or existing engagement slot; OK stays disabled while a field is invalid."""

    platform_gone = "Platform: choose one (this slot's platform no longer exists)"
    original: Slot

    def __init__(self, platforms: Mapping[str, Platform], slot: Slot,
                 parent: QWidget | None = None, *, new: bool = False) -> None:
        super().__init__(platforms, slot, parent, min_width=440,
                         title="New engagement slot" if new else "Edit engagement slot")
        form = QFormLayout()
        form.addRow("&Platform", self.platform)
        self._when_row(form)
        self.duration = QSpinBox(self)
        self.duration.setRange(5, 8 * 60)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(" min")
        self.duration.setValue(slot.duration_min)
        self.duration.setAccessibleName("Duration in minutes")
        self.activity = choice_combo(slot.activity, "Activity", self)
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

        form.addRow("&Duration", self.duration)
        form.addRow("&Activity", self.activity)
        form.addRow("&Repeat", self.repeat)
        form.addRow("", day_row)
        self._finish(form, 70, (
            self.duration.valueChanged, self.activity.currentIndexChanged,
            self.repeat.currentIndexChanged, *(box.toggled for box in self.day_boxes)))

    def draft(self) -> tuple[Slot | None, str, str]:
        """(the slot as it would be saved or None, the error, a note)."""
        platform, start, note = self._platform_and_start()
        if platform is None or start is None:
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
            platform=platform.id, start=start, duration_min=self.duration.value(),
            activity=Activity(self.activity.currentData()), rrule=rule,
            notes=self.notes.toPlainText(),
        )
        return slot, "", note

    def result_slot(self) -> Slot:
        slot: Slot = self._result()
        return slot


def default_slot(platform: str, start: datetime) -> Slot:
    return Slot(platform=platform, start=start, duration_min=20, activity=Activity.REPLY)
